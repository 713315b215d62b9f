"""The benchmark's yardsticks show the same rows as the archive, or their ratios mean nothing.

``benchmarks/rawsql.py`` (the raw-SQL view) and ``benchmarks/datasette_db.py`` (the copy
Datasette serves) restate the archive's visibility rule and filters in plain SQL; these
tests hold them to the archive's own answers on a synthetic archive with hidden records.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from django.db import connection
from django.test import Client

from archive import synthetic
from core.records import PUBLIC
from ventures import flow_stats
from ventures.filters import FundingFlowFilter
from ventures.selectors import listed_flows

VENTURES = "sector=software&founded_from=2000&founded_to=2020"
FLOWS = "currency=CNY&year_from=2005&year_to=2015"


@pytest.fixture
def raw(postgres, monkeypatch):
    """rawsql, reading the test database over its own connection (so: committed data)."""
    from benchmarks import rawsql

    settings = connection.settings_dict
    url = (
        f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    monkeypatch.setenv("RAW_DATABASE_URL", url)
    monkeypatch.setattr(rawsql, "_connection", None)
    yield rawsql, url
    if rawsql._connection is not None:
        rawsql._connection.close()


def call(rawsql, path: str, query: str) -> bytes:
    statuses = []
    body = b"".join(
        rawsql.application(
            {"PATH_INFO": path, "QUERY_STRING": query},
            lambda status, headers: statuses.append(status),
        )
    )
    assert statuses == ["200 OK"]
    return body


def api_ids(url: str) -> tuple[int, list[int]]:
    data = Client().get(url + "&count=true").json()
    return data["count"], [row["id"] for row in data["results"]]


@pytest.mark.django_db(transaction=True)
def test_raw_sql_lists_show_the_api_s_rows_in_its_order(raw, archive):
    rawsql, _ = raw
    synthetic.generate(ventures=300, flows=1500, seed=2)
    for api, path, query in (
        ("/api/v1/ventures/", "/api/ventures", VENTURES),
        ("/api/v1/funding-flows/", "/api/flows", FLOWS),
    ):
        count, ids = api_ids(f"{api}?{query}&page_size=500")
        data = json.loads(call(rawsql, path, f"{query}&page_size=500"))
        assert [row["id"] for row in data["results"]] == ids
        assert count == len(ids) > 5
        assert data["next"] is None and data["previous"] is None
        # The next link is a keyset page, as the API's cursor is: the same rows follow.
        first = json.loads(call(rawsql, path, f"{query}&page_size=3"))
        second = json.loads(call(rawsql, path, first["next"].lstrip("?")))
        api_second = Client().get(Client().get(f"{api}?{query}&page_size=3").json()["next"]).json()
        assert [row["id"] for row in second["results"]] == [
            row["id"] for row in api_second["results"]
        ]
        assert second["previous"] is not None


@pytest.mark.django_db(transaction=True)
def test_the_api_lists_are_timed_with_the_raw_row_s_fields(raw, archive):
    # bench.py asks the API for the fields a raw row carries: the same query, one shape.
    from benchmarks.bench import RAW_FLOW_FIELDS, RAW_VENTURE_FIELDS

    rawsql, _ = raw
    synthetic.generate(ventures=300, flows=1500, seed=2)
    raw_rows = json.loads(call(rawsql, "/api/ventures", VENTURES))["results"]
    url = f"/api/v1/ventures/?{VENTURES}&fields={RAW_VENTURE_FIELDS}"
    api_rows = Client().get(url).json()["results"]
    assert raw_rows and [row["id"] for row in raw_rows] == [row["id"] for row in api_rows]
    for raw_row, api_row in zip(raw_rows, api_rows, strict=True):
        assert set(raw_row) == set(api_row) == set(RAW_VENTURE_FIELDS.split(","))
        for name in ("name", "slug", "description", "kind", "status", "founded_year"):
            assert raw_row[name] == api_row[name], name
        assert [s["name"] for s in raw_row["sectors"]] == [s["name"] for s in api_row["sectors"]]
        assert (raw_row["place"] or {}).get("name") == (api_row["place"] or {}).get("name")

    raw_rows = json.loads(call(rawsql, "/api/flows", FLOWS))["results"]
    url = f"/api/v1/funding-flows/?{FLOWS}&fields={RAW_FLOW_FIELDS}"
    api_rows = Client().get(url).json()["results"]
    assert raw_rows and [row["id"] for row in raw_rows] == [row["id"] for row in api_rows]
    fields = set(RAW_FLOW_FIELDS.split(","))
    for raw_row, api_row in zip(raw_rows, api_rows, strict=True):
        # A raw row names each end by three columns; the API, by one nested record.
        assert set(api_row) == fields
        assert set(raw_row) - fields == {
            "funder_id",
            "funder_slug",
            "recipient_id",
            "recipient_slug",
        }
        for name in sorted(fields - {"funder", "recipient", "conversions", "goods"}):
            assert str(raw_row[name]) == str(api_row[name]), name
        for end in ("funder", "recipient"):
            assert raw_row[end] == (api_row[end] or {}).get("name"), end
            assert raw_row[f"{end}_id"] == (api_row[end] or {}).get("id"), end
        for listed in ("conversions", "goods"):
            assert len(raw_row[listed]) == len(api_row[listed]), listed


@pytest.mark.django_db(transaction=True)
def test_raw_sql_flow_totals_are_the_site_s(raw, archive):
    rawsql, _ = raw
    synthetic.generate(ventures=300, flows=1500, seed=2)
    filterset = FundingFlowFilter(
        dict(p.split("=") for p in FLOWS.split("&")), listed_flows(PUBLIC)
    )
    assert filterset.is_valid()
    totals = flow_stats.flow_totals(filterset.qs)
    where, params = rawsql.where(rawsql.Query({"QUERY_STRING": FLOWS}).flow_filters())
    count, estimated, open_ended, low, high = rawsql.rows(
        f"SELECT COUNT(*),"
        f" COUNT(*) FILTER (WHERE f.usd_low IS NOT NULL OR f.usd_high IS NOT NULL),"
        f" COUNT(*) FILTER (WHERE f.usd_low IS NOT NULL AND f.usd_high IS NULL),"
        f" SUM(f.usd_low), SUM(COALESCE(f.usd_high, f.usd_low)) {rawsql.FLOWS}{where}",
        params,
    )[0]
    assert (count, estimated, open_ended, low, high) == (
        totals.count,
        totals.estimated,
        totals.open_ended,
        totals.usd_low,
        totals.usd_high,
    )


@pytest.mark.django_db(transaction=True)
def test_the_datasette_copy_holds_the_public_rows(raw, archive, tmp_path):
    from benchmarks import datasette_db

    _, url = raw
    synthetic.generate(ventures=300, flows=1500, seed=2)
    path, metadata = datasette_db.copy(url, "bench", tmp_path, log=lambda _: None)
    copy = sqlite3.connect(path)
    ventures = copy.execute(
        "SELECT COUNT(*) FROM ventures, json_each(ventures.sectors) AS s"
        " WHERE s.value = 'software' AND founded_year BETWEEN 2000 AND 2020"
    ).fetchone()[0]
    flows = copy.execute(
        "SELECT COUNT(*) FROM flows WHERE currency = 'CNY' AND year_to >= 2005"
        " AND start_year <= 2015"
    ).fetchone()[0]
    assert ventures == api_ids(f"/api/v1/ventures/?{VENTURES}")[0]
    assert flows == api_ids(f"/api/v1/funding-flows/?{FLOWS}")[0]
    facets = json.loads(metadata.read_text())["databases"]["bench"]["tables"]["ventures"]
    assert {"array": "sectors"} in facets["facets"]
