"""Every page costs the same number of queries, however many rows it shows.

Each page is read once with one row of every related kind added to the archive, and
once after many more; the number of queries must not change. (A list with no rows at
all skips its prefetches, so the first reading starts from one row, not zero.)
"""

from people.factories import OrganizationFactory, PartyAliasFactory, PersonFactory, RoleFactory
from people.models import Organization, Person
from sources.factories import CitationFactory, SourceFactory
from tests.site.helpers import count_queries
from ventures.factories import (
    FundingFlowFactory,
    GoodsItemFactory,
    PlaceAliasFactory,
    PlaceFactory,
    StatedConversionFactory,
    VentureFactory,
)
from ventures.models import Place, Sector, Venture

MORE = 25


def add_rows(count: int) -> None:
    """More of everything, linked to the records the measured pages show."""
    ryu_ae = Venture.objects.get(slug="ryu-ae")
    bridge = Organization.objects.get(slug="the-bridge")
    ji = Person.objects.get(slug="ji-seong-ho")
    pyongyang = Place.objects.get(slug="pyongyang")
    sectors = list(Sector.objects.all()[:3])
    for n in range(count):
        venture = VentureFactory(place=pyongyang, sectors=sectors, founded_year=2000 + n)
        PartyAliasFactory(party=venture)
        flow = FundingFlowFactory(funder=bridge, recipient=venture, start_year=2000 + n)
        StatedConversionFactory(flow=flow)
        GoodsItemFactory(flow=FundingFlowFactory(funder=ji, recipient=ryu_ae, in_kind=True))
        person = PersonFactory()
        RoleFactory(person=person, organization=ryu_ae, title=f"staff {n}")
        RoleFactory(person=person, organization=bridge, title=f"member {n}")
        CitationFactory(party=ryu_ae)
        CitationFactory(flow=flow)
        OrganizationFactory(parent=bridge)
        PlaceAliasFactory(place=PlaceFactory(parent=pyongyang))
        SourceFactory(publisher=bridge, authors=[ji, person])


PAGES = [
    "/",
    "/ventures/",
    "/ventures/?sector=retail&place=north-korea&ordering=-funding&has_funding=true",
    "/ventures/?q=venture&founded_from=2000&funded_by=the-bridge",
    "/flows/",
    "/flows/?funder=the-bridge&kind=donation&year_from=2000&usd_min=1",
    # The filters make bench measures (benchmarks/bench.py), over the years add_rows fills.
    "/ventures/?founded_from=2000&founded_to=2030",
    "/flows/?currency=CNY&year_from=2000&year_to=2030",
    "/people/",
    "/organisations/",
    "/places/",
    "/sources/",
    "/search/?q=a",
    "/network/",
    "/network/?party=the-bridge",
    "/ventures/ryu-ae/",
    "/people/ji-seong-ho/",
    "/organisations/the-bridge/",
    "/places/pyongyang/",
    "/sources/straits-times-2016-defectors-funding-small-businesses/",
    "/flows/2/",
    "/sitemap-ventures.xml",
]


def test_every_page_costs_the_same_queries_with_more_rows(client, archive):
    # One build of the extra rows for every page (building them per page was an eighth
    # of the suite's time); the comparison is still page by page, and names the pages.
    add_rows(1)
    few = {url: count_queries(client, url) for url in PAGES}
    add_rows(MORE)
    more = {url: count_queries(client, url) for url in PAGES}
    grew = {url: (few[url], more[url]) for url in PAGES if more[url] != few[url]}
    assert grew == {}, f"queries (with 1 row, with {MORE + 1}) differ on: {grew}"


def test_listing_pages_stay_within_a_small_budget(client, archive):
    # /search/ looks through eight kinds of record (people, organisations, ventures,
    # places, flows, sources, quotes, statements): one query for each group's keys (its
    # capped count) and one for its first rows (people, organisations and ventures share
    # both), the prefetches its rows show, and on SQLite two per name search (a place's
    # spellings, then whether anything matched; PostgreSQL asks both inside the search's
    # statement).
    budgets = {"/ventures/": 15, "/flows/": 14, "/people/": 6, "/search/?q=kim": 22}
    for url, budget in budgets.items():
        assert count_queries(client, url) <= budget, url
