"""How is X connected to Y: shortest chains of public flows, roles and relations between
parties, each step quoted."""

import re
from html import unescape

from django.contrib.auth.models import User

from core.records import PUBLIC, Visibility
from people.factories import PersonFactory, RoleFactory
from people.models import Party
from tests.site.helpers import page
from ventures.connections import connections


def party(slug: str) -> Party:
    return Party.objects.get(slug=slug)


def test_two_people_in_one_venture_are_connected_through_it(client, archive):
    chains = connections(party("ahn-myeong-hee"), party("ahn-myeong-hee-sister"), PUBLIC)
    assert len(chains) == 1
    steps = chains[0].steps
    assert [(step.start.slug, step.end.slug) for step in steps] == [
        ("ahn-myeong-hee", "ryu-ae"),
        ("ryu-ae", "ahn-myeong-hee-sister"),
    ]
    assert all(step.role is not None for step in steps)
    assert all(step.record.citations.all() for step in steps)


def test_a_flow_and_a_role_chain_in_either_direction(client, archive):
    # Kim Jong Un → Chongryon (a grant), and Kim Jong Un leads the government that
    # funds Chongryon: the direct flow is the one shortest chain.
    chains = connections(party("chongryon"), party("kim-jong-un"), PUBLIC)
    assert [len(chain.steps) for chain in chains] == [1]
    step = chains[0].steps[0]
    assert step.flow is not None and not step.forward  # Chongryon received it


def test_a_relation_between_parties_is_a_step_of_a_chain(client, archive):
    # Ian Bennetts works at Choson Exchange, which runs its programmes (a relation).
    chains = connections(party("ian-bennetts"), party("choson-exchange-programmes"), PUBLIC)
    assert [len(chain.steps) for chain in chains] == [2]
    role, runs = chains[0].steps
    assert role.role is not None and role.forward
    assert (runs.start.slug, runs.end.slug) == ("choson-exchange", "choson-exchange-programmes")
    assert runs.relation is not None and runs.forward and runs.relation.kind == "operator"
    content = unescape(page(client, "/network/?connect=ian-bennetts&to=choson-exchange-programmes"))
    section = content[content.index('id="connect"') : content.index("</section>")]
    assert "operator of" in section and "“The firm runs education programs”" in section
    # A relation to a party the article does not name links nothing.
    assert not connections(
        party("pyongyang-university-of-science-and-technology"),
        party("kaeseong-industrial-district-foundation"),
        PUBLIC,
    )


def test_the_page_answers_with_each_step_and_its_quote(client, archive):
    content = unescape(page(client, "/network/?connect=Ahn+Myeong-hee&to=ahn-myeong-hee-sister"))
    section = content[content.index('id="connect"') : content.index("</section>")]
    assert "1 shortest chain of 2 links" in re.sub(r"<[^>]+>", "", section)
    assert "she launched fashion startup Ryu Ae with her sister" in section
    assert section.count("<blockquote") >= 2


def test_unconnected_parties_are_told_so(client, archive):
    content = unescape(page(client, "/network/?connect=hwang-jin-sol&to=kim-jong-un"))
    assert "No chain of funding flows, roles and relations links" in content


def test_a_name_no_party_has_is_a_form_error_not_a_500(client, archive):
    response = client.get("/network/?connect=Nobody+Atall&to=chongryon")
    assert response.status_code == 400
    assert "No party in the archive is called “Nobody Atall”." in response.content.decode()


def test_an_ambiguous_name_lists_the_parties_it_could_be(client, archive):
    response = client.get("/network/?connect=Kim&to=chongryon")
    assert response.status_code == 400
    content = response.content.decode()
    assert "could be several parties" in content and "Kim Jong Un" in content


def test_a_hidden_person_links_nothing(client, archive):
    hidden = PersonFactory(name="Zedhidden Broker", visibility=Visibility.RESTRICTED)
    RoleFactory(person=hidden, organization=party("the-bridge"))
    RoleFactory(person=hidden, organization=party("chongryon"))
    assert connections(party("the-bridge"), party("chongryon"), PUBLIC) == []
    content = page(client, "/network/?connect=the-bridge&to=chongryon")
    assert "Zedhidden" not in content
    response = client.get("/network/?connect=zedhidden-broker&to=chongryon")
    assert response.status_code == 400
    # Someone who may see restricted records sees the link: the user decides, not the code.
    editor = User.objects.create_superuser("editor", password="a long enough password")
    chains = connections(party("the-bridge"), party("chongryon"), editor)
    assert [[step.end.pk for step in chain.steps] for chain in chains] == [
        [hidden.pk, party("chongryon").pk]
    ]


def test_a_public_person_in_both_links_them(client, archive):
    broker = PersonFactory(name="Public Broker")
    RoleFactory(person=broker, organization=party("the-bridge"))
    RoleFactory(person=broker, organization=party("chongryon"))
    chains = connections(party("the-bridge"), party("chongryon"), PUBLIC)
    assert [[step.end.pk for step in chain.steps] for chain in chains] == [
        [broker.pk, party("chongryon").pk]
    ]
