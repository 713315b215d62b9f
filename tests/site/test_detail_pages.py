"""Detail pages: facts with the quotes that support them, amounts as stated with USD beside."""

import re
from html import unescape

import pytest

from people.factories import OrganizationFactory
from sources.models import Citation, Source
from tests.site.helpers import RESTRICTED, page
from ventures.factories import FundingFlowFactory, VentureFactory
from ventures.selectors import PAGE_FLOWS


def text(client, url: str) -> str:
    """The page's text, tags removed, so assertions read like the page."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page(client, url))))


def test_a_venture_page_shows_its_facts_people_funding_and_quotes(client, archive):
    content = page(client, "/ventures/ryu-ae/")
    words = text(client, "/ventures/ryu-ae/")
    assert "<h1>Ryu Ae</h1>" in content
    assert "Startup" in words and "Apparel" in words and "Founded 2019" in words
    assert '<a href="/places/south-korea/">South Korea</a>' in content
    assert '<a href="/people/ahn-myeong-hee/">Ahn Myeong-hee</a>' in content
    for citation in Citation.objects.filter(party__slug="ryu-ae"):
        assert f"<p>{citation.quote}</p>" in unescape(content)
    assert f'<a href="/sources/{citation.source.slug}/">' in content


def test_a_funded_venture_lists_its_funding_with_amounts_as_stated(client, archive):
    words = text(client, "/ventures/rural-grocery-stores/")
    assert "Funding received" in words
    assert "20,000 yuan (S$4,100) to 30,000 yuan (CNY 20,000–30,000 per recipient)" in words
    assert "<q>20,000 yuan (S$4,100) to 30,000 yuan</q>" in page(
        client, "/ventures/rural-grocery-stores/"
    )
    assert "SGD 4,100 for CNY 20,000, as the article converts it" in words
    # US$3,014.71–4,522.06, shown to two significant figures with the basis it has.
    assert "≈ US$3,000–4,500 per recipient" in words


def test_a_person_page_shows_roles_flows_and_native_name(client, archive):
    content = page(client, "/people/ji-seong-ho/")
    words = text(client, "/people/ji-seong-ho/")
    assert '<span lang="ko">지성호</span>' in content
    assert "Defector" in words and "Born 1981–1982 (age as stated: 34 (September 2016))" in words
    assert "Now, Action and Unity for Human Rights Organisation — heads" in words
    assert "Funding given" in words and "US$300 to US$500 at a time (USD 300–500" in words
    assert "who heads Now, Action and Unity for Human Rights" in words  # the role's quote


def test_an_unnamed_person_is_described_not_named(client, archive):
    words = text(client, "/people/unnamed-defector-financier/")
    assert "The article does not name this person" in words
    assert "Not named in the article" in words


def test_an_organisation_page_shows_aliases_and_funding_received(client, archive):
    words = text(client, "/organisations/chongryon/")
    assert "Also known as General Association of Korean Residents in Japan" in words
    assert "Funding received" in words
    assert "¥49.988 billion (KRW 495.6 billion) in 171 separate payments" in words
    assert "≈ US$360M–630M to date" in words  # US$355,786,224–626,259,083 unrounded


def test_an_organisation_page_shows_its_parent(client, archive):
    content = page(client, "/organisations/asan-nanum-foundation/")
    assert '<a href="/organisations/hyundai-group/">Hyundai Group</a>' in content


def test_a_place_page_shows_aliases_sub_places_and_ventures(client, archive):
    words = text(client, "/places/kaesong/")
    assert "Also known as Kaeseong, 개성" in words
    assert "Kaeseong Industrial Complex" in words
    content = page(client, "/places/north-korea/")
    assert '<a href="/places/pyongyang/">Pyongyang</a>' in content
    assert 'href="/ventures/?place=north-korea"' in content


def test_a_flow_page_reads_the_amount_as_stated_with_conversions_and_usd(client, archive):
    words = text(client, "/flows/11/")
    assert "Amount as stated ¥49.988 billion (KRW 495.6 billion) in 171 separate payments" in words
    assert "JPY 49,988,000,000 = KRW 495,600,000,000" in words
    assert "171 separate payments" in words
    assert "US$360M–630M to date" in words
    assert "355,786,224" not in words  # no false precision
    assert "What the sources say" in words


def test_a_flow_of_goods_lists_the_goods(client, archive):
    words = text(client, "/flows/4/")
    assert "More than 3,000 Chinese LED desk lamps (chargeable with 12-volt solar panels)" in words
    assert "“Last year” (2015)" in words
    assert "None: no amount stated" in words


def test_a_source_page_shows_metadata_and_cited_quotes(client, archive):
    source = Source.objects.get(slug="straits-times-2016-defectors-funding-small-businesses")
    words = text(client, source.get_absolute_url())
    assert "The Straits Times" in words and "30 September 2016" in words
    assert "The archive has no address for this article." in words
    for quote in source.citations.values_list("quote", flat=True):
        assert re.sub(r"\s+", " ", quote) in words


def test_a_source_page_links_to_the_article_when_its_address_is_known(client, archive):
    Source.objects.filter(slug="linkilaw-startup-in-north-korea").update(
        url="https://example.org/startup"
    )
    content = page(client, "/sources/linkilaw-startup-in-north-korea/")
    assert '<a href="https://example.org/startup" rel="noopener noreferrer external">' in content


SOURCES = [
    "korea-herald-2018-kaeseong-silicon-valley",
    "korea-herald-2021-standing-on-their-own",
    "linkilaw-startup-in-north-korea",
    "political-calculation-behind-support-for-chongryon",
    "straits-times-2016-defectors-funding-small-businesses",
]


@pytest.mark.parametrize("slug", SOURCES)
def test_a_source_page_never_republishes_the_article_text(client, archive, slug):
    source = Source.objects.get(slug=slug)
    # The passages the archive cites: its citations' quotes and its statements' own.
    cited = [
        *source.citations.values_list("quote", flat=True),
        *source.statements.values_list("quote", flat=True),
    ]
    quotes = " ".join([source.title, *cited])
    words = text(client, source.get_absolute_url())
    sentences = [
        sentence.strip()
        for sentence in re.split(r"(?<=[.!?])\s+", source.full_text)
        if len(sentence.strip()) > 60 and sentence.strip()[:60] not in quotes
    ]
    assert sentences, "every article has sentences nobody cites"
    for sentence in sentences:
        assert sentence[:60] not in words


@pytest.mark.parametrize(
    "url",
    [
        "/ventures/no-such-venture/",
        "/people/no-such-person/",
        "/organisations/no-such-organisation/",
        "/places/no-such-place/",
        "/sources/no-such-source/",
        "/flows/999999/",
    ],
)
def test_an_unknown_record_answers_404(client, archive, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "There is no public record at this address." in response.content.decode()


def test_a_person_url_does_not_serve_an_organisation(client, archive):
    assert client.get("/people/chongryon/").status_code == 404
    assert client.get("/organisations/ji-seong-ho/").status_code == 404


def test_a_busy_funder_shows_its_newest_flows_and_links_to_all_of_them(client, db):
    # A national archive's busiest funders give thousands of flows: the page shows the
    # first PAGE_FLOWS of each direction, in the flow listing's order (newest first),
    # says how many there are, and links to the listing that pages and sums them all.
    funder = OrganizationFactory(name="Busy Fund", slug="busy-fund")
    venture = VentureFactory()
    years = list(range(1990, 1990 + PAGE_FLOWS + 5))
    for year in years:
        FundingFlowFactory(funder=funder, recipient=venture, start_year=year, purpose=f"y{year}")
    FundingFlowFactory(funder=funder, recipient=venture, start_year=2020, **RESTRICTED)
    FundingFlowFactory(funder=venture, recipient=funder, start_year=2001, purpose="back")

    content = page(client, "/organisations/busy-fund/")
    words = text(client, "/organisations/busy-fund/")
    shown = [int(year) for year in re.findall(r"Purpose: Y(\d{4})", words)]
    assert shown == sorted(years, reverse=True)[:PAGE_FLOWS]
    assert f"The {PAGE_FLOWS} newest of {len(years)}." in words
    assert f"All {len(years)} flows from Busy Fund, with their totals" in words
    assert 'href="/flows/?funder=busy-fund"' in content
    # The one flow it received is shown whole, with no count and no link.
    assert "Purpose: Back" in words
    assert 'href="/flows/?recipient=busy-fund"' not in content
    # The listing the link opens lists exactly the flows counted.
    assert f"{len(years)} flows" in text(client, "/flows/?funder=busy-fund")


def test_a_page_with_few_flows_shows_them_all_without_a_count(client, db):
    funder = OrganizationFactory(name="Small Fund", slug="small-fund")
    for year in (2001, 2002):
        FundingFlowFactory(funder=funder, recipient=VentureFactory(), start_year=year)
    words = text(client, "/organisations/small-fund/")
    assert "Funding given" in words and "newest of" not in words
    assert "/flows/?funder=small-fund" not in page(client, "/organisations/small-fund/")
