"""A raw-SQL view of the archive's public listings: the yardstick ``bench.py`` measures against.

A tiny WSGI application (no Django, no ORM) that answers the same questions as the
archive's public pages and API lists, over the same PostgreSQL tables, with the same
visibility rule (published and public; a flow only when its named ends are public too)
written as plain joins on indexed columns. It is what a careful hand-written endpoint
costs, so ``bench.py`` can print each of the archive's timings as a ratio to it.

- ``/api/ventures?sector=…&founded_from=…&founded_to=…&page_size=50`` and
  ``/api/flows?currency=…&year_from=…&year_to=…`` — JSON lists with what a lean list row
  shows (names, kind, sectors, place, aliases, USD totals; a flow's ends, amounts,
  conversions and goods), in the API's cursor envelope: ``next`` and ``previous`` links
  that carry the last (first) row's sort key (``after=`` / ``before=``: a keyset page,
  as the API's signed cursors are), no total count; ``page=`` (an offset) stays for the
  site pages' yardsticks;
- ``/ventures?…`` and ``/flows?…`` — HTML pages with what the site's pages show: the
  total, 20 rows, every facet's counts (disjunctive, as the site counts them), and for
  flows the USD totals and the charts by year and by kind;
- ``/exact?name=…`` — an exact lookup of a venture by name, on the (kind, name) index.

Run by ``bench.py`` under gunicorn with ``RAW_DATABASE_URL`` set; each worker keeps one
connection, which its threads share (psycopg serialises them; the bench's requests are
sequential).
"""

from __future__ import annotations

import html
import json
import os
from decimal import Decimal
from urllib.parse import parse_qs, urlencode

import psycopg

FACET_LIMIT = 12
PER_PAGE = 20


def public(alias: str) -> str:
    return f"{alias}.publication_state = 'published' AND {alias}.visibility = 'public'"


VENTURES = f"""
    FROM people_party p JOIN ventures_venture v ON v.party_ptr_id = p.id
    WHERE {public("p")}"""
FLOWS = f"""
    FROM ventures_fundingflow f
    LEFT JOIN people_party fp ON fp.id = f.funder_id
    LEFT JOIN people_party rp ON rp.id = f.recipient_id
    WHERE {public("f")}
      AND (f.funder_id IS NULL OR ({public("fp")}))
      AND (f.recipient_id IS NULL OR ({public("rp")}))"""
SECTOR = """EXISTS (SELECT 1 FROM ventures_venture_sectors vs
    JOIN ventures_sector s ON s.id = vs.sector_id
    WHERE vs.venture_id = p.id AND s.slug = ANY(%s))"""


class Query:
    """The request's filters as SQL conditions, by parameter name."""

    def __init__(self, environ: dict):
        self.params = parse_qs(environ.get("QUERY_STRING", ""))

    def one(self, name: str, default: str = "") -> str:
        return self.params.get(name, [default])[0]

    def number(self, name: str, default: int | None = None) -> int | None:
        value = self.one(name)
        return int(value) if value.strip().lstrip("-").isdigit() else default

    def venture_filters(self) -> dict[str, tuple[str, list]]:
        found = {}
        if self.params.get("sector"):
            found["sector"] = (SECTOR, [self.params["sector"]])
        if self.params.get("kind"):
            found["kind"] = ("v.venture_kind = ANY(%s)", [self.params["kind"]])
        if self.params.get("status"):
            found["status"] = ("v.status = ANY(%s)", [self.params["status"]])
        if self.number("founded_from") is not None:
            found["founded_from"] = ("v.founded_year >= %s", [self.number("founded_from")])
        if self.number("founded_to") is not None:
            found["founded_to"] = ("v.founded_year <= %s", [self.number("founded_to")])
        return found

    def flow_filters(self) -> dict[str, tuple[str, list]]:
        found = {}
        if self.one("currency"):
            found["currency"] = ("f.currency = %s", [self.one("currency").upper()])
        if self.params.get("kind"):
            found["kind"] = ("f.kind = ANY(%s)", [self.params["kind"]])
        if self.params.get("status"):
            found["status"] = ("f.status = ANY(%s)", [self.params["status"]])
        year = self.number("year_from")
        if year is not None:
            found["year_from"] = (
                "(f.end_year >= %s OR (f.end_year IS NULL AND f.start_year >= %s))",
                [year, year],
            )
        if self.number("year_to") is not None:
            found["year_to"] = ("f.start_year <= %s", [self.number("year_to")])
        return found


def where(filters: dict[str, tuple[str, list]], without: str = "") -> tuple[str, list]:
    sql, params = "", []
    for name, (condition, values) in filters.items():
        if name != without:
            sql += f" AND {condition}"
            params += values
    return sql, params


_connection: psycopg.Connection | None = None


def connection() -> psycopg.Connection:
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["RAW_DATABASE_URL"], autocommit=True)
    return _connection


def rows(sql: str, params: list | tuple = ()) -> list[tuple]:
    with connection().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def grouped(rows_: list[tuple]) -> dict:
    out: dict = {}
    for key, *value in rows_:
        out.setdefault(key, []).append(value if len(value) > 1 else value[0])
    return out


# Listings ----------------------------------------------------------------------------


def venture_rows(
    filters: dict, size: int, offset: int, after: tuple | None = None
) -> tuple[list[dict], bool]:
    condition, params = where(filters)
    if after is not None:
        condition += " AND (p.name, p.id) > (%s, %s)"
        params = [*params, after[0], int(after[1])]
    found = rows(
        f"""SELECT p.id, p.name, p.slug, p.description, v.venture_kind, v.status,
                   v.founded_year, v.place_id {VENTURES}{condition}
            ORDER BY p.name, p.id LIMIT %s OFFSET %s""",
        [*params, size + 1, offset],
    )
    more, found = len(found) > size, found[:size]
    ids = [row[0] for row in found]
    sectors = grouped(
        rows(
            """SELECT vs.venture_id, s.slug, s.name FROM ventures_venture_sectors vs
               JOIN ventures_sector s ON s.id = vs.sector_id
               WHERE vs.venture_id = ANY(%s) ORDER BY s.name""",
            [ids],
        )
    )
    places = {
        pk: {"slug": slug, "name": name}
        for pk, slug, name in rows(
            f"SELECT pl.id, pl.slug, pl.name FROM ventures_place pl"
            f" WHERE pl.id = ANY(%s) AND {public('pl')}",
            [[row[7] for row in found if row[7]]],
        )
    }
    aliases = grouped(
        rows(
            "SELECT party_id, name FROM people_partyalias WHERE party_id = ANY(%s) ORDER BY name",
            [ids],
        )
    )
    funding = {
        pk: (low, high)
        for pk, low, high in rows(
            f"""SELECT f.recipient_id, SUM(f.usd_low), SUM(COALESCE(f.usd_high, f.usd_low))
                {FLOWS} AND f.recipient_id = ANY(%s) GROUP BY f.recipient_id""",
            [ids],
        )
    }
    return [
        {
            "id": pk,
            "name": name,
            "slug": slug,
            "description": description,
            "kind": kind,
            "status": status,
            "founded_year": founded,
            "place": places.get(place),
            "sectors": [{"slug": s, "name": n} for s, n in sectors.get(pk, [])],
            "aliases": aliases.get(pk, []),
            "funding_usd_low": funding.get(pk, (0, 0))[0] or 0,
            "funding_usd_high": funding.get(pk, (0, 0))[1] or 0,
        }
        for pk, name, slug, description, kind, status, founded, place in found
    ], more


def flow_rows(
    filters: dict, size: int, offset: int, after: tuple | None = None
) -> tuple[list[dict], bool]:
    condition, params = where(filters)
    if after is not None:
        # The order is start_year DESC NULLS LAST, id: the rows after (year, id).
        year, pk = after
        if year == "":
            condition += " AND f.start_year IS NULL AND f.id > %s"
            params = [*params, int(pk)]
        else:
            condition += (
                " AND (f.start_year < %s OR (f.start_year = %s AND f.id > %s)"
                " OR f.start_year IS NULL)"
            )
            params = [*params, int(year), int(year), int(pk)]
    found = rows(
        f"""SELECT f.id, f.funder_id, fp.name, fp.slug, f.funder_description, f.recipient_id,
                   rp.name, rp.slug, f.recipient_description, f.kind, f.status,
                   f.amount_low, f.amount_high, f.amount_qualifier, f.amount_as_stated,
                   f.currency, f.basis, f.payment_count, f.start_year, f.end_year,
                   f.date_as_stated, f.usd_low, f.usd_high
            {FLOWS}{condition}
            ORDER BY f.start_year DESC NULLS LAST, f.id LIMIT %s OFFSET %s""",
        [*params, size + 1, offset],
    )
    more, found = len(found) > size, found[:size]
    ids = [row[0] for row in found]
    conversions = grouped(
        rows(
            """SELECT flow_id, from_amount, to_currency, to_amount, as_stated
               FROM ventures_statedconversion WHERE flow_id = ANY(%s)""",
            [ids],
        )
    )
    goods = grouped(
        rows(
            """SELECT flow_id, item, quantity_low, quantity_high, quantity_qualifier
               FROM ventures_goodsitem WHERE flow_id = ANY(%s) ORDER BY item""",
            [ids],
        )
    )
    names = [
        "id",
        "funder_id",
        "funder",
        "funder_slug",
        "funder_description",
        "recipient_id",
        "recipient",
        "recipient_slug",
        "recipient_description",
        "kind",
        "status",
        "amount_low",
        "amount_high",
        "amount_qualifier",
        "amount_as_stated",
        "currency",
        "basis",
        "payment_count",
        "start_year",
        "end_year",
        "date_as_stated",
        "usd_low",
        "usd_high",
    ]
    out = []
    for row in found:
        item = dict(zip(names, row, strict=True))
        item["conversions"] = conversions.get(row[0], [])
        item["goods"] = goods.get(row[0], [])
        out.append(item)
    return out, more


# Facets and totals -------------------------------------------------------------------


def venture_facets(filters: dict) -> dict[str, list]:
    """The site's venture facets: each counts with every filter but its own."""

    def counts(column: str, without: str, join: str = "", extra: str = "") -> list:
        condition, params = where(filters, without)
        return rows(
            f"SELECT {column}, COUNT(DISTINCT p.id) FROM people_party p"
            f" JOIN ventures_venture v ON v.party_ptr_id = p.id {join}"
            f" WHERE {public('p')}{condition}{extra} GROUP BY 1 ORDER BY 1",
            params,
        )

    in_public_place = f" JOIN ventures_place pl ON pl.id = v.place_id AND {public('pl')}"
    facets = {
        "sector": counts(
            "s.slug",
            "sector",
            "JOIN ventures_venture_sectors vs2 ON vs2.venture_id = p.id"
            " JOIN ventures_sector s ON s.id = vs2.sector_id",
        ),
        "kind": counts("v.venture_kind", "kind"),
        "status": counts("v.status", "status"),
        "country": counts("pl.country", "country", in_public_place),
    }
    direct = dict(counts("pl.id", "place", in_public_place))
    parents = dict(rows("SELECT id, parent_id FROM ventures_place"))
    totals: dict[int, int] = {}
    for place, count in direct.items():
        while place is not None:
            totals[place] = totals.get(place, 0) + count
            place = parents.get(place)
    facets["place"] = sorted(totals.items())
    condition, params = where(filters)
    founders = f"""EXISTS (SELECT 1 FROM people_role r
        JOIN people_party pp ON pp.id = r.person_id JOIN people_person pe ON pe.party_ptr_id = pp.id
        WHERE r.organization_id = p.id AND r.kind IN ('founder', 'co_founder')
          AND {public("r")} AND {public("pp")} AND pe.is_defector)"""
    funded = f"EXISTS (SELECT 1 {FLOWS} AND f.recipient_id = p.id)"
    facets["yes_no"] = rows(
        f"""SELECT COUNT(*), COUNT(*) FILTER (WHERE {founders}), COUNT(*) FILTER (WHERE {funded})
            {VENTURES}{condition}""",
        params,
    )
    facets["funded_by"] = rows(
        f"""SELECT fp.slug, fp.name, COUNT(DISTINCT f.recipient_id) AS n {FLOWS}
            AND f.funder_id IS NOT NULL AND f.recipient_id IN (SELECT p.id {VENTURES}{condition})
            GROUP BY fp.slug, fp.name ORDER BY n DESC, fp.name LIMIT {FACET_LIMIT}""",
        params,
    )
    facets["funding_kind"] = rows(
        f"""SELECT f.kind, COUNT(DISTINCT f.recipient_id) {FLOWS}
            AND f.recipient_id IN (SELECT p.id {VENTURES}{condition}) GROUP BY f.kind""",
        params,
    )
    return facets


def flow_summary(filters: dict) -> dict[str, list]:
    """The flow page's totals, charts and facets."""
    condition, params = where(filters)
    money = "SUM(f.usd_low), SUM(COALESCE(f.usd_high, f.usd_low))"
    summary = {
        "totals": rows(
            f"""SELECT COUNT(*),
                       COUNT(*) FILTER (WHERE f.usd_low IS NOT NULL OR f.usd_high IS NOT NULL),
                       COUNT(*) FILTER (WHERE f.usd_low IS NOT NULL AND f.usd_high IS NULL),
                       {money} {FLOWS}{condition}""",
            params,
        ),
        "by_year": rows(
            f"SELECT COALESCE(f.start_year, f.end_year) AS y, COUNT(*), {money}"
            f" {FLOWS}{condition} GROUP BY y ORDER BY y NULLS LAST",
            params,
        ),
        "by_kind": rows(
            f"SELECT f.kind, COUNT(*), {money} {FLOWS}{condition} GROUP BY f.kind", params
        ),
    }
    for facet, column in (("kind", "f.kind"), ("status", "f.status"), ("currency", "f.currency")):
        without, facet_params = where(filters, facet)
        summary[facet] = rows(
            f"SELECT {column}, COUNT(*) {FLOWS}{without} GROUP BY 1 ORDER BY 1", facet_params
        )
    for end, alias in (("funder", "fp"), ("recipient", "rp")):
        summary[end] = rows(
            f"""SELECT {alias}.slug, {alias}.name, COUNT(*) AS n {FLOWS}{condition}
                AND f.{end}_id IS NOT NULL GROUP BY 1, 2 ORDER BY n DESC, 2 LIMIT {FACET_LIMIT}""",
            params,
        )
    return summary


# Responses ---------------------------------------------------------------------------


def as_json(data) -> bytes:
    def default(value):
        return str(value) if isinstance(value, Decimal) else repr(value)

    return json.dumps(data, default=default).encode()


def as_html(title: str, sections: dict[str, list]) -> bytes:
    parts = [f"<!doctype html><title>{html.escape(title)}</title><h1>{html.escape(title)}</h1>"]
    for name, items in sections.items():
        parts.append(f"<section><h2>{html.escape(name)}</h2><ul>")
        parts.extend(
            "<li>" + " · ".join(html.escape(str(cell)) for cell in item) + "</li>" for item in items
        )
        parts.append("</ul></section>")
    return "".join(parts).encode()


def page_of(query: Query, default: int) -> tuple[int, int]:
    size = max(1, min(500, query.number("page_size", default)))
    page = max(1, query.number("page", 1))
    return size, (page - 1) * size


def keyset(query: Query) -> tuple | None:
    """The ``after`` parameter: the previous page's last sort key, ``value|id``."""
    given = query.one("after")
    if not given:
        return None
    value, _, pk = given.rpartition("|")
    return value, pk


def envelope(query: Query, found: list[dict], more: bool, key) -> bytes:
    """The API's cursor envelope: links to the next and previous pages, then the rows."""

    def link(name: str, row: dict) -> str:
        rest = {k: v for k, v in query.params.items() if k not in ("after", "before")}
        value = key(row)
        rest[name] = [f"{'' if value is None else value}|{row['id']}"]
        return "?" + urlencode(rest, doseq=True)

    following = link("after", found[-1]) if more and found else None
    previous = link("before", found[0]) if query.one("after") and found else None
    return as_json({"next": following, "previous": previous, "results": found})


def api_ventures(query: Query) -> bytes:
    size, offset = page_of(query, 50)
    found, more = venture_rows(query.venture_filters(), size, offset, keyset(query))
    return envelope(query, found, more, lambda row: row["name"])


def api_flows(query: Query) -> bytes:
    size, offset = page_of(query, 50)
    found, more = flow_rows(query.flow_filters(), size, offset, keyset(query))
    return envelope(query, found, more, lambda row: row["start_year"])


def ventures_page(query: Query) -> bytes:
    filters = query.venture_filters()
    size, offset = page_of(query, PER_PAGE)
    condition, params = where(filters)
    total = rows(f"SELECT COUNT(*) {VENTURES}{condition}", params)
    found, _ = venture_rows(filters, size, offset)
    listing = [(v["name"], v["kind"], v["place"], v["funding_usd_high"]) for v in found]
    return as_html("Ventures", {"total": total, "ventures": listing, **venture_facets(filters)})


def flows_page(query: Query) -> bytes:
    filters = query.flow_filters()
    size, offset = page_of(query, PER_PAGE)
    found, _ = flow_rows(filters, size, offset)
    listing = [(f["funder"] or f["funder_description"], f["amount_as_stated"]) for f in found]
    return as_html("Funding flows", {"flows": listing, **flow_summary(filters)})


def exact(query: Query) -> bytes:
    found = rows(
        f"SELECT p.id, p.name, p.slug FROM people_party p"
        f" WHERE p.kind = 'venture' AND p.name = %s AND {public('p')} LIMIT 50",
        [query.one("name")],
    )
    return as_json({"results": [{"id": i, "name": n, "slug": s} for i, n, s in found]})


ROUTES = {
    "/api/ventures": (api_ventures, "application/json"),
    "/api/flows": (api_flows, "application/json"),
    "/ventures": (ventures_page, "text/html; charset=utf-8"),
    "/flows": (flows_page, "text/html; charset=utf-8"),
    "/exact": (exact, "application/json"),
}


def application(environ, start_response):
    route = ROUTES.get(environ.get("PATH_INFO", "").rstrip("/") or "/")
    if route is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    view, content_type = route
    body = view(Query(environ))
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]
