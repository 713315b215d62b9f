"""A party's page lists its relations both ways, and a source's page its statements,
each with the article's words."""

from django.utils.html import escape


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_organisation_page_names_who_runs_it_with_the_quote(client, archive):
    html = page(client, "/organisations/asan-nanum-foundation/")
    assert "Links to other organisations" in html
    assert 'href="/organisations/hyundai-group/"' in html
    assert "— operator" in html
    assert escape("“run by conglomerate Hyundai Group”") in html


def test_the_operator_page_names_what_it_runs(client, archive):
    html = page(client, "/organisations/hyundai-group/")
    assert "Operator of" in html
    assert 'href="/organisations/asan-nanum-foundation/"' in html


def test_an_unnamed_end_is_described(client, archive):
    html = page(client, "/organisations/pyongyang-university-of-science-and-technology/")
    assert "The two Koreas (North and South Korea) — co-founder" in html
    assert "since 2010" in html


def test_a_source_page_lists_its_statements(client, archive):
    html = page(client, "/sources/linkilaw-startup-in-north-korea/")
    assert "Statements" in html
    assert "over 80% of their household income" in html
