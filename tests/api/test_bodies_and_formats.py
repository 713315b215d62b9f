"""Hostile bodies, CSV that a spreadsheet can rely on, gzip and CORS."""

import csv
import gzip
import io

import pytest

from ventures.models import FundingFlow


def rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("depth", [33, 100_000])
def test_json_nested_too_deeply_is_a_400(archive, editor, anonymous, depth):
    body = "[" * depth + "]" * depth
    for client, url in ((editor, "/api/v1/people/"), (anonymous, "/api/v1/auth/token/")):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400, response.content
        assert response.json()["errors"]["body"]


def test_json_at_a_sane_depth_is_read(archive, editor):
    nested = {"name": "Deep", "slug": "deep", "aliases": [{"name": "D", "kind": "alias"}]}
    assert editor.post("/api/v1/people/", nested, format="json").status_code == 201


def test_alias_lists_are_bounded(archive, editor):
    aliases = [{"name": f"Alias {n}", "kind": "alias"} for n in range(2000)]
    response = editor.post(
        "/api/v1/people/", {"name": "Many", "slug": "many", "aliases": aliases}, format="json"
    )
    assert response.status_code == 400
    assert "aliases" in response.json()["errors"]


def test_a_refused_write_names_no_constraint(archive, editor):
    taken = editor.get("/api/v1/people/101/").json()["slug"]
    response = editor.post("/api/v1/people/", {"name": "Twin", "slug": taken}, format="json")
    assert response.status_code == 400
    text = response.content.decode()
    assert "_key" not in text and "constraint" not in text.lower() and "people_" not in text


def test_a_csv_page_has_the_resource_header_even_when_empty(archive, anonymous):
    full = rows(anonymous.get("/api/v1/ventures/?format=csv"))
    empty = rows(anonymous.get("/api/v1/ventures/?format=csv&q=zzzznothing"))
    assert empty == [full[0]]
    assert "place.name" in full[0] and "funding_usd_high" in full[0]


def test_every_csv_page_has_the_same_header(archive, anonymous):
    url, headers = "/api/v1/ventures/?format=csv&page_size=1", set()
    for _ in range(6):
        response = anonymous.get(url)
        headers.add(tuple(rows(response)[0]))
        link = response.get("Link", "")
        if 'rel="next"' not in link:
            break
        url = link.split(">")[0].lstrip("<")
    assert len(headers) == 1


def test_the_summary_csv_ends_with_its_totals(archive, anonymous):
    table = rows(anonymous.get("/api/v1/funding-flows/summary/?group_by=kind&format=csv"))
    header, total = table[0], dict(zip(table[0], table[-1], strict=True))
    assert {"key", "label", "count", "usd_low", "usd_high", "party.name"} <= set(header)
    assert total["label"] == "Total"
    summary = anonymous.get("/api/v1/funding-flows/summary/").json()["total"]
    assert int(total["count"]) == summary["count"] == FundingFlow.objects.public().count()


def test_anonymous_api_reads_are_gzipped(archive, anonymous, editor):
    response = anonymous.get("/api/v1/citations/?page_size=100", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).startswith(b"{")
    # BREACH: nothing signed in, and no token answer, is compressed.
    signed_in = editor.get("/api/v1/citations/?page_size=100", HTTP_ACCEPT_ENCODING="gzip")
    assert not signed_in.has_header("Content-Encoding")


def test_anonymous_gets_are_open_to_other_origins(archive, anonymous):
    response = anonymous.get("/api/v1/people/", HTTP_ORIGIN="https://newsroom.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = anonymous.options(
        "/api/v1/people/",
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert "authorization" not in preflight.get("Access-Control-Allow-Headers", "").lower()
    assert not anonymous.get("/", HTTP_ORIGIN="https://x.example").has_header(
        "Access-Control-Allow-Origin"
    )


def test_errors_django_answers_itself_are_json_under_the_api(archive, anonymous):
    """Too many form fields is refused by Django before DRF sees a value (handler400)."""
    fields = "&".join(f"f{n}=x" for n in range(1500))
    response = anonymous.post(
        "/api/v1/auth/token/", fields, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    # The site keeps its HTML pages.
    page = anonymous.post("/search/", fields, content_type="application/x-www-form-urlencoded")
    assert not page["Content-Type"].startswith("application/json")
