"""The home page shows what the archive holds, counting public records only."""

from people.models import Person


def test_home_page_counts_public_records(client, archive):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["counts"]["sources"] == 5
    assert response.context["counts"]["people"] == Person.objects.count()
    assert b"Defectors funding small businesses in North Korea" in response.content


def test_home_page_does_not_count_restricted_or_draft_people(client, archive):
    total = Person.objects.count()
    Person.objects.filter(slug="kang-ho-dong").update(visibility="restricted")
    Person.objects.filter(slug="lee-jia").update(publication_state="draft")
    response = client.get("/")
    assert response.context["counts"]["people"] == total - 2


def test_home_page_costs_a_fixed_number_of_queries(client, archive, django_assert_num_queries):
    # Three counts (sources, flows, and people, organisations and ventures in one grouped
    # read); sources with their publishers and authors; latest records; largest flows.
    with django_assert_num_queries(8):
        client.get("/")


def test_home_page_names_the_newest_sources_and_links_to_them_all(client, archive, monkeypatch):
    from archive import views
    from core.records import PUBLIC
    from sources.selectors import sources_for

    monkeypatch.setattr(views, "HOME_SOURCES", 2)
    response = client.get("/")
    newest = list(sources_for(PUBLIC).values_list("title", flat=True)[:2])
    assert [source.title for source in response.context["sources"]] == newest
    html = response.content.decode()
    assert "Newest sources" in html
    assert 'href="/sources/">All 5 sources</a>' in html


def test_home_page_names_every_source_when_they_are_few(client, archive):
    response = client.get("/")
    assert len(response.context["sources"]) == 5
    html = response.content.decode()
    assert ">Sources</h2>" in html
    assert "All 5 sources" not in html
