"""Reconciliation as OpenRefine does it: the manifest, then batches of queries, over HTTP.

The client flow runs against a real server (``live_server``) with ``requests``, posting
``queries`` as a form field exactly as OpenRefine does.
"""

import json

import pytest
import requests

from people.models import Person


@pytest.fixture
def service(live_server, transactional_db, archive):
    return f"{live_server.url}/api/v1/reconcile/"


def reconcile(service: str, queries: dict) -> dict:
    response = requests.post(service, data={"queries": json.dumps(queries)}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_spreadsheet_of_names_is_matched_over_http(service, live_server):
    manifest = requests.get(service, timeout=30).json()
    assert manifest["versions"] == ["0.2"]
    assert {t["id"] for t in manifest["defaultTypes"]} == {
        "person",
        "organization",
        "venture",
        "place",
    }
    answers = reconcile(
        service,
        {
            "q0": {"query": "Kaeseong", "type": "place", "limit": 3},
            "q1": {"query": "개성", "type": "place"},
            "q2": {"query": "Kaesong", "type": "place"},
            "q3": {"query": "Ji Seong-ho", "type": "person"},
            "q4": {"query": "ji seong ho"},
        },
    )
    for key in ("q0", "q1", "q2"):
        best = answers[key]["result"][0]
        assert best["name"] == "Kaesong" and best["match"] is True and best["score"] == 100
        assert best["type"] == [{"id": "place", "name": "Place"}]
    for key in ("q3", "q4"):
        best = answers[key]["result"][0]
        assert best["name"] == "Ji Seong Ho" and best["match"] is True
    # The manifest's view URL opens the matched record in the API.
    view = manifest["view"]["url"].replace("{{id}}", answers["q3"]["result"][0]["id"])
    assert requests.get(view, timeout=30).json()["name"] == "Ji Seong Ho"
    assert len(answers["q0"]["result"]) <= 3


def test_a_near_miss_scores_below_an_exact_match(service):
    answers = reconcile(service, {"q0": {"query": "Ji Seong", "type": "person"}})
    best = answers["q0"]["result"][0]
    assert best["name"] == "Ji Seong Ho"
    assert 0 < best["score"] < 100 and best["match"] is False


def test_restricted_records_are_never_candidates(service):
    person = Person.objects.get(name="Ji Seong Ho")
    person.visibility = "restricted"
    person.save()
    answers = reconcile(service, {"q0": {"query": "Ji Seong Ho"}})
    assert all(result["name"] != "Ji Seong Ho" for result in answers["q0"]["result"])


@pytest.mark.parametrize(
    "queries",
    [
        "not json",
        "[]",
        "{}",
        '{"q0": "Kaesong"}',
        '{"q0": {"query": ""}}',
        '{"q0": {"query": "Kaesong", "type": "ship"}}',
        '{"q0": {"query": "Kaesong", "limit": 0}}',
        '{"q0": {"query": "Kaesong", "limit": true}}',
        json.dumps({f"q{n}": {"query": "x"} for n in range(51)}),
        "[" * 100_000,
    ],
)
def test_a_bad_batch_is_a_400_naming_queries(archive, anonymous, queries):
    response = anonymous.post("/api/v1/reconcile/", {"queries": queries})
    assert response.status_code == 400
    assert "queries" in response.json()["errors"]
    response = anonymous.get("/api/v1/reconcile/", {"queries": queries})
    assert response.status_code == 400
