"""/network/: parties linked by public flows, roles and relations, drawn as SVG with every
node a link."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Party, PartyRelation, Role
from tests.plans import plan_of
from tests.site.helpers import page
from ventures.models import FundingFlow
from ventures.network import MAX_LINKS, build_network, layout


def test_every_public_party_to_party_flow_role_and_relation_is_a_link(client, archive):
    network = client.get("/network/").context["network"]
    named = FundingFlow.objects.filter(funder__isnull=False, recipient__isnull=False)
    assert {flow.pk for flow in network.flows} == set(named.values_list("pk", flat=True))
    assert {role.pk for role in network.roles} == set(Role.objects.values_list("pk", flat=True))
    # A relation to a party the article does not name ("the two Koreas") has no node.
    related = PartyRelation.objects.filter(related__isnull=False)
    assert PartyRelation.objects.filter(related__isnull=True).exists()
    assert {relation.pk for relation in network.relations} == set(
        related.values_list("pk", flat=True)
    )
    ends = {flow.funder_id for flow in named} | {flow.recipient_id for flow in named}
    ends |= {role.person_id for role in Role.objects.all()}
    ends |= {role.organization_id for role in Role.objects.all()}
    ends |= {relation.party_id for relation in related} | {r.related_id for r in related}
    assert {node.pk for node in network.nodes} == ends


def test_each_node_is_a_link_to_its_page(client, archive):
    content = page(client, "/network/")
    for slug, url in [
        ("chongryon", "/organisations/chongryon/"),
        ("ji-seong-ho", "/people/ji-seong-ho/"),
        ("ryu-ae", "/ventures/ryu-ae/"),
    ]:
        party = Party.objects.get(slug=slug)
        assert re.search(rf'<a class="node node--{party.kind}[^"]*" href="{url}"', content), slug


def test_flows_are_arrows_and_roles_dashed_lines(client, archive):
    content = page(client, "/network/")
    assert 'class="link link--flow"' in content and 'marker-end="url(#arrow)"' in content
    assert 'class="link link--role"' in content


def test_a_relation_runs_from_the_related_party_to_the_party_and_is_listed(client, archive):
    content = page(client, "/network/")
    hyundai = Party.objects.get(slug="hyundai-group")
    asan = Party.objects.get(slug="asan-nanum-foundation")
    assert re.search(
        rf'<line class="link link--relation" data-source="{hyundai.pk}" '
        rf'data-target="{asan.pk}"[^>]*><title>Hyundai Group — {asan.name}: operator</title>',
        content,
    )
    assert (
        f'<a href="{hyundai.get_absolute_url()}">Hyundai Group</a>, operator of '
        f'<a href="{asan.get_absolute_url()}">{asan.name}</a>: “run by conglomerate Hyundai '
        "Group”"
    ) in content


def test_without_javascript_the_links_are_also_a_list(client, archive):
    content = page(client, "/network/")
    assert "The links as a list" in content
    assert (
        '<a href="/organisations/government-of-north-korea/">Government of North Korea</a> → '
        '<a href="/organisations/chongryon/">Chongryon</a>'
    ) in content


def test_a_party_s_neighbourhood(client, archive):
    network = client.get("/network/?party=chongryon").context["network"]
    names = {node.party.name for node in network.nodes}
    assert names == {"Chongryon", "Government of North Korea", "Kim Jong Un"}


def test_links_can_be_limited_to_flows_roles_or_relations(client, archive):
    roles = client.get("/network/?links=roles").context["network"]
    assert roles.flows == [] == roles.relations and roles.roles
    flows = client.get("/network/?links=flows").context["network"]
    assert flows.roles == [] == flows.relations and flows.flows
    relations = client.get("/network/?links=relations").context["network"]
    assert relations.flows == [] == relations.roles and relations.relations
    assert {link.kind for link in relations.links} == {"relation"}
    assert client.get("/network/?links=everything").status_code == 400


def test_a_party_s_neighbourhood_holds_its_relations_both_ways(client, archive):
    network = client.get("/network/?party=hyundai-group").context["network"]
    assert {relation.party.slug for relation in network.relations} == {"asan-nanum-foundation"}
    network = client.get("/network/?party=asan-nanum-foundation").context["network"]
    assert {relation.related.slug for relation in network.relations} == {"hyundai-group"}


def test_the_picture_is_capped_and_says_so(archive, monkeypatch):
    monkeypatch.setattr("ventures.network.MAX_LINKS", 5)
    network = build_network()
    assert network.truncated
    assert len(network.flows) + len(network.roles) == 5
    assert MAX_LINKS >= 100


def test_the_layout_is_deterministic_and_inside_the_drawing(archive):
    first, second = build_network(), build_network()
    assert [(n.x, n.y) for n in first.nodes] == [(n.x, n.y) for n in second.nodes]
    for node in first.nodes:
        assert 0 < node.x < first.width and 0 < node.y < first.height


def test_the_layout_keeps_linked_nodes_closer_than_unlinked_ones():
    positions, _, _ = layout([(0, 1), (1, 2), (3, 4)], [(7.0, 10)] * 5)
    (ax, ay, _), (bx, by, _) = positions[:2]
    linked = ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
    assert linked < 200
    assert all(x >= 0 and y >= 0 for x, y, _ in positions)


def test_the_largest_flows_are_read_from_their_own_index_on_postgresql(archive, postgres):
    # The first MAX_LINKS public flows with both ends named, by USD estimate: at a
    # million flows, sorting every public flow for them took 3.9 s (ventures/0020).
    with CaptureQueriesContext(connection) as captured:
        build_network()
    table = FundingFlow._meta.db_table
    (flows,) = [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"]]
    plan = plan_of(flows)
    assert "ventures_public_flow_network" in plan, plan
    assert "Sort" not in plan, plan
