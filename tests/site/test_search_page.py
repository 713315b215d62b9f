"""Site-wide search finds names in every spelling, through aliases and in Hangul."""

import pytest

from people.models import Party
from sources.models import Citation, Source, Statement
from tests.site.helpers import page
from ventures.models import FundingFlow


def result_names(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [
        record.name
        for group in response.context["groups"]
        if group.shows == "record"
        for record in group.results
    ]


@pytest.mark.parametrize("query", ["Ji Seong-ho", "ji seong ho", "jiseongho", "JI SEONG HO"])
def test_every_spelling_of_ji_seong_ho_finds_him(client, archive, query):
    assert "Ji Seong Ho" in result_names(client, query)


def test_kaesong_finds_the_kaeseong_industrial_complex_by_its_alias(client, archive):
    names = result_names(client, "Kaesong")
    assert "Kaeseong Industrial Complex" in names
    assert "Kaesong" in names  # the place, too
    assert '<a href="/ventures/kaeseong-industrial-complex/">' in page(client, "/search/?q=Kaesong")


def test_chongryon_is_found_by_its_full_name(client, archive):
    assert result_names(client, "General Association of Korean Residents in Japan") == ["Chongryon"]


def test_hangul_finds_kim_jong_un(client, archive):
    assert result_names(client, "김정은") == ["Kim Jong Un"]


def test_results_are_grouped_by_kind_with_counts(client, archive):
    response = client.get("/search/", {"q": "Kaesong"})
    groups = {
        group.label: (group.count, len(group.results)) for group in response.context["groups"]
    }
    # Names and descriptions that mention Kaesong in either spelling.
    assert groups == {
        "People": (1, 1),
        "Organisations": (4, 4),
        "Ventures": (2, 2),
        "Places": (1, 1),
        "Quotes": (1, 1),
    }
    assert response.context["total"] == 9


def test_a_places_variant_finds_as_many_results_as_its_main_spelling(client, archive):
    for variant, spelling in (("Kaeseong", "Kaesong"), ("Pyeongyang", "Pyongyang")):
        assert sorted(result_names(client, variant)) == sorted(result_names(client, spelling))


def test_a_search_with_no_match_says_so(client, archive):
    content = page(client, "/search/?q=Atlantis")
    assert "Nothing found for “Atlantis”" in content


def test_an_empty_search_shows_the_form_only(client, archive):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert '<label for="search-q">' in response.content.decode()


def test_a_nul_byte_in_the_query_is_a_bad_request_not_an_error(client, archive):
    assert client.get("/search/", {"q": "Kae\x00song"}).status_code == 400


def test_listings_search_in_every_spelling_too(client, archive):
    assert "Ji Seong Ho" in page(client, "/people/?q=jiseongho")
    assert "Chongryon" in page(
        client, "/organisations/?q=General+Association+of+Korean+Residents+in+Japan"
    )
    ventures = client.get("/ventures/", {"q": "Kaesong"}).context["page"]
    assert [venture.name for venture in ventures] == [
        "Kaeseong Industrial Complex",
        "South Korean companies in the Kaeseong Industrial Complex",
    ]
    assert [place.name for place in client.get("/places/", {"q": "개성"}).context["page"]] == [
        "Kaesong"
    ]


def test_near_misses_find_kaesong_on_postgresql(client, archive, postgres):
    names = result_names(client, "Kaesung")
    assert "Kaesong" in names
    assert "Kaeseong Industrial Complex" in names
    ventures = client.get("/ventures/", {"q": "Kaesung"}).context["page"]
    assert "Kaeseong Industrial Complex" in [venture.name for venture in ventures]


def test_near_misses_find_chongryon_on_postgresql(client, archive, postgres):
    assert "Chongryon" in result_names(client, "Chongryun")
    assert "Chongryon" in page(client, "/organisations/?q=Chongryun")


def test_full_text_search_matches_description_words_on_postgresql(client, archive, postgres):
    assert "Small businesses funded by an unnamed defector" in result_names(client, "noodle shops")


def group_of(client, query: str, label: str):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return next((group for group in response.context["groups"] if group.label == label), None)


def test_yuan_finds_the_flows_in_yuan(client, archive):
    flows = group_of(client, "yuan", "Funding flows")
    in_yuan = FundingFlow.objects.public().filter(currency="CNY")
    assert in_yuan.exists()
    assert flows.count == in_yuan.count()
    assert {flow.currency for flow in flows.results} == {"CNY"}
    assert flows.results[0].get_absolute_url() in page(client, "/search/?q=yuan")


def test_flows_listing_finds_flows_by_currency_name_too(client, archive):
    flows = client.get("/flows/", {"q": "yen"}).context["page"]
    assert flows and {flow.currency for flow in flows} == {"JPY"}


def test_quotes_are_searched_with_their_source(client, archive):
    quote = Citation.objects.filter(flow__currency="CNY").first().quote
    words = " ".join(quote.split()[2:6])
    quotes = group_of(client, words, "Quotes")
    assert quote in [citation.quote for citation in quotes.results]
    assert quotes.results[0].source.get_absolute_url() in page(client, f"/search/?q={words}")


def test_a_quote_backing_a_hidden_record_is_not_found(client, archive):
    citation = Citation.objects.filter(party__isnull=False).first()
    words = " ".join(citation.quote.split()[:5])
    assert group_of(client, words, "Quotes") is not None
    Party.objects.filter(pk=citation.party_id).update(visibility="restricted")
    quotes = group_of(client, words, "Quotes")
    assert quotes is None or citation not in quotes.results


def test_sources_are_searched_by_title(client, archive):
    source = Source.objects.public().first()
    sources = group_of(client, source.title, "Sources")
    assert source in sources.results


def test_the_nearest_name_is_suggested_when_nothing_matches(client, archive):
    response = client.get("/search/", {"q": "Nosatak"})
    assert response.context["total"] == 0
    assert response.context["suggestion"] == "Nosotek"
    assert 'Did you mean <a href="?q=Nosotek">Nosotek</a>?' in response.content.decode()


def test_statements_are_searched_by_summary_and_quote(client, archive):
    # "More than 1,000 North Koreans defect to South Korea every year": a figure the
    # article states that is no record's field, found by its words and shown with them.
    statement = Statement.objects.get(summary__startswith="More than 1,000 North Koreans")
    statements = group_of(client, "defect to South Korea every year", "Statements")
    assert statement in statements.results
    content = page(client, "/search/?q=defect+to+South+Korea+every+year")
    assert f'<a href="{statement.source.get_absolute_url()}#statements-heading">' in content
    assert statement.summary in content and "Statistic" in content
    # By the words of its quote too, not only its summary.
    words = " ".join(statement.quote.split()[:6])
    assert statement in group_of(client, words, "Statements").results


def test_a_statement_from_a_hidden_source_is_not_found(client, archive):
    statement = Statement.objects.get(summary__startswith="More than 1,000 North Koreans")
    Source.objects.filter(pk=statement.source_id).update(visibility="restricted")
    statements = group_of(client, "defect to South Korea every year", "Statements")
    assert statements is None or statement not in statements.results
