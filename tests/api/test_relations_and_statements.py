"""Relations between parties and statements are served like every other record: public
reads that hide what links to a hidden record, and writes under the same rules."""

import pytest

from core.records import PublicationState, Visibility
from people.factories import OrganizationFactory, PartyRelationFactory
from people.models import PartyRelation, RelationKind
from sources.factories import QUOTE, CitationFactory, SourceFactory, StatementFactory
from sources.models import Statement
from ventures.factories import PlaceFactory

RELATIONS = "/api/v1/party-relations/"
STATEMENTS = "/api/v1/statements/"


def listed(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_relation_to_a_restricted_party_is_hidden_from_the_public(anonymous, editor):
    shown = PartyRelationFactory()
    hidden = PartyRelationFactory(related=OrganizationFactory(visibility=Visibility.RESTRICTED))
    assert listed(anonymous, RELATIONS) == {shown.pk}
    assert anonymous.get(f"{RELATIONS}{hidden.pk}/").status_code == 404
    assert listed(editor, RELATIONS) == {shown.pk, hidden.pk}


def test_an_unnamed_end_keeps_a_relation_public(anonymous):
    relation = PartyRelationFactory(related=None, related_description="a government")
    body = anonymous.get(f"{RELATIONS}{relation.pk}/").json()
    assert body["related"] is None
    assert body["related_description"] == "a government"


def test_a_relation_carries_its_citations_and_a_citation_names_it(anonymous):
    relation = PartyRelationFactory()
    citation = CitationFactory(relation=relation)
    body = anonymous.get(f"{RELATIONS}{relation.pk}/").json()
    assert [c["id"] for c in body["citations"]] == [citation.pk]
    backs = anonymous.get(f"/api/v1/citations/{citation.pk}/").json()["backs"]
    assert backs["type"] == "party-relation"
    assert backs["url"] == body["url"]


def test_relations_are_found_by_either_end(anonymous):
    group = OrganizationFactory(slug="hyundai-group")
    runs = PartyRelationFactory(related=group)
    owned = PartyRelationFactory(party=group, kind=RelationKind.PARENT)
    PartyRelationFactory()
    assert listed(anonymous, f"{RELATIONS}?party=hyundai-group") == {runs.pk, owned.pk}
    assert listed(anonymous, f"{RELATIONS}?party=hyundai-group&kind=parent") == {owned.pk}


def test_a_statement_is_hidden_with_its_source_or_the_party_it_is_about(anonymous, editor):
    shown = StatementFactory()
    from_hidden_source = StatementFactory(source=SourceFactory(visibility=Visibility.RESTRICTED))
    about_hidden = StatementFactory(about=OrganizationFactory(visibility=Visibility.RESTRICTED))
    assert listed(anonymous, STATEMENTS) == {shown.pk}
    assert listed(editor, STATEMENTS) == {shown.pk, from_hidden_source.pk, about_hidden.pk}


def test_a_statement_shows_a_hidden_place_as_none(anonymous):
    statement = StatementFactory(place=PlaceFactory(visibility=Visibility.RESTRICTED))
    assert anonymous.get(f"{STATEMENTS}{statement.pk}/").json()["place"] is None


def test_an_archivist_adds_a_draft_relation_and_an_editor_publishes_it(archivist, editor):
    body = {
        "party": OrganizationFactory().pk,
        "kind": "operator",
        "related": OrganizationFactory().pk,
        "as_stated": "run by conglomerate Hyundai Group",
    }
    created = archivist.post(RELATIONS, body, format="json")
    assert created.status_code == 201, created.content
    relation = PartyRelation.objects.get(pk=created.json()["id"])
    assert relation.publication_state == PublicationState.DRAFT
    url = f"{RELATIONS}{relation.pk}/"
    refused = archivist.patch(url, {"publication_state": "published"}, format="json")
    assert refused.status_code == 403
    assert editor.patch(url, {"publication_state": "published"}, format="json").status_code == 200


def test_a_relation_between_a_party_and_itself_is_a_400(editor):
    organisation = OrganizationFactory()
    body = {
        "party": organisation.pk,
        "kind": "parent",
        "related": organisation.pk,
        "as_stated": "its own parent",
    }
    response = editor.post(RELATIONS, body, format="json")
    assert response.status_code == 400
    assert "A relation links two different parties." in str(response.json()["errors"])
    assert not PartyRelation.objects.exists()


def test_a_stale_if_match_on_a_statement_is_a_412_and_changes_nothing(editor):
    statement = StatementFactory()
    url = f"{STATEMENTS}{statement.pk}/"
    etag = editor.get(url).headers["ETag"]
    assert editor.patch(url, {"summary": "First edit."}, format="json").status_code == 200
    stale = editor.patch(url, {"summary": "Second edit."}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    statement.refresh_from_db()
    assert statement.summary == "First edit."


@pytest.mark.parametrize(("quote", "status"), [(QUOTE, 201), ("Words the article lacks.", 400)])
def test_a_statements_quote_must_occur_in_its_source(editor, quote, status):
    body = {
        "source": SourceFactory().pk,
        "quote": quote,
        "kind": "statistic",
        "summary": "Three entrepreneurs each received 20,000 to 30,000 yuan.",
    }
    response = editor.post(STATEMENTS, body, format="json")
    assert response.status_code == status, response.content
    assert Statement.objects.exists() == (status == 201)
    if status == 400:
        assert "quote" in response.json()["errors"]
