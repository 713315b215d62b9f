"""The admin index's "Needs attention" panel: counts, and links to lists that show them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from archive.attention import needs_attention
from core.records import PublicationState, Qualifier
from people.factories import OrganizationFactory, PersonFactory, RoleFactory
from people.models import Person
from sources.factories import CitationFactory, SourceFactory
from sources.models import Citation
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
            assert f"<td>{count}</td>" in html
    return panel


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

    # One of each first: the support count prefetches per model that has rows at all.
    CitationFactory(quote="Not in the text.")
    add_loose_ends(1)
    few = index_queries()
    add_loose_ends(14)

    assert index_queries() == few
    assert Citation.objects.count() == 16 and Person.objects.count() > 15
    assert FundingFlow.objects.count() == 15
