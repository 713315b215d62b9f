"""The contract of each resource: list and detail shape, summaries, citations, filters."""

import pytest

RESOURCES = [
    "sources",
    "citations",
    "people",
    "organizations",
    "ventures",
    "roles",
    "funding-flows",
    "places",
    "sectors",
    "exchange-rates",
]
#: Records carry citations; reference tables (sectors, rates) and citations do not.
CITED = ["people", "organizations", "ventures", "roles", "funding-flows", "places"]


def results(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def is_summary(value: dict) -> bool:
    return {"id", "name", "url"} <= set(value) and value["url"].startswith("http://testserver/")


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_is_paginated_with_a_total_on_request(archive, anonymous, resource):
    assert set(anonymous.get(f"/api/v1/{resource}/?page_size=3").json()) == {
        "next",
        "previous",
        "results",
    }
    body = anonymous.get(f"/api/v1/{resource}/?page_size=3&count=true").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] > 0
    assert len(body["results"]) == min(3, body["count"])
    assert body["previous"] is None


@pytest.mark.parametrize("resource", RESOURCES)
def test_detail_is_what_the_list_shows(archive, anonymous, resource):
    first = results(anonymous, f"/api/v1/{resource}/?page_size=1")[0]
    detail = anonymous.get(first["url"])
    assert detail.status_code == 200
    assert detail.json() == first


@pytest.mark.parametrize("resource", CITED)
def test_every_record_carries_its_citations(archive, anonymous, resource):
    for record in results(anonymous, f"/api/v1/{resource}/?page_size=500"):
        assert record["citations"], f"{resource} {record['id']} has no citation"
        for citation in record["citations"]:
            assert citation["quote"]
            assert is_summary(citation["source"])


def test_related_records_are_compact_summaries(archive, anonymous):
    venture = anonymous.get("/api/v1/ventures/311/").json()  # Nosotek
    assert all(is_summary(sector) for sector in venture["sectors"])
    assert is_summary(venture["place"])
    assert venture["place"]["name"] == "North Korea"

    flow = anonymous.get("/api/v1/funding-flows/11/").json()
    assert is_summary(flow["funder"]) and flow["funder"]["type"] == "organization"
    assert flow["recipient"]["name"] == "Chongryon"
    assert anonymous.get(flow["recipient"]["url"]).json()["slug"] == "chongryon"


def test_a_person_shows_roles_with_both_ends(archive, anonymous):
    person = anonymous.get("/api/v1/people/108/").json()  # Ahn Myeong-hee
    assert {role["kind"] for role in person["roles"]} == {"founder", "ceo"}
    for role in person["roles"]:
        assert role["person"]["id"] == 108
        assert role["organization"] == {
            "id": 306,
            "name": "Ryu Ae",
            "url": "http://testserver/api/v1/ventures/306/",
            "type": "venture",
        }


def test_a_flow_keeps_amounts_as_stated(archive, anonymous):
    flow = anonymous.get("/api/v1/funding-flows/11/").json()
    assert flow["amount_qualifier"] == "exact"
    assert flow["payment_count"] == 171
    assert flow["currency"] == "JPY"
    assert flow["amount_display"] == "JPY 49,988,000,000 to date in 171 payments"
    assert [conversion["to_currency"] for conversion in flow["conversions"]] == ["KRW"]
    assert flow["usd_low"] is not None


def test_ventures_in_a_sector(archive, anonymous):
    names = [venture["slug"] for venture in results(anonymous, "/api/v1/ventures/?sector=software")]
    assert names == ["nosotek"]


def test_search_finds_names_in_every_spelling(archive, anonymous):
    by_alias = results(anonymous, "/api/v1/organizations/?q=General+Association+of+Korean")
    assert [org["slug"] for org in by_alias] == ["chongryon"]
    spelled = {p["slug"] for p in results(anonymous, "/api/v1/people/?q=ji+seongho")}
    assert "ji-seong-ho" in spelled
    places = {p["slug"] for p in results(anonymous, "/api/v1/places/?q=Kaeseong")}
    assert places == {"kaesong"}


def test_ordering_is_applied_and_reversible(archive, anonymous):
    names = [p["name"] for p in results(anonymous, "/api/v1/people/?ordering=name&page_size=500")]
    assert names == sorted(names)
    reverse = [
        p["name"] for p in results(anonymous, "/api/v1/people/?ordering=-name&page_size=500")
    ]
    assert reverse == names[::-1]


def test_flows_to_chongryon(archive, anonymous):
    flows = results(anonymous, "/api/v1/funding-flows/?recipient=chongryon")
    assert {flow["id"] for flow in flows} == {10, 11}
    assert all(flow["recipient"]["name"] == "Chongryon" for flow in flows)


def test_updated_since_returns_only_newer_records(archive, anonymous):
    from people.models import Person

    person = Person.objects.get(slug="hong-soon-jick")
    person.description = "Research fellow."
    person.save()
    since = person.updated_at.isoformat().replace("+00:00", "Z")
    changed = results(anonymous, f"/api/v1/people/?updated_since={since}")
    assert [p["slug"] for p in changed] == ["hong-soon-jick"]


def test_sectors_and_rates_link_to_what_uses_them(archive, anonymous):
    sector = results(anonymous, "/api/v1/sectors/?ordering=name")[0]
    assert sector["ventures_url"].endswith(f"/api/v1/ventures/?sector={sector['slug']}")
    rates = results(anonymous, "/api/v1/exchange-rates/?currency=jpy&ordering=year")
    assert [rate["currency"] for rate in rates] == ["JPY"] * len(rates)
    assert [rate["year"] for rate in rates] == sorted(rate["year"] for rate in rates)


def test_a_citation_names_the_record_it_backs(archive, anonymous):
    citations = results(anonymous, "/api/v1/citations/?party=chongryon")
    assert citations
    for citation in citations:
        assert citation["backs"]["type"] == "organization"
        assert citation["backs"]["name"] == "Chongryon"
        assert citation["quote"]
