"""The changes feed: what a syncing client must store or drop, and nothing it may not see."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import outbox
from core.records import PublicationState, Visibility
from core.services import publish, restrict, unpublish
from people.factories import OrganizationFactory, PersonFactory, RoleFactory
from people.models import Person
from sources.factories import CitationFactory, SourceFactory
from tests.api.conftest import staff_member
from tests.api.mirror import Mirror, actions, read_dump, read_feed
from ventures.factories import (
    ExchangeRateFactory,
    FundingFlowFactory,
    PlaceFactory,
    VentureFactory,
)
from ventures.services import refresh_usd_estimates


@pytest.fixture
def editor_user(review_groups):
    return staff_member("editor", review_groups["Editor"])


def feed(client, query: str = "") -> list[tuple[str, int, str]]:
    return actions(read_feed(client, query=query)[0])


def cursor_now(client) -> str:
    return read_feed(client)[1]


def test_an_edit_is_an_upsert_carrying_the_record_as_its_detail_shows_it(db, anonymous):
    person = PersonFactory()
    person.description = "Edited."
    person.save()
    body = anonymous.get("/api/v1/changes/").json()
    (event,) = body["results"]
    assert (event["resource"], event["id"], event["action"]) == ("person", person.pk, "upsert")
    assert event["url"] == f"http://testserver/api/v1/people/{person.pk}/"
    assert event["data"] == anonymous.get(event["url"]).json()
    assert event["data"]["description"] == "Edited."


def test_unpublishing_restricting_and_deleting_are_removals(db, anonymous):
    unpublished, restricted, deleted = PersonFactory(), PersonFactory(), PersonFactory()
    cursor = cursor_now(anonymous)
    unpublished.publication_state = PublicationState.DRAFT
    unpublished.save()
    restricted.visibility = Visibility.RESTRICTED
    restricted.save()
    deleted_pk = deleted.pk
    deleted.delete()
    events = actions(read_feed(anonymous, cursor)[0])
    assert sorted(events) == sorted(
        [
            ("person", unpublished.pk, "remove"),
            ("person", restricted.pk, "remove"),
            ("person", deleted_pk, "remove"),
        ]
    )
    # From the start, each record's latest event is all there is: the removal.
    assert set(feed(anonymous)) == set(events)


def test_hidden_only_edits_change_nothing_an_anonymous_client_sees(db, anonymous, archivist):
    source, funder = SourceFactory(), OrganizationFactory()
    before = anonymous.get("/api/v1/changes/").json()
    changed_before = outbox.last_public_change()
    draft = PersonFactory(publication_state=PublicationState.DRAFT)
    draft.name = "Still a draft"
    draft.save()
    secret = PersonFactory(visibility=Visibility.RESTRICTED)
    CitationFactory(party=secret, source=source)
    secret.delete()
    hidden_flow = FundingFlowFactory(
        funder=funder, recipient=PersonFactory(visibility=Visibility.RESTRICTED)
    )
    hidden_flow.purpose = "Edited while its recipient is hidden."
    hidden_flow.save()
    after = anonymous.get("/api/v1/changes/").json()
    assert after == before  # same events, same cursor: the feed did not move
    assert outbox.last_public_change() == changed_before
    # Staff read the same public feed: drafts are synced through the admin, not here.
    assert archivist.get("/api/v1/changes/").json()["cursor"] == before["cursor"]


def test_a_person_unpublished_then_republished_brings_back_its_flows_roles_citations(
    anonymous, editor_user
):
    person = PersonFactory()
    flow = FundingFlowFactory(recipient=person)
    role = RoleFactory(person=person)
    citation = CitationFactory(party=person)
    mirror = Mirror()
    mirror.sync(anonymous)
    unpublish([person], editor_user)
    events = actions(mirror.sync(anonymous))
    assert ("funding-flow", flow.pk, "remove") in events
    assert ("role", role.pk, "remove") in events
    assert ("citation", citation.pk, "remove") in events
    person.refresh_from_db()
    publish([person], editor_user)
    events = actions(mirror.sync(anonymous))
    for key in [("funding-flow", flow.pk), ("role", role.pk), ("citation", citation.pk)]:
        assert (*key, "upsert") in events
    assert mirror.records == read_dump(anonymous)[1]


def test_a_flow_hidden_because_its_funder_became_a_draft_is_removed(db, anonymous):
    funder = OrganizationFactory()
    flow = FundingFlowFactory(funder=funder)
    cursor = cursor_now(anonymous)
    funder.publication_state = PublicationState.DRAFT
    funder.save()
    events = actions(read_feed(anonymous, cursor)[0])
    assert ("funding-flow", flow.pk, "remove") in events
    assert ("organization", funder.pk, "remove") in events


def test_a_venture_totals_follow_a_flow_delete_and_a_rate_change(db, anonymous):
    venture = VentureFactory()
    rate = ExchangeRateFactory(currency="CNY", year=2019, units_per_usd=Decimal("5"))
    kept, dropped = FundingFlowFactory(recipient=venture), FundingFlowFactory(recipient=venture)
    refresh_usd_estimates([kept, dropped])
    mirror = Mirror()
    mirror.sync(anonymous)
    assert mirror.records[("venture", venture.pk)]["funding_usd_low"] == "8000.00"
    dropped.delete()
    mirror.sync(anonymous)
    assert mirror.records[("venture", venture.pk)]["funding_usd_low"] == "4000.00"
    rate.units_per_usd = Decimal("10")
    rate.save()
    refresh_usd_estimates()  # what the admin and the API do after a rate changes
    mirror.sync(anonymous)
    assert mirror.records[("venture", venture.pk)]["funding_usd_low"] == "2000.00"
    assert mirror.records == read_dump(anonymous)[1]


def test_a_restricted_place_is_nulled_on_its_ventures(db, anonymous):
    place = PlaceFactory()
    venture = VentureFactory(place=place)
    mirror = Mirror()
    mirror.sync(anonymous)
    assert mirror.records[("venture", venture.pk)]["place"]["id"] == place.pk
    restrict([place], None)
    mirror.sync(anonymous)
    assert mirror.records[("venture", venture.pk)]["place"] is None
    assert ("place", place.pk) not in mirror.records


def test_a_renamed_organisation_shows_its_new_name_everywhere_it_is_embedded(db, anonymous):
    funder = OrganizationFactory(name="Old name")
    flow = FundingFlowFactory(funder=funder)
    role = RoleFactory(organization=funder)
    citation = CitationFactory(party=funder)
    mirror = Mirror()
    mirror.sync(anonymous)
    funder.name = "New name"
    funder.save()
    mirror.sync(anonymous)
    assert mirror.records[("funding-flow", flow.pk)]["funder"]["name"] == "New name"
    assert mirror.records[("role", role.pk)]["organization"]["name"] == "New name"
    assert mirror.records[("person", role.person_id)]["roles"][0]["organization"]["name"] == (
        "New name"
    )
    assert mirror.records[("citation", citation.pk)]["backs"]["name"] == "New name"
    assert mirror.records == read_dump(anonymous)[1]


def test_a_restricted_source_takes_its_citations_with_it(db, anonymous):
    source = SourceFactory()
    person = PersonFactory()
    citation = CitationFactory(source=source, party=person)
    mirror = Mirror()
    mirror.sync(anonymous)
    assert mirror.records[("person", person.pk)]["citations"][0]["id"] == citation.pk
    restrict([source], None)
    events = actions(mirror.sync(anonymous))
    assert ("citation", citation.pk, "remove") in events
    assert ("source", source.pk, "remove") in events
    assert mirror.records[("person", person.pk)]["citations"] == []


def test_a_record_loaded_from_the_fixtures_is_removed_when_hidden(archive, anonymous):
    cursor = cursor_now(anonymous)
    person = Person.objects.get(slug="ji-seong-ho")
    person.visibility = Visibility.RESTRICTED
    person.save()
    events = actions(read_feed(anonymous, cursor)[0])
    assert ("person", person.pk, "remove") in events


def test_the_archive_mirrored_from_the_start_equals_the_dump(archive, anonymous):
    mirror = Mirror()
    mirror.sync(anonymous)
    assert mirror.records == read_dump(anonymous)[1]


def test_a_mirror_started_from_a_dump_catches_up_from_its_cursor(db, anonymous):
    person = PersonFactory()
    mirror = Mirror.from_dump(anonymous)
    assert ("person", person.pk) in mirror.records
    person.name = "Renamed after the dump"
    person.save()
    FundingFlowFactory(recipient=person)
    events = mirror.sync(anonymous)
    assert ("person", person.pk) in {(e["resource"], e["id"]) for e in events}
    assert mirror.records == read_dump(anonymous)[1]


def test_the_feed_can_follow_one_resource(db, anonymous):
    PersonFactory()
    flow = FundingFlowFactory()
    assert feed(anonymous, "resource=funding-flow") == [("funding-flow", flow.pk, "upsert")]


def test_since_starts_the_feed_at_a_time(db, anonymous):
    PersonFactory()
    later = timezone.now() + timedelta(seconds=1)
    since = later.isoformat().replace("+00:00", "Z")
    assert anonymous.get(f"/api/v1/changes/?since={since}").json()["results"] == []
    earlier = (timezone.now() - timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    assert len(anonymous.get(f"/api/v1/changes/?since={earlier}").json()["results"]) == 1


def test_cursor_pages_stay_correct_while_rows_are_inserted(db, anonymous):
    first = [PersonFactory() for _ in range(5)]
    seen, inserted = [], []
    body = anonymous.get("/api/v1/changes/?page_size=2").json()
    while True:
        seen += [e["id"] for e in body["results"]]
        # Someone writes while the client pages: new rows land after the cursor.
        inserted.append(PersonFactory())
        if not body["next"] or len(inserted) > 20:
            break
        body = anonymous.get(body["next"]).json()
    expected = [p.pk for p in first] + [p.pk for p in inserted[:-1]]
    assert seen == expected
    # The last cursor resumes where the client stopped: only the newest row follows.
    resumed = anonymous.get(f"/api/v1/changes/?cursor={body['cursor']}").json()
    assert [e["id"] for e in resumed["results"]] == [inserted[-1].pk]


def test_the_cursor_is_opaque_and_checked(db, anonymous):
    PersonFactory()
    cursor = anonymous.get("/api/v1/changes/").json()["cursor"]
    assert "person" not in cursor and str(timezone.now().year) not in cursor
    response = anonymous.get(f"/api/v1/changes/?cursor={cursor}x")
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_since_and_cursor_together_are_refused(db, anonymous):
    cursor = anonymous.get("/api/v1/changes/").json()["cursor"]
    response = anonymous.get(f"/api/v1/changes/?cursor={cursor}&since=2026-01-01T00:00:00Z")
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_a_page_of_changes_costs_the_same_queries_at_any_size(db, anonymous):
    for _ in range(30):
        person = PersonFactory()
        CitationFactory(party=person)
        FundingFlowFactory(recipient=person).delete()
    anonymous.get("/api/v1/changes/")  # flushes this test's own writes first
    sizes = []
    for size in (5, 60):
        with CaptureQueriesContext(connection) as captured:
            anonymous.get(f"/api/v1/changes/?page_size={size}")
        sizes.append(len(captured))
    assert sizes[0] == sizes[1]


def test_publishing_a_draft_is_its_first_event_and_moves_last_modified(anonymous, editor_user):
    draft = PersonFactory(publication_state=PublicationState.DRAFT)
    cursor = cursor_now(anonymous)
    before = outbox.last_public_change()
    publish([draft], editor_user)
    assert actions(read_feed(anonymous, cursor)[0]) == [("person", draft.pk, "upsert")]
    assert before is None or outbox.last_public_change() > before


def test_sync_feed_repairs_the_feed_after_writes_no_signal_saw(db, anonymous):
    kept, hidden = PersonFactory(), PersonFactory()
    mirror = Mirror()
    mirror.sync(anonymous)
    # QuerySet.update sends no signal: the feed cannot know (as after raw SQL or COPY).
    Person.objects.filter(pk=hidden.pk).update(visibility=Visibility.RESTRICTED)
    Person.objects.filter(pk=kept.pk).update(description="Changed in bulk.")
    out = io.StringIO()
    call_command("sync_feed", stdout=out)
    assert out.getvalue().startswith("2 events written")
    mirror.sync(anonymous)
    assert mirror.records == read_dump(anonymous)[1]
    call_command("sync_feed", stdout=out)
    assert "0 events written" in out.getvalue()
