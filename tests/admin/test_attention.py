"""The admin index's "Needs attention" panel: counts, and links to lists that show them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from archive import attention
from archive.attention import needs_attention
from core.records import PublicationState, Qualifier
from people.factories import OrganizationFactory, PersonFactory, RoleFactory
from people.models import Person
from sources import admin as sources_admin
from sources import evidence
from sources.evidence import check_evidence
from sources.factories import CitationFactory, SourceFactory
from sources.models import Citation, EvidenceCheck
from ventures.factories import FundingFlowFactory, PlaceFactory
from ventures.models import FundingFlow

DRAFT = PublicationState.DRAFT


def panel(client) -> dict[str, dict[str, tuple[int, str]]]:
    """Each section's non-zero items as {label: (count, link)}, each link on the page."""
    page = client.get(reverse("admin:index"))
    html = page.content.decode()
    panel = {
        section.title: {item.label: (item.count, item.url) for item in section.items if item.count}
        for section in needs_attention(page.wsgi_request.user)
    }
    for items in panel.values():
        for count, url in items.values():
            assert f'<a href="{escape(url)}">' in html
            assert f"<td>{count:,}</td>" in html
    return panel


def admin_user(client):
    return client.get(reverse("admin:index")).wsgi_request.user


def listed(client, url: str) -> list:
    return list(client.get(url).context["cl"].result_list)


def test_an_archive_where_everything_is_cited_and_published_needs_nothing(
    archivist_client, archive
):
    assert all(not items for items in panel(archivist_client).values())
    assert "Needs attention" in archivist_client.get(reverse("admin:index")).content.decode()


def test_records_without_citations_are_counted_and_listed(archivist_client):
    cited = PersonFactory(name="Kim Cited")
    CitationFactory(party=cited)
    uncited = PersonFactory(name="Kim Uncited")
    flow = FundingFlowFactory(funder=OrganizationFactory(), recipient=cited)
    CitationFactory(flow=flow)
    RoleFactory(person=cited)
    check_evidence()

    items = panel(archivist_client)["Records without citations"]

    assert {label: count for label, (count, _) in items.items()} == {
        "People": 1,
        "Organizations": 2,  # the flow's funder and the role's organisation
        "Roles": 1,
    }
    assert listed(archivist_client, items["People"][1]) == [uncited]


def test_quotes_not_in_their_source_are_counted_and_listed(archivist_client):
    CitationFactory()
    failing = CitationFactory(quote="Words the article never printed.")
    check_evidence()

    count, url = panel(archivist_client)["Quotes not found in their source"]["Citations"]

    assert count == 1
    assert listed(archivist_client, url) == [failing]


def test_monetary_flows_without_a_usd_estimate_are_counted_and_listed(archivist_client):
    missing = FundingFlowFactory(currency="KPW")
    FundingFlowFactory(in_kind=True)
    FundingFlowFactory(usd_low=1000, usd_high=2000)

    count, url = panel(archivist_client)["Monetary flows without a USD estimate"]["Monetary flows"]

    assert count == 1
    assert listed(archivist_client, url) == [missing]
    assert missing.amount_qualifier != Qualifier.UNKNOWN


def test_drafts_waiting_for_review_are_counted_and_listed_per_kind(archivist_client):
    draft = PersonFactory(publication_state=DRAFT)
    PersonFactory()
    FundingFlowFactory(publication_state=DRAFT)
    PlaceFactory(publication_state=DRAFT)
    SourceFactory(publication_state=DRAFT)

    items = panel(archivist_client)["Drafts waiting for review"]

    assert {label: count for label, (count, _) in items.items()} == {
        "People": 1,
        "Funding flows": 1,
        "Places": 1,
        "Sources": 1,
    }
    assert listed(archivist_client, items["People"][1]) == [draft]


def test_the_index_costs_the_same_queries_however_many_records_need_attention(admin_client):
    def index_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(reverse("admin:index"))
        return len(queries)

    def add_loose_ends(count: int) -> None:
        source = SourceFactory()
        for _ in range(count):
            person = PersonFactory(publication_state=DRAFT)
            CitationFactory(party=person, source=source, quote="Not in the text either.")
            FundingFlowFactory(funder=person, currency="KPW", publication_state=DRAFT)

    CitationFactory(quote="Not in the text.")
    add_loose_ends(1)
    check_evidence()
    few = index_queries()
    add_loose_ends(14)
    check_evidence()

    assert index_queries() == few
    assert Citation.objects.count() == 16 and Person.objects.count() > 15
    assert FundingFlow.objects.count() == 15


def test_the_index_reads_no_citation_and_no_record_to_draw_the_panel(admin_client):
    """The evidence figures are the newest check's: drawing the page reads neither the
    citations nor the records' rows (99 s at 20,000 ventures when it did), and each live
    count is a query that stops at the cap."""
    source = SourceFactory()
    for _ in range(3):
        CitationFactory(party=PersonFactory(), source=source)
    check_evidence()

    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(reverse("admin:index")).status_code == 200

    read = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in read if "sources_citation" in sql]
    drafts = [sql for sql in read if "publication_state" in sql and "people_party" in sql]
    assert drafts and all("LIMIT" in sql for sql in drafts)


def test_the_evidence_figures_are_the_newest_checks_and_say_when_it_ran(archivist_client, settings):
    settings.TIME_ZONE = "UTC"
    page = archivist_client.get(reverse("admin:index")).content.decode()
    assert "Not checked yet: run manage.py verify_citations." in page
    unchecked = [s.title for s in needs_attention(admin_user(archivist_client)) if not s.checked]
    assert unchecked == [
        "Records without citations",
        "Stated fields no quote supports",
        "Quotes not found in their source",
    ]
    assert page.count("Not counted") == 3

    uncited = PersonFactory(name="Kim Uncited")
    check_evidence()
    CitationFactory(party=uncited)  # cited after the check: the figure waits for the next

    items = panel(archivist_client)["Records without citations"]
    assert items["People"][0] == 1
    assert listed(archivist_client, items["People"][1]) == []  # the list is live
    ran = timezone.localtime(EvidenceCheck.objects.get().checked_at)
    page = archivist_client.get(reverse("admin:index")).content.decode()
    assert f"As of the evidence check of {ran:%d %b %Y %H:%M} UTC" in page

    check_evidence()
    assert "People" not in panel(archivist_client)["Records without citations"]
    assert EvidenceCheck.objects.count() == 2


def test_a_live_count_stops_at_the_cap_and_says_there_are_more(archivist_client, monkeypatch):
    monkeypatch.setattr(attention, "CAP", 2)
    for _ in range(3):
        PersonFactory(publication_state=DRAFT)
    # An uncapped figure past a thousand is written as the listings write theirs.
    kept = check_evidence().kept
    kept.uncited["people.person"] = 1234
    kept.save()
    PlaceFactory(publication_state=DRAFT)

    page = archivist_client.get(reverse("admin:index")).content.decode()
    items = {
        item.label: item
        for section in needs_attention(
            archivist_client.get(reverse("admin:index")).wsgi_request.user
        )
        for item in section.items
        if section.title == "Drafts waiting for review"
    }

    assert (items["People"].count, items["People"].more) == (2, True)
    assert (items["Places"].count, items["Places"].more) == (1, False)
    assert "<td>2+</td>" in page and "<td>1</td>" in page
    assert "<td>1,234</td>" in page


def test_the_quote_filter_tests_again_only_what_changed_since_the_check(admin_client):
    """``?quote_found=no`` starts from the newest check's failures and tests again the
    citations written, and those whose source was saved, since it began: it is live
    without reading every citation."""
    source = SourceFactory(full_text="Kim founded the shop. The shop sold noodles.")
    kept = CitationFactory(source=source, quote="Kim founded the shop.")
    fixed = CitationFactory(source=source, quote="Words never printed.")
    broken = CitationFactory(source=source, quote="The shop sold noodles.")
    other = SourceFactory(full_text="Pak opened a bakery.")
    by_source = CitationFactory(source=other, quote="Pak opened a bakery.")
    untouched = CitationFactory(quote="Not in that text at all.")
    check_evidence()
    assert set(EvidenceCheck.objects.get().failing_ids) == {fixed.pk, untouched.pk}

    fixed.quote = "The shop sold noodles."
    fixed.save()
    broken.quote = "The shop sold rice."
    broken.save()
    other.full_text = "Pak closed a bakery."
    other.save()

    url = reverse("admin:sources_citation_changelist") + "?quote_found=no"
    with CaptureQueriesContext(connection) as queries:
        failing = set(listed(admin_client, url))
    assert failing == {broken, by_source, untouched}
    read = [q["sql"] for q in queries.captured_queries if '"sources_citation"."quote"' in q["sql"]]
    keys = ('"sources_citation"."id" IN', '"sources_citation"."id" = ANY')
    assert read and any(key in read[0] for key in keys)
    found = set(listed(admin_client, url.replace("=no", "=yes")))
    assert kept in found and fixed in found and not found & failing


def test_the_quote_filter_takes_any_number_of_suspects(admin_client):
    """A bulk load after a check makes every citation it wrote a suspect: more keys than
    PostgreSQL takes parameters in a statement (65,535), sent as one array."""
    source = SourceFactory(full_text="Kim founded the shop.")
    kept = CitationFactory(source=source, quote="Kim founded the shop.")
    lost = CitationFactory(source=source, quote="Words never printed.")
    check_evidence()
    # As if 70,000 citations had failed the check and been deleted since.
    EvidenceCheck.objects.update(failing_ids=[lost.pk, *range(10**7, 10**7 + 70_000)])
    url = reverse("admin:sources_citation_changelist") + "?quote_found=no"
    assert set(listed(admin_client, url)) == {lost}
    assert kept in set(listed(admin_client, url.replace("=no", "=yes")))


def test_after_a_bulk_load_the_quote_filter_shows_the_checks_finding_and_says_so(
    admin_client, monkeypatch
):
    """Past ``RETEST_LIMIT`` citations changed since the check, testing them again as
    the list is asked for would take minutes: the filter lists the check's failures and
    says that the changed citations wait for the next check."""
    source = SourceFactory(full_text="Kim founded the shop.")
    failed = CitationFactory(source=source, quote="Words never printed.")
    check_evidence()
    monkeypatch.setattr(evidence, "RETEST_LIMIT", 2)
    monkeypatch.setattr(sources_admin, "RETEST_LIMIT", 2)
    broken = [CitationFactory(quote="Not in the text either.") for _ in range(3)]
    url = reverse("admin:sources_citation_changelist") + "?quote_found=no"
    page = admin_client.get(url)
    assert list(page.context["cl"].result_list) == [failed]
    notes = [str(message) for message in page.context["messages"]]
    assert len(notes) == 1
    assert "More than 2 citations were written" in notes[0]
    assert "manage.py verify_citations" in notes[0]

    check_evidence()
    page = admin_client.get(url)
    assert set(page.context["cl"].result_list) == {failed, *broken}
    assert not list(page.context["messages"])
