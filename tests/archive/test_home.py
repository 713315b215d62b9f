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
    # Five counts; sources with their publishers and authors; latest records; largest flows.
    with django_assert_num_queries(10):
        client.get("/")
