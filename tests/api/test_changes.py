"""The changes feed: what a syncing client must fetch again or drop, and nothing it may not see."""

from datetime import timedelta

from django.utils import timezone

from core.records import PublicationState, Visibility
from people.factories import PersonFactory
from people.models import Person
from sources.factories import CitationFactory
from ventures.factories import FundingFlowFactory


def feed(client, query: str = "") -> list[tuple[str, int, str]]:
    """Every event from the start, following ``next``."""
    events, url = [], f"/api/v1/changes/?{query}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        events += [(e["resource"], e["id"], e["action"]) for e in body["results"]]
        url = body["next"]
    return events


def test_an_edit_is_an_upsert_with_the_url_to_fetch(db, anonymous):
    person = PersonFactory()
    person.description = "Edited."
    person.save()
    body = anonymous.get("/api/v1/changes/").json()
    assert [e["action"] for e in body["results"]] == ["upsert", "upsert"]
    assert body["results"][0]["url"] == f"http://testserver/api/v1/people/{person.pk}/"


def test_unpublishing_restricting_and_deleting_are_removals(db, anonymous):
    unpublished, restricted, deleted = PersonFactory(), PersonFactory(), PersonFactory()
    unpublished.publication_state = PublicationState.DRAFT
    unpublished.save()
    restricted.visibility = Visibility.RESTRICTED
    restricted.save()
    deleted_pk = deleted.pk
    deleted.delete()
    events = feed(anonymous)
    assert ("person", unpublished.pk, "remove") in events
    assert ("person", restricted.pk, "remove") in events
    assert ("person", deleted_pk, "remove") in events
    assert ("person", deleted_pk, "upsert") not in events


def test_a_record_never_public_leaves_no_trace(db, anonymous, archivist):
    draft = PersonFactory(publication_state=PublicationState.DRAFT)
    draft.name = "Still a draft"
    draft.save()
    secret = PersonFactory(visibility=Visibility.RESTRICTED)
    secret_pk = secret.pk
    secret.delete()
    hidden_flow = FundingFlowFactory(recipient=PersonFactory(visibility=Visibility.RESTRICTED))
    hidden_flow.purpose = "Edited while its recipient is hidden."
    hidden_flow.save()
    public_ids = {pk for _, pk, _ in feed(anonymous)}
    assert draft.pk not in public_ids
    assert secret_pk not in public_ids
    assert hidden_flow.pk not in {pk for kind, pk, _ in feed(anonymous) if kind == "funding-flow"}
    # Staff synced the drafts, so staff learn of their removal.
    staff = feed(archivist)
    assert ("person", draft.pk, "upsert") in staff
    assert ("person", secret_pk, "remove") in staff


def test_a_record_loaded_before_history_is_removed_when_hidden(archive, anonymous):
    person = Person.objects.get(slug="ji-seong-ho")  # from the fixtures: no history yet
    person.visibility = Visibility.RESTRICTED
    person.save()
    assert feed(anonymous) == [("person", 102, "remove")]


def test_a_new_citation_touches_the_record_it_backs(db, anonymous):
    person = PersonFactory()
    start = timezone.now()
    citation = CitationFactory(party=person)
    since = start.isoformat().replace("+00:00", "Z")
    events = feed(anonymous, f"since={since}")
    assert ("citation", citation.pk, "upsert") in events
    assert ("person", person.pk, "upsert") in events


def test_the_feed_can_follow_one_resource(db, anonymous):
    PersonFactory()
    flow = FundingFlowFactory()
    assert feed(anonymous, "resource=funding-flow") == [("funding-flow", flow.pk, "upsert")]


def test_since_starts_the_feed_at_a_time(db, anonymous):
    PersonFactory()
    later = timezone.now() + timedelta(seconds=1)
    since = later.isoformat().replace("+00:00", "Z")
    assert anonymous.get(f"/api/v1/changes/?since={since}").json()["results"] == []


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


def test_since_and_cursor_together_are_refused(db, anonymous):
    cursor = anonymous.get("/api/v1/changes/").json()["cursor"]
    response = anonymous.get(f"/api/v1/changes/?cursor={cursor}&since=2026-01-01T00:00:00Z")
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_a_page_of_changes_costs_the_same_queries_at_any_size(db, anonymous):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(30):
        person = PersonFactory()
        CitationFactory(party=person)
        FundingFlowFactory(recipient=person).delete()
    sizes = []
    for size in (5, 60):
        with CaptureQueriesContext(connection) as captured:
            anonymous.get(f"/api/v1/changes/?page_size={size}")
        sizes.append(len(captured))
    assert sizes[0] == sizes[1]
