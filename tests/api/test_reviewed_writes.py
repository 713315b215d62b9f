"""An Archivist's API write to a published record waits for an Editor (``core.review_api``).

202 with the pending revision and its ``Location``; the record as the public reads it,
its ETag and the changes feed stay as they were until an Editor approves; an Editor's
write applies at once; bad input is still a 400 and a stale If-Match a 412.
"""

from decimal import Decimal

import pytest

from core.review import Revision, RevisionRefused, RevisionState, approve, reject
from people.factories import PartyAliasFactory, PersonFactory
from sources.factories import QUOTE, CitationFactory, SourceFactory
from tests.api.conftest import staff_member
from tests.api.mirror import actions, read_feed
from ventures.factories import ExchangeRateFactory, FundingFlowFactory, GoodsItemFactory


@pytest.fixture
def editor_user(review_groups):
    return staff_member("edie", review_groups["Editor"])


def published_flow():
    ExchangeRateFactory(currency="USD", year=2015, units_per_usd=1)
    return FundingFlowFactory(
        amount_qualifier="range",
        amount_low=300,
        amount_high=500,
        currency="USD",
        start_year=2015,
    )


def url_of(flow) -> str:
    return f"/api/v1/funding-flows/{flow.pk}/"


def test_an_archivists_patch_waits_and_the_public_keeps_the_published_record(archivist, anonymous):
    flow = published_flow()
    before = anonymous.get(url_of(flow))
    cursor = read_feed(anonymous)[1]

    response = archivist.patch(
        url_of(flow),
        {"amount_high": "5000"},
        format="json",
        headers={"Change-Reason": "Misread%20500"},
    )

    assert response.status_code == 202, response.content
    body = response.json()["revision"]
    revision = Revision.objects.get()
    assert body["id"] == revision.pk and body["state"] == "pending"
    assert (
        response["Location"] == body["url"] == f"http://testserver/api/v1/revisions/{revision.pk}/"
    )
    assert body["review_url"].endswith(f"/admin/core/revision/{revision.pk}/change/")
    assert body["changes"] == {"amount_high": "5000.00"} and body["reason"] == "Misread 500"
    assert body["summary"] == ["Amount high: 500.00 → 5000.00"]
    after = anonymous.get(url_of(flow))
    assert after.json()["amount_high"] == before.json()["amount_high"]
    assert after["ETag"] == before["ETag"]
    assert read_feed(anonymous, cursor)[0] == []
    flow.refresh_from_db()
    assert flow.amount_high == 500


def test_approval_applies_it_changes_the_etag_and_writes_the_feed(
    archivist, anonymous, editor_user
):
    flow = published_flow()
    archivist.patch(url_of(flow), {"amount_high": "5000"}, format="json")
    before = anonymous.get(url_of(flow))
    cursor = read_feed(anonymous)[1]

    approve(Revision.objects.get(), editor_user)

    after = anonymous.get(url_of(flow))
    assert Decimal(after.json()["amount_high"]) == 5000
    assert after["ETag"] != before["ETag"]
    assert ("funding-flow", flow.pk, "upsert") in actions(read_feed(anonymous, cursor)[0])


def test_a_rejected_write_changes_nothing(archivist, anonymous, editor_user):
    flow = published_flow()
    archivist.patch(url_of(flow), {"amount_high": "5000"}, format="json")
    cursor = read_feed(anonymous)[1]

    reject(Revision.objects.get(), editor_user, "The article says US$500.")

    flow.refresh_from_db()
    assert flow.amount_high == 500
    assert read_feed(anonymous, cursor)[0] == []


def test_an_editors_write_applies_at_once(editor, anonymous):
    flow = published_flow()

    response = editor.patch(url_of(flow), {"amount_high": "5000"}, format="json")

    assert response.status_code == 200
    assert Decimal(anonymous.get(url_of(flow)).json()["amount_high"]) == 5000
    assert not Revision.objects.exists()


def test_anonymous_writes_are_refused(anonymous):
    flow = published_flow()

    response = anonymous.patch(url_of(flow), {"amount_high": "5000"}, format="json")

    assert response.status_code == 401
    assert not Revision.objects.exists()


def test_bad_input_is_still_a_400_naming_the_field(archivist):
    flow = published_flow()

    response = archivist.patch(url_of(flow), {"amount_high": "100"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]
    assert not Revision.objects.exists()


def test_a_stale_if_match_is_still_a_412(archivist, editor):
    flow = published_flow()
    etag = archivist.get(url_of(flow))["ETag"]
    editor.patch(url_of(flow), {"purpose": "School fees"}, format="json")

    response = archivist.patch(
        url_of(flow), {"amount_high": "5000"}, format="json", headers={"If-Match": etag}
    )

    assert response.status_code == 412
    assert not Revision.objects.exists()


def test_approval_is_refused_when_the_record_changed_since(archivist, editor, editor_user):
    flow = published_flow()
    archivist.patch(url_of(flow), {"amount_high": "5000"}, format="json")
    editor.patch(url_of(flow), {"purpose": "School fees"}, format="json")
    revision = Revision.objects.get()

    with pytest.raises(RevisionRefused, match="changed since this change was made, by editor"):
        approve(revision, editor_user)

    flow.refresh_from_db()
    assert (flow.amount_high, flow.purpose) == (500, "School fees")
    revision.refresh_from_db()
    assert revision.state == RevisionState.PENDING


def test_nested_goods_wait_as_rows_added_and_deleted(archivist, anonymous, editor_user):
    flow = published_flow()
    GoodsItemFactory(flow=flow, item="LED desk lamps")
    kept = {"item": "LED desk lamps", "quantity_qualifier": "unknown"}
    added = {
        "item": "Sewing machines",
        "quantity_qualifier": "exact",
        "quantity_low": 3,
        "quantity_high": 3,
    }

    response = archivist.patch(url_of(flow), {"goods": [added]}, format="json")

    assert response.status_code == 202, response.content
    rows = response.json()["revision"]["rows"]
    assert sorted(row["action"] for row in rows) == ["add", "delete"]
    summary = " ".join(response.json()["revision"]["summary"])
    assert "Goods item added: “Sewing machines”" in summary
    assert "Goods item deleted" in summary
    public = [g["item"] for g in anonymous.get(url_of(flow)).json()["goods"]]
    assert public == [kept["item"]]

    approve(Revision.objects.get(), editor_user)

    assert list(flow.goods.values_list("item", flat=True)) == ["Sewing machines"]


def test_a_citation_for_a_published_person_waits_with_the_person(archivist, anonymous, editor_user):
    person = PersonFactory()
    source = SourceFactory()
    new = {"source": source.pk, "quote": QUOTE, "party": person.pk}

    response = archivist.post("/api/v1/citations/", new, format="json")

    assert response.status_code == 202, response.content
    body = response.json()["revision"]
    assert body["record"]["resource"] == "person" and body["record"]["id"] == person.pk
    assert not person.citations.exists()
    assert anonymous.get(f"/api/v1/people/{person.pk}/").json()["citations"] == []

    approve(Revision.objects.get(), editor_user)

    assert person.citations.get().quote == QUOTE


def test_a_changed_citation_of_a_published_flow_waits(archivist, editor_user):
    flow = published_flow()
    citation = CitationFactory(flow=flow, party=None)
    shorter = "Each of the three entrepreneurs received 20,000 yuan"

    response = archivist.patch(
        f"/api/v1/citations/{citation.pk}/", {"quote": shorter}, format="json"
    )

    assert response.status_code == 202, response.content
    citation.refresh_from_db()
    assert citation.quote == QUOTE
    approve(Revision.objects.get(), editor_user)
    citation.refresh_from_db()
    assert citation.quote == shorter


def test_a_revision_is_read_by_its_author_and_not_by_the_public(archivist, anonymous, outsider):
    flow = published_flow()
    location = archivist.patch(url_of(flow), {"amount_high": "5000"}, format="json")["Location"]

    assert archivist.get(location).json()["changes"] == {"amount_high": "5000.00"}
    assert anonymous.get(location).status_code == 404
    assert outsider.get(location).status_code == 404


def test_restricting_applies_at_once_and_the_rest_waits(archivist):
    person = PersonFactory(description="Lives in Hyesan.")

    response = archivist.patch(
        f"/api/v1/people/{person.pk}/",
        {"visibility": "restricted", "description": "Lives near the border."},
        format="json",
    )

    assert response.status_code == 202
    person.refresh_from_db()
    assert (person.visibility, person.description) == ("restricted", "Lives in Hyesan.")
    assert Revision.objects.get().changes == {"description": "Lives near the border."}


def test_resending_what_is_stored_stores_no_revision(archivist):
    person = PersonFactory(description="Lives in Hyesan.")
    PartyAliasFactory(party=person, name="Kim Another", kind="romanisation")
    same = {
        "description": "Lives in Hyesan.",
        "aliases": [{"name": "Kim Another", "kind": "romanisation"}],
    }

    response = archivist.patch(f"/api/v1/people/{person.pk}/", same, format="json")

    assert response.status_code == 200
    assert not Revision.objects.exists()
