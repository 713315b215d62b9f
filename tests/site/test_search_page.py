"""Site-wide search finds names in every spelling, through aliases and in Hangul."""

import pytest

from tests.site.helpers import page


def result_names(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [record.name for _, _, records, _ in response.context["groups"] for record in records]


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
    groups = {label: count for label, count, _, _ in response.context["groups"]}
    assert groups == {"Ventures": 1, "Places": 1}
    assert response.context["total"] == 2


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
    assert [venture.name for venture in ventures] == ["Kaeseong Industrial Complex"]
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
