"""Hidden records never show: not by URL, count, nesting, total, graph, citation or export."""

import json

import pytest

from core.records import PublicationState, Visibility
from people.models import Organization, Party, Person
from sources.models import Source
from ventures.models import Place

RESTRICTED = {"visibility": Visibility.RESTRICTED}
DRAFT = {"publication_state": PublicationState.DRAFT}


def hide(model, slug: str, how: dict) -> None:
    # .update() on purpose: the hidden state is what matters here, not how it came about.
    model.objects.filter(slug=slug).update(**how)


def everything(client) -> str:
    """Every public surface of the API, as one string to search."""
    pages = [
        f"/api/v1/{resource}/?page_size=500"
        for resource in (
            "people",
            "organizations",
            "ventures",
            "roles",
            "funding-flows",
            "places",
            "sources",
            "citations",
        )
    ]
    pages += [
        "/api/v1/funding-flows/summary/?group_by=funder&page_size=500",
        "/api/v1/funding-flows/summary/?group_by=recipient&page_size=500",
        "/api/v1/graph/?party=kim-jong-un&depth=3",
    ]
    text = "".join(client.get(page).content.decode() for page in pages)
    for export in ("/api/v1/exports/archive.jsonl", "/api/v1/exports/ftm.json"):
        text += b"".join(client.get(export).streaming_content).decode()
    return text


@pytest.mark.parametrize("how", [RESTRICTED, DRAFT], ids=["restricted", "draft"])
def test_a_hidden_person_answers_like_one_that_never_existed(archive, anonymous, outsider, how):
    hide(Person, "ji-seong-ho", how)
    for client in (anonymous, outsider):
        hidden = client.get("/api/v1/people/102/")
        missing = client.get("/api/v1/people/99999/")
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
        assert hidden.headers.get("ETag") is None


def test_a_restricted_person_vanishes_from_every_surface(archive, anonymous):
    before = anonymous.get("/api/v1/people/?count=true").json()["count"]
    hide(Person, "ji-seong-ho", RESTRICTED)
    assert anonymous.get("/api/v1/people/?count=true").json()["count"] == before - 1
    text = everything(anonymous)
    # Other records' descriptions may mention him in prose; no record may name or link him.
    assert '"Ji Seong Ho"' not in text
    assert "ji-seong-ho" not in text
    assert "/people/102/" not in text
    assert "nkfa-person-102" not in text


def test_a_restricted_funder_hides_its_flows_from_totals(archive, anonymous):
    url = "/api/v1/funding-flows/summary/?recipient=chongryon&group_by=funder"
    before = anonymous.get(url).json()["total"]["count"]
    hide(Person, "kim-jong-un", RESTRICTED)
    after = anonymous.get(url).json()
    assert after["total"]["count"] == before - 1
    assert "Kim Jong Un" not in json.dumps(after)


def test_a_restricted_place_is_not_nested_in_its_ventures(archive, anonymous):
    hide(Place, "north-korea", RESTRICTED)
    venture = anonymous.get("/api/v1/ventures/311/").json()  # Nosotek, placed in North Korea
    assert venture["place"] is None
    assert anonymous.get("/api/v1/places/1/").status_code == 404
    children = anonymous.get("/api/v1/places/?page_size=500").json()["results"]
    assert all(place["parent"] is None or place["parent"]["id"] != 1 for place in children)


def test_a_hidden_parent_organisation_is_not_named(archive, anonymous):
    hide(Organization, "hyundai-group", DRAFT)
    foundation = anonymous.get("/api/v1/organizations/213/").json()  # run by Hyundai Group
    assert foundation["parent"] is None


def test_a_restricted_source_hides_its_citations_and_authors(archive, anonymous):
    hide(Source, "korea-herald-2021-standing-on-their-own", RESTRICTED)
    person = anonymous.get("/api/v1/people/108/").json()  # cited only by that article
    assert all(citation["source"]["id"] != 2 for citation in person["citations"])
    assert anonymous.get("/api/v1/citations/?page_size=500&count=true").json()["count"] > 0
    assert "Standing on their own" not in everything(anonymous)


def test_a_restricted_author_is_not_listed_on_the_source(archive, anonymous):
    hide(Person, "park-han-na", RESTRICTED)
    source = anonymous.get("/api/v1/sources/2/").json()
    assert [author["name"] for author in source["authors"]] == ["Park Ga-young"]


def test_a_hidden_party_cannot_be_named_in_a_filter_or_graph(archive, anonymous):
    hide(Party, "chongryon", RESTRICTED)
    for url in (
        "/api/v1/funding-flows/?recipient=chongryon",
        "/api/v1/graph/?party=chongryon",
        "/api/v1/graph/?party=210",
    ):
        response = anonymous.get(url)
        assert response.status_code == 400
        assert "chongryon" not in response.content.decode().lower()
    unknown = anonymous.get("/api/v1/graph/?party=no-such-party").json()
    assert anonymous.get("/api/v1/graph/?party=chongryon").json() == unknown


def test_staff_see_restricted_records(archive, archivist):
    hide(Person, "ji-seong-ho", RESTRICTED)
    person = archivist.get("/api/v1/people/102/")
    assert person.status_code == 200
    assert person.json()["visibility"] == "restricted"


def test_exports_are_public_even_for_staff(archive, editor):
    hide(Person, "ji-seong-ho", RESTRICTED)
    ftm = b"".join(editor.get("/api/v1/exports/ftm.json").streaming_content).decode()
    assert "nkfa-person-102" not in ftm
    dump = b"".join(editor.get("/api/v1/exports/archive.jsonl").streaming_content).decode()
    assert "ji-seong-ho" not in dump
    assert '"full_text"' not in dump


def test_full_text_is_for_staff_only(archive, anonymous, outsider, archivist):
    assert "full_text" not in anonymous.get("/api/v1/sources/1/").json()
    assert "full_text" not in outsider.get("/api/v1/sources/1/").json()
    assert "full_text" not in anonymous.get("/api/v1/sources/?format=csv").content.decode()
    text = archivist.get("/api/v1/sources/1/").json()["full_text"]
    assert text == Source.objects.get(pk=1).full_text
