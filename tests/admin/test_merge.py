"""Merging two records of one party: everything moves, history records it, all or nothing."""

import pytest

from people.factories import OrganizationFactory, PartyAliasFactory, PersonFactory, RoleFactory
from people.models import AliasKind, Organization, Party, PartyAlias, Person, Role, RoleKind
from people.services import MergeError, merge_parties
from sources.factories import CitationFactory, SourceFactory
from sources.models import Citation
from tests.admin.pages import admin_url, messages_of
from ventures.factories import FundingFlowFactory, VentureFactory


def test_merging_two_people_moves_everything_to_the_survivor(editor):
    survivor = PersonFactory(name="Ji Seong-ho", description="")
    duplicate = PersonFactory(name="Ji Seong Ho", description="Heads NAUH.", native_name="지성호")
    PartyAliasFactory(party=duplicate, name="Seong-ho Ji")
    organisation = OrganizationFactory()
    role = RoleFactory(person=duplicate, organization=organisation, kind=RoleKind.HEAD)
    flow_out = FundingFlowFactory(funder=duplicate)
    flow_in = FundingFlowFactory(recipient=duplicate)
    citation = CitationFactory(party=duplicate)
    article = SourceFactory(authors=[duplicate])

    duplicate_pk = duplicate.pk

    merge_parties(survivor, duplicate, editor, alias_kind=AliasKind.ROMANISATION)

    assert not Party.objects.filter(pk=duplicate_pk).exists()
    survivor.refresh_from_db()
    assert survivor.description == "Heads NAUH."
    assert survivor.native_name == "지성호"
    assert set(survivor.aliases.values_list("name", "kind")) == {
        ("Seong-ho Ji", AliasKind.ALIAS),
        ("Ji Seong Ho", AliasKind.ROMANISATION),
    }
    role.refresh_from_db()
    flow_out.refresh_from_db()
    flow_in.refresh_from_db()
    citation.refresh_from_db()
    assert role.person_id == survivor.pk
    assert flow_out.funder_id == survivor.pk
    assert flow_in.recipient_id == survivor.pk
    assert citation.party_id == survivor.pk
    assert list(article.authors.all()) == [survivor]


def test_merge_leaves_history_naming_both_records_and_the_user(editor):
    survivor = PersonFactory(name="Ji Seong-ho")
    duplicate = PersonFactory(name="Ji Seong Ho")
    duplicate_pk = duplicate.pk
    flow = FundingFlowFactory(funder=duplicate)
    article = SourceFactory(authors=[duplicate])

    merge_parties(survivor, duplicate, editor)

    reason = f"Merged “Ji Seong Ho” (#{duplicate_pk}) into “Ji Seong-ho” (#{survivor.pk})"
    for history in (
        flow.history.latest(),
        survivor.history.latest(),
        article.history.latest(),
        Person.history.filter(party_ptr_id=duplicate_pk).latest(),
        PartyAlias.history.latest(),
    ):
        assert (history.history_user, history.history_change_reason) == (editor, reason)
    assert Person.history.filter(party_ptr_id=duplicate_pk).latest().history_type == "-"
    assert flow.history.latest().prev_record.funder_id == duplicate_pk


def test_what_the_survivor_already_has_is_not_duplicated(editor):
    survivor = PersonFactory(name="Ji Seong-ho")
    duplicate = PersonFactory(name="Ji Seong Ho")
    PartyAliasFactory(party=survivor, name="NAUH head")
    PartyAliasFactory(party=duplicate, name="NAUH head")
    organisation = OrganizationFactory()
    kept = RoleFactory(person=survivor, organization=organisation, kind=RoleKind.HEAD)
    twin = RoleFactory(person=duplicate, organization=organisation, kind=RoleKind.HEAD)
    source = SourceFactory()
    CitationFactory(role=twin, source=source)
    CitationFactory(party=survivor, source=source)
    CitationFactory(party=duplicate, source=source)

    merge_parties(survivor, duplicate, editor)

    assert sorted(survivor.aliases.values_list("name", flat=True)) == ["Ji Seong Ho", "NAUH head"]
    assert list(Role.objects.all()) == [kept]
    assert kept.citations.count() == 1
    assert survivor.citations.count() == 1


def test_merging_organisations_moves_children_operated_ventures_published_sources_and_members(
    editor,
):
    survivor = OrganizationFactory(name="Chongryon", parent=None)
    duplicate = OrganizationFactory(name="General Association of Korean Residents in Japan")
    child = OrganizationFactory(parent=duplicate)
    venture = VentureFactory(operated_by=duplicate)
    article = SourceFactory(publisher=duplicate)
    member = RoleFactory(organization=duplicate)

    merge_parties(survivor, duplicate, editor)

    for obj in (child, venture, article, member):
        obj.refresh_from_db()
    assert child.parent_id == survivor.pk
    assert venture.operated_by_id == survivor.pk
    assert article.publisher_id == survivor.pk
    assert member.organization_id == survivor.pk


def test_a_flow_between_the_two_records_stops_the_merge_and_nothing_changes(editor):
    survivor = PersonFactory()
    duplicate = PersonFactory()
    FundingFlowFactory(funder=survivor, recipient=duplicate)
    PartyAliasFactory(party=duplicate, name="Moved first?")

    with pytest.raises(MergeError, match="would fund itself"):
        merge_parties(survivor, duplicate, editor)

    assert Party.objects.filter(pk=duplicate.pk).exists()
    assert duplicate.aliases.get().name == "Moved first?"


def test_a_person_and_an_organisation_cannot_be_merged(editor):
    with pytest.raises(MergeError):
        merge_parties(PersonFactory(), OrganizationFactory(), editor)


def test_merge_action_asks_which_record_survives_then_merges(editor_client):
    older = PersonFactory(name="Ji Seong-ho")
    newer = PersonFactory(name="Ji Seong Ho")
    CitationFactory(party=older)
    url = admin_url(Person, "changelist")
    selected = {"action": "merge", "_selected_action": [older.pk, newer.pk]}

    page = editor_client.post(url, selected)

    assert page.status_code == 200
    assert page.context["form"]["survivor"].initial == older.pk
    assert [record.citation_count for record in page.context["records"]] == [1, 0]

    response = editor_client.post(
        url, {**selected, "survivor": newer.pk, "alias_kind": AliasKind.ROMANISATION}, follow=True
    )

    assert response.redirect_chain[-1][0] == admin_url(Person, "change", newer.pk)
    assert "Merged “Ji Seong-ho” into “Ji Seong Ho”." in messages_of(response)
    assert list(Person.objects.all()) == [newer]
    assert Citation.objects.get().party_id == newer.pk


def test_merge_action_needs_exactly_two_records(editor_client):
    people = [PersonFactory() for _ in range(3)]
    response = editor_client.post(
        admin_url(Person, "changelist"),
        {"action": "merge", "_selected_action": [p.pk for p in people]},
        follow=True,
    )
    assert "Select exactly two records to merge." in messages_of(response)
    assert Person.objects.count() == 3


def test_archivist_cannot_merge(archivist_client):
    first, second = OrganizationFactory(), OrganizationFactory()
    response = archivist_client.post(
        admin_url(Organization, "changelist"),
        {"action": "merge", "_selected_action": [first.pk, second.pk], "survivor": first.pk},
        follow=True,
    )
    assert "No action selected." in messages_of(response)
    assert Organization.objects.count() == 2
