"""``make bench``: the archive at national scale, measured side by side in one run.

On PostgreSQL, with synthetic data at 1x (20,000 ventures / 100,000 flows) and 10x
(200,000 / 1,000,000), generated once by ``manage.py generate_synthetic`` and reused
after, this starts the archive under gunicorn as `make serve` runs it (``gunicorn.conf.py``:
threaded workers by cores, persistent database connections; loopback, DEBUG off,
throttling off) beside a raw-SQL WSGI view of the same rows (``rawsql.py``) and
Datasette over the same public rows in SQLite (``datasette_db.py``), and prints the
medians of sequential requests as ratios next to each goal of issue 9. The two sides of
each ratio are measured side by side, one request to each in turn, so a stretch of load
on the machine falls on both alike:

- API lists (ventures, flows, filtered) against the raw-SQL JSON of the same rows (the
  venture list asks for the raw row's fields; its whole record is printed beside it);
- ``/ventures/`` with facets and ``/flows/`` with totals and charts against their raw-SQL
  equivalents and against Datasette's filtered, faceted table pages;
- name search against an exact indexed lookup;
- queries per request at API page sizes 1, 20 and 100;
- a deep page against the first; the median latency at 10x against 1x;
- a 304 (If-None-Match) against the full response;
- every public surface at both sizes, and the admin's index and change lists as a
  superuser (in-process; no goal of their own);
- peak memory (RSS) of the gunicorn worker streaming the JSON Lines and FollowTheMoney
  exports of the whole archive;
- optionally (``--wrk``) 30 s of wrk with 32 connections on the big data.

Databases: ``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/h_gen_bench``)
names a base; the sizes live in ``<name>_1x`` and ``<name>_10x`` on the same server,
created, migrated and loaded (fixtures, then synthetic data) when missing. Run
``python benchmarks/bench.py --help`` for the options (``--quick``, ``--only``, ...).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import datasette_db
from benchmarks.harness import (
    BIN,
    DATA,
    SIZES,
    Runner,
    Server,
    Timing,
    cache_warnings,
    collect_static,
    configure,
    database_url,
    datasette,
    ensure_database,
    exact_name,
    get,
    gunicorn,
    inprocess,
    machine,
    note,
    ratio,
    rss,
    say,
    seconds,
    server_settings,
    server_slots,
    table,
    times,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/h_gen_bench"
CHECKS = [
    "lists",
    "pages",
    "search",
    "queries",
    "depth",
    "scale",
    "conditional",
    "surfaces",
    "admin",
    "exports",
    "wrk",
]

VENTURE_FILTER = "sector=software&founded_from=2005&founded_to=2015"
FLOW_FILTER = "currency=CNY&year_from=2010&year_to=2012"
SEARCH = "kim seongwon"
#: The fields a row of the raw-SQL venture list carries (``rawsql.venture_rows``): the API
#: list is timed asking for these, so both sides answer the same query with one shape,
#: as the search check asks for ``id,name,slug``. The whole record (with its roles,
#: citations and links, which the raw view does not read) is timed too, beside it.
RAW_VENTURE_FIELDS = (
    "id,name,slug,description,kind,status,founded_year,place,sectors,aliases,"
    "funding_usd_low,funding_usd_high"
)
#: The same for a flow: what a row of the raw-SQL flow list carries (``rawsql.flow_rows``:
#: its ends, amounts, years, conversions and goods; no citations, which the whole record
#: reads with their sources, and no links).
RAW_FLOW_FIELDS = (
    "id,funder,recipient,funder_description,recipient_description,kind,status,"
    "amount_low,amount_high,amount_qualifier,amount_as_stated,currency,basis,payment_count,"
    "start_year,end_year,date_as_stated,usd_low,usd_high,conversions,goods"
)
URLS = {
    "django": {
        "api ventures": f"/api/v1/ventures/?{VENTURE_FILTER}&fields={RAW_VENTURE_FIELDS}",
        "api ventures, whole records": f"/api/v1/ventures/?{VENTURE_FILTER}",
        "api flows": f"/api/v1/funding-flows/?{FLOW_FILTER}&fields={RAW_FLOW_FIELDS}",
        "api flows, whole records": f"/api/v1/funding-flows/?{FLOW_FILTER}",
        "ventures page": f"/ventures/?{VENTURE_FILTER}",
        "flows page": f"/flows/?{FLOW_FILTER}",
        # The fields the raw-SQL /exact answers with, so both sides return one shape.
        "api search": "/api/v1/ventures/?" + urlencode({"q": SEARCH, "fields": "id,name,slug"}),
        "api first page": "/api/v1/ventures/?page_size=50",
    },
    "raw": {
        "api ventures": f"/api/ventures?{VENTURE_FILTER}",
        "api flows": f"/api/flows?{FLOW_FILTER}",
        "ventures page": f"/ventures?{VENTURE_FILTER}",
        "flows page": f"/flows?{FLOW_FILTER}",
    },
    "datasette": {
        "ventures page": "/{db}/ventures?sectors__arraycontains=software"
        "&founded_year__gte=2005&founded_year__lte=2015&_size=20",
        "flows page": "/{db}/flows?currency=CNY&year_to__gte=2010&start_year__lte=2012&_size=20",
    },
}


#: Every other public surface at its plain address (and the searches a visitor types):
#: not a goal of its own, but where a page that none of the goals names turns out to
#: read the whole archive (the home page listed every source: 10 s at 10x).
SITE_SURFACES = [
    "/",
    "/search/?q=kim",
    "/search/?" + urlencode({"q": SEARCH}),
    "/ventures/",
    "/flows/",
    "/flows/?q=kim",
    "/people/",
    "/organisations/",
    "/places/",
    "/sources/",
    "/sitemap.xml",
]
#: API questions beyond a list's first page: the flow summary's rankings, "who funds the
#: most" and "who receives the most", and its totals per year.
API_QUESTIONS = [
    "/api/v1/funding-flows/summary/?group_by=funder",
    "/api/v1/funding-flows/summary/?group_by=recipient",
    "/api/v1/funding-flows/summary/?group_by=year",
]
#: What the API index lists but a plain GET does not measure: the exports (measured for
#: memory), the token (a POST), the schema and its docs (static), and the graph and the
#: reconciliation service, which need a query.
NOT_SURFACES = {"exports/archive.jsonl", "exports/ftm.json", "auth/token", "schema", "docs"}
NOT_SURFACES |= {"graph", "reconcile"}


@dataclass
class Goal:
    """One goal of issue 9 and whether this run shows it."""

    text: str
    holds: bool | None = None
    evidence: list[str] = field(default_factory=list)

    def judge(self, value: float | None, test, label: str, *archive: Timing | None) -> str:
        """Record whether ``test(value)`` holds; the archive timing out fails the goal."""
        failure = next((timing for timing in archive if isinstance(timing, str)), None)
        if failure:
            return self.record(False, f"{label}: {failure}")
        if value is None:
            return self.record(None, f"{label}: not measured")
        return self.record(test(value), f"{label} {times(value)}")

    def record(self, holds: bool | None, evidence: str) -> str:
        if holds is not None:
            self.holds = holds if self.holds is None else self.holds and holds
        self.evidence.append(evidence)
        return {True: "holds", False: "NO", None: "—"}[holds]


GOALS = {
    "lists": Goal("API lists ≥ 0.7× the raw-SQL view's throughput on the same query"),
    "pages": Goal("/ventures/ and /flows/ with facets and totals ≥ 0.5× their raw-SQL equivalents"),
    "datasette": Goal("… and faster than Datasette on the equivalent filtered, faceted table page"),
    "search": Goal("search ≤ 3× an exact indexed lookup"),
    "queries": Goal("queries per request equal at page sizes 1, 20, 100"),
    "depth": Goal("a deep page ≤ 1.5× the first"),
    "scale": Goal("10× the rows ≤ 1.5× the median latency"),
    "conditional": Goal("a 304 ≤ 0.2× a full response"),
    "exports": Goal("exports of 1M flows stream in under 500 MB peak memory"),
    "wrk": Goal("under wrk (30 s, 32 connections) on the big data: 0 errors, p99 recorded"),
}


class DatasetteMissing(Exception):
    pass


# Checks --------------------------------------------------------------------------------


class Bench:
    def __init__(self, args, sizes: list[str], base: str):
        self.args = args
        self.sizes = sizes
        self.urls = {size: database_url(base, size) for size in sizes}
        self.runner = Runner(args.requests, args.timeout, warmups=server_slots())
        self.servers: dict[tuple[str, str], Server] = {}

    def server(self, kind: str, size: str) -> Server:
        key = (kind, size)
        if key not in self.servers:
            url = self.urls[size]
            name = f"{kind}-{size}"
            if kind == "django":
                self.servers[key] = gunicorn(name, "archive.wsgi:application", url)
            elif kind == "raw":
                self.servers[key] = gunicorn(name, "benchmarks.rawsql:application", url)
            else:
                if not (BIN / "datasette").exists():
                    raise DatasetteMissing
                db = urlsplit(url).path.lstrip("/")
                path, metadata = datasette_db.copy(url, db, DATA, log=note)
                self.servers[key] = datasette(name, path, metadata)
        return self.servers[key]

    def url(self, kind: str, size: str, name: str) -> str:
        path = URLS[kind][name].replace("{db}", urlsplit(self.urls[size]).path.lstrip("/"))
        return self.server(kind, size).base + path

    def timed(self, kind: str, size: str, name: str, **headers) -> float | None:
        return self.runner.median(self.url(kind, size, name), headers or None)

    def together(self, size: str, *named: tuple[str, str]) -> list:
        """The medians of ``(kind, name)`` URLs at ``size``, measured side by side
        (``Runner.side_by_side``); Datasette's is None when it is not installed."""
        urls = []
        for kind, name in named:
            try:
                urls.append(
                    None
                    if kind == "datasette" and self.args.no_datasette
                    else self.url(kind, size, name)
                )
            except DatasetteMissing:
                note("Datasette is not installed (pip install -r benchmarks/requirements.txt)")
                self.args.no_datasette = True
                urls.append(None)
        timed = iter(self.runner.side_by_side([(url, None, 200) for url in urls if url]))
        return [next(timed) if url else None for url in urls]

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()

    # Each check prints its table and records its goals.

    def lists(self) -> None:
        rows = []
        for size in self.sizes:
            for name in ("api ventures", "api flows"):
                project, raw = self.together(size, ("django", name), ("raw", name))
                share = ratio(raw, project)
                verdict = GOALS["lists"].judge(share, lambda x: x >= 0.7, f"{name} {size}", project)
                rows.append([name, size, seconds(project), seconds(raw), times(share), verdict])
            # Not the same query: the raw view reads no roles, citations or links.
            for name in ("api ventures", "api flows"):
                whole, raw = self.together(
                    size, ("django", f"{name}, whole records"), ("raw", name)
                )
                share = times(ratio(raw, whole))
                GOALS["lists"].record(None, f"{name}, whole records {size} {share}")
                rows.append(
                    [f"{name}, whole records", size, seconds(whole), seconds(raw), share, "—"]
                )
        table(
            "API lists: throughput as a share of the raw-SQL view's (raw time / API time);"
            " each list asked for the raw row's fields (RAW_VENTURE_FIELDS, RAW_FLOW_FIELDS)",
            ["list", "size", "archive", "raw SQL", "share", "≥ 0.7×"],
            rows,
        )

    def pages(self) -> None:
        rows = []
        for size in self.sizes:
            for name in ("ventures page", "flows page"):
                project, raw, lite = self.together(
                    size, ("django", name), ("raw", name), ("datasette", name)
                )
                share, speed = ratio(raw, project), ratio(lite, project)
                holds = GOALS["pages"].judge(share, lambda x: x >= 0.5, f"{name} {size}", project)
                if isinstance(lite, str) and isinstance(project, float):
                    speed = float("inf")  # Datasette timed out where the archive answered.
                faster = GOALS["datasette"].judge(speed, lambda x: x > 1, f"{name} {size}", project)
                rows.append(
                    [
                        name,
                        size,
                        seconds(project),
                        seconds(raw),
                        seconds(lite),
                        times(share),
                        holds,
                        times(speed),
                        faster,
                    ]
                )
        table(
            "Site pages with facets, totals and charts (share = raw / archive;"
            " vs Datasette = Datasette / archive)",
            ["page", "size", "archive", "raw SQL", "Datasette", "share", "≥ 0.5×", "vs DS", "> 1×"],
            rows,
        )

    def search(self) -> None:
        rows = []
        for size in self.sizes:
            name = exact_name(self.urls[size])
            found = inprocess(self.urls[size], "search", name)
            sql = ratio(found["search_ms"], found["exact_ms"])
            verdict = GOALS["search"].judge(sql, lambda x: x <= 3, size)
            raw_path = "/exact?" + urlencode({"name": name})
            api, exact = self.runner.side_by_side(
                [
                    (self.url("django", size, "api search"), None, 200),
                    (self.server("raw", size).base + raw_path, None, 200),
                ]
            )
            rows.append(
                [
                    size,
                    f"{found['search_ms']:.1f} ms ({found['search_found']} found)",
                    f"{found['exact_ms']:.2f} ms",
                    times(sql),
                    verdict,
                    seconds(api),
                    seconds(exact),
                    times(ratio(api, exact)),
                ]
            )
        table(
            f"Search {SEARCH!r} over public ventures vs an exact lookup on (kind, name):"
            " in the ORM (the first 50 ids of each, the goal), and over HTTP (API ?q= vs"
            " the raw-SQL /exact, both id, name and slug; the API's own cost is in it)",
            ["size", "ORM search", "ORM exact", "ratio", "≤ 3×", "API ?q=", "raw exact", "ratio"],
            rows,
        )

    def queries(self) -> None:
        size = self.sizes[0]
        found = inprocess(self.urls[size], "queries")
        rows = []
        for url, by_size in found["api"].items():
            counts = [by_size[str(n)][1] for n in (1, 20, 100)]
            statuses = {by_size[str(n)][0] for n in (1, 20, 100)}
            equal = len(set(counts)) == 1 and statuses == {200}
            verdict = GOALS["queries"].record(equal, f"{url} {counts}")
            rows.append([url, *map(str, counts), verdict])
        for url, (status, count) in found["pages"].items():
            rows.append([url + "  (site, 20 a page)", str(count), "", "", f"HTTP {status}"])
        table(
            f"Queries per request at API page sizes 1 / 20 / 100 ({size}, in-process)",
            ["list", "1", "20", "100", "equal"],
            rows,
        )

    def depth(self) -> None:
        rows = []
        for size in self.sizes:
            server = self.server("django", size)
            first_path = URLS["django"]["api first page"]
            deep_path = self.deep_path(server, first_path)
            if deep_path is None:
                rows.append([size, "—", "—", "—", "could not find a deep page"])
                continue
            first, deep = self.runner.side_by_side(
                [(server.base + first_path, None, 200), (server.base + deep_path, None, 200)]
            )
            slower = ratio(deep, first)
            verdict = GOALS["depth"].judge(slower, lambda x: x <= 1.5, size, first, deep)
            rows.append(
                [size, seconds(first), f"{seconds(deep)}  {deep_path}", times(slower), verdict]
            )
        table(
            "A deep cursor page (row 50,000, or the last page) vs the first: /api/v1/ventures/",
            ["size", "first", "deep", "ratio", "≤ 1.5×"],
            rows,
        )

    def deep_path(self, server: Server, first: str) -> str | None:
        """Page 1000 of 50 while lists had page numbers; with cursors, the page that
        starts 50,000 rows in (or the last page, when the list is shorter), reached by
        following ``next`` links as a client does.

        The walk asks only for ids (``fields=id``: the cursor names a position in the
        list's order, not the fields), 500 rows a page; the deep page is then read as the
        first is, 50 rows with every field.
        """
        try:
            answer = get(server.base + first, timeout=self.args.timeout)
        except OSError:
            return None
        if answer.status != 200:
            return None
        data = json.loads(answer.body)
        following = data.get("next") or ""
        if "cursor=" not in following and "count" in data:
            last = max(1, -(-data["count"] // 50))
            return f"/api/v1/ventures/?page={min(1000, last)}"
        walked, url, deepest = 0, server.base + "/api/v1/ventures/?page_size=500&fields=id", None
        while url and walked < 50_000:
            deepest = url
            data = json.loads(get(url, timeout=self.args.timeout).body)
            walked += len(data.get("results", []))
            url = data.get("next")
        if (url or deepest) is None or "cursor=" not in (url or deepest):
            return None
        parts = urlsplit(url or deepest)
        query = [
            (name, value)
            for name, value in parse_qsl(parts.query)
            if name not in ("page_size", "fields")
        ]
        return parts.path + "?" + urlencode([*query, ("page_size", "50")])

    def scale(self) -> None:
        if len(self.sizes) < 2:
            say("\n10× vs 1×: needs both sizes (--sizes 1x,10x)")
            return
        small, big = self.sizes[0], self.sizes[-1]
        other = self.servers.get(("django", small))
        pairs = []
        for url, headers in list(self.runner.cache):
            server = next(s for s in self.servers.values() if url.startswith(s.base))
            if server.name != f"django-{big}" or headers or other is None:
                continue
            path = url[len(server.base) :]
            if (other.base + path, ()) in self.runner.cache:
                pairs.append((path, other.base + path, url))
        # Measured again, the two sizes of each URL side by side: the timings above were
        # taken minutes apart, each beside its own yardstick, and this shared machine's
        # stretches of load moved one page by 40% between them (/ventures/ at 10x/1x was
        # 1.14x in one run and 1.75x in the next). A URL that failed (a timeout) is not
        # asked again: its failure stands.
        runner = Runner(self.args.requests, self.args.timeout, warmups=server_slots())
        rows = []
        for path, small_url, big_url in pairs:
            before, value = (self.runner.cache[(url, ())] for url in (small_url, big_url))
            if isinstance(before, float) and isinstance(value, float):
                before, value = runner.side_by_side([(small_url, None, 200), (big_url, None, 200)])
            grown = ratio(value, before)
            verdict = GOALS["scale"].judge(grown, lambda x: x <= 1.5, path, value)
            rows.append([path, seconds(before), seconds(value), times(grown), verdict])
        table(
            f"Median latency at {big} vs {small} (every archive URL measured at both,"
            " the two sizes side by side)",
            ["url", small, big, "ratio", "≤ 1.5×"],
            rows,
        )

    def conditional(self) -> None:
        rows = []
        for size in self.sizes:
            server = self.server("django", size)
            url = server.base + URLS["django"]["api flows, whole records"]
            try:
                tag = get(url, timeout=self.args.timeout).headers.get("ETag")
            except OSError as error:
                tag = f"failed: {error}"
            if not tag or tag.startswith("failed:"):
                verdict = GOALS["conditional"].record(False, "no ETag")
                rows.append([size, tag or "—", "no ETag", "—", verdict])
                continue
            full, cached = self.runner.side_by_side(
                [(url, None, 200), (url, {"If-None-Match": tag}, 304)]
            )
            if isinstance(full, str):
                verdict = GOALS["conditional"].judge(None, bool, size, full)
                rows.append([size, seconds(full), "—", "—", verdict])
                continue
            share = ratio(cached, full)
            verdict = GOALS["conditional"].judge(share, lambda x: x <= 0.2, size, full, cached)
            rows.append([size, seconds(full), seconds(cached), times(share), verdict])
        table(
            "A 304 (If-None-Match) vs the full response: "
            + URLS["django"]["api flows, whole records"],
            ["size", "200", "304", "ratio", "≤ 0.2×"],
            rows,
        )

    def surfaces(self) -> None:
        """Every site page and every API list the API index names, at each size: the
        first page of each, as a visitor or a mirror asks for it; and the flow summary's
        rankings (``API_QUESTIONS``)."""
        runner = Runner(min(self.args.requests, 3), self.args.timeout, warmups=server_slots())
        index = json.loads(get(self.server("django", self.sizes[0]).base + "/api/v1/").body)
        api = [
            urlsplit(url).path
            for name, url in index["resources"].items()
            if name not in NOT_SURFACES
        ]
        timings: dict[str, dict[str, Timing]] = {}
        for size in self.sizes:
            base = self.server("django", size).base
            for path in [*SITE_SURFACES, *api, *API_QUESTIONS]:
                timings.setdefault(path, {})[size] = runner.median(base + path)
        rows = []
        for path, by_size in timings.items():
            row = [path, *(seconds(by_size.get(size)) for size in self.sizes)]
            if len(self.sizes) == 2:
                row.append(times(ratio(by_size.get("10x"), by_size.get("1x"))))
            rows.append(row)
        header = ["address", *self.sizes] + (["10×/1×"] if len(self.sizes) == 2 else [])
        table(
            f"Every surface: each site page and each API list the index names, first page,"
            f" and the flow summary's rankings (median of {runner.repeat}); no goal of its own",
            header,
            rows,
        )

    def admin(self) -> None:
        """The admin pages archivists open all day, in-process as a superuser
        (``inprocess.admin``): no goal of its own, the 10×/1× ratio beside each."""
        repeat = min(self.args.requests, 3)
        found = {size: inprocess(self.urls[size], "admin", str(repeat)) for size in self.sizes}
        rows = []
        for url in found[self.sizes[0]]["pages"]:
            # A page found by its data (the busiest funder's) says which, at each size.
            which = [
                f"{size}: {found[size]['pages'][url]['label'].split(' (', 1)[1][:-1]}"
                for size in self.sizes
                if "label" in found[size]["pages"].get(url, {})
            ]
            row, timings = [f"{url} ({'; '.join(which)})" if which else url], {}
            for size in self.sizes:
                page = found[size]["pages"][url]
                if "skipped" in page:
                    row.append(page["skipped"])
                    continue
                if page["status"] != 200:
                    row.append(f"HTTP {page['status']}")
                    continue
                timings[size] = page["seconds"]
                kilobytes = f", {page['bytes'] // 1024:,} kB" if "bytes" in page else ""
                row.append(f"{seconds(page['seconds'])} ({page['queries']} q{kilobytes})")
            if len(self.sizes) == 2:
                row.append(times(ratio(timings.get("10x"), timings.get("1x"))))
            rows.append(row)
        header = ["page", *self.sizes] + (["10×/1×"] if len(self.sizes) == 2 else [])
        checks = "; ".join(
            f"{size} {found[size]['evidence_check'] or 'none'}" for size in self.sizes
        )
        table(
            f"The admin as a superuser, and the pages that grow with a record's links or a"
            f" search's matches, in-process (median of {repeat}, queries and size per page);"
            f" the newest evidence check: {checks}",
            header,
            rows,
        )

    def exports(self) -> None:
        size = self.sizes[-1]
        limit = None if self.args.full_exports else self.args.export_seconds
        rows = []
        for path in ("/api/v1/exports/archive.jsonl", "/api/v1/exports/ftm.json"):
            # A fresh single-worker server per export, so its peak RSS is this export's.
            server = gunicorn(f"export-{size}", "archive.wsgi:application", self.urls[size], 1, 0)
            try:
                rows.append([path, *self.stream(server, path, limit)])
            finally:
                server.stop()
        table(
            f"Streaming exports at {size}: peak RSS of the gunicorn worker"
            + (f" (first {limit} s of each; --full-exports for all)" if limit else ""),
            ["export", "lines", "MB", "lines/s", "elapsed", "complete", "peak RSS", "< 500 MB"],
            rows,
        )

    def stream(self, server: Server, path: str, limit: float | None) -> list[str]:
        workers = server.workers()
        peak_before = max((rss(pid)[1] for pid in workers), default=0)
        parts = urlsplit(server.base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
        started = time.monotonic()
        lines = size = 0
        complete = False
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            while True:
                chunk = response.read1(1 << 16)
                if not chunk:
                    complete = response.status == 200
                    break
                lines += chunk.count(b"\n")
                size += len(chunk)
                if limit and time.monotonic() - started > limit:
                    break
        finally:
            connection.close()
        elapsed = time.monotonic() - started
        peak = max((rss(pid)[1] for pid in workers), default=0)
        holds = peak < 500 * 1024 if complete else None
        verdict = GOALS["exports"].record(
            holds, f"{path} peak {peak // 1024} MB{'' if complete else ' (partial)'}"
        )
        if not complete and peak >= 500 * 1024:
            verdict = GOALS["exports"].record(False, f"{path} passed 500 MB before the end")
        return [
            f"{lines:,}",
            f"{size / 1e6:,.0f}",
            f"{lines / elapsed:,.0f}",
            seconds(elapsed),
            "yes" if complete else "no (stopped)",
            f"{peak // 1024} MB (idle {peak_before // 1024} MB)",
            verdict,
        ]

    def wrk(self) -> None:
        if not self.args.wrk:
            say("\nwrk: not run (add --wrk)")
            return
        if not shutil.which("wrk"):
            GOALS["wrk"].record(None, "wrk is not installed")
            say("\nwrk: not installed")
            return
        size = self.sizes[-1]
        url = self.server("django", size).base + "/api/v1/ventures/"
        command = ["wrk", "-t2", "-c32", "-d30s", "--timeout", "10s", "--latency", url]
        output = subprocess.run(command, check=True, text=True, capture_output=True).stdout
        p99 = re.search(r"99%\s+(\S+)", output)
        per_second = re.search(r"Requests/sec:\s+(\S+)", output)
        total = re.search(r"(\d+) requests in", output)
        socket_errors = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
        )
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        errors = sum(map(int, socket_errors.groups())) if socket_errors else 0
        errors += int(non_2xx.group(1)) if non_2xx else 0
        verdict = GOALS["wrk"].record(
            errors == 0 and bool(p99), f"{errors} errors, p99 {p99.group(1) if p99 else '?'}"
        )
        table(
            f"wrk -t2 -c32 -d30s --timeout 10s on /api/v1/ventures/ at {size} (a request slower"
            " than 10 s is a timeout error; requests still waiting at the end are not counted)",
            ["requests", "per second", "p99", "errors (socket + non-2xx)", "0 errors"],
            [
                [
                    total.group(1) if total else "?",
                    per_second.group(1) if per_second else "?",
                    p99.group(1) if p99 else "?",
                    str(errors) + (f" ({socket_errors.group(0)})" if socket_errors else ""),
                    verdict,
                ]
            ],
        )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="3 requests each, 120 s timeout, 20 s per export."
    )
    parser.add_argument(
        "--only",
        default="",
        help=f"Comma-separated checks to run, of: {', '.join(CHECKS)}. Default: all but wrk.",
    )
    parser.add_argument("--sizes", default="1x,10x", help="Which sizes: 1x, 10x or both.")
    parser.add_argument("--requests", type=int, default=7, help="Timed requests per URL (7).")
    parser.add_argument(
        "--timeout",
        type=float,
        default=300,
        help="Seconds before a request counts as timed out (300; also the statement timeout).",
    )
    parser.add_argument(
        "--export-seconds",
        type=float,
        default=120,
        help="Stream each export this long, then stop (120); see --full-exports.",
    )
    parser.add_argument("--full-exports", action="store_true", help="Stream exports to the end.")
    parser.add_argument("--wrk", action="store_true", help="Also run wrk 30 s / 32 connections.")
    parser.add_argument("--no-datasette", action="store_true", help="Skip the Datasette column.")
    parser.add_argument(
        "--tuned",
        action="store_true",
        help="Run PostgreSQL with work_mem 64MB and JIT off (default: the server's settings).",
    )
    args = parser.parse_args()
    if args.quick:
        args.requests, args.export_seconds = min(args.requests, 3), min(args.export_seconds, 20)
        args.timeout = min(args.timeout, 120)
    return args


def main() -> None:
    args = arguments()
    checks = [name for name in args.only.split(",") if name] or [c for c in CHECKS if c != "wrk"]
    if args.wrk and "wrk" not in checks:
        checks.append("wrk")
    args.wrk = "wrk" in checks
    unknown = set(checks) - set(CHECKS)
    if unknown:
        raise SystemExit(f"unknown check(s): {', '.join(sorted(unknown))}; choose from {CHECKS}")
    sizes = [size for size in ("1x", "10x") if size in args.sizes.split(",")]
    base = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    bench = Bench(args, sizes, base)
    started = time.monotonic()
    for size in sizes:
        ensure_database(bench.urls[size], size)
        configure(bench.urls[size], args.timeout, args.tuned)
    collect_static(bench.urls[sizes[0]])
    say(f"make bench — {datetime.now():%Y-%m-%d %H:%M}")
    say(f"machine: {machine(bench.urls)}")
    for warning in cache_warnings(bench.urls):
        say(f"warning: {warning}")
    say(
        "data: "
        + "; ".join(
            f"{size} = {SIZES[size][0]:,} ventures / {SIZES[size][1]:,} flows"
            f" ({urlsplit(bench.urls[size]).path.lstrip('/')})"
            for size in sizes
        )
    )
    say(
        f"method: {server_settings()} on 127.0.0.1, DEBUG off, throttling off, timeout"
        f" {args.timeout:.0f} s; median of"
        f" {args.requests} sequential requests, each on a new connection, after a warm-up"
        f" that reaches every server slot ({Runner.WARM_ROUNDS} bursts of"
        f" {2 * server_slots()} requests at once, for a URL under {Runner.WARM_ENOUGH:.0f} s);"
        " the URLs a ratio compares are requested in turns"
    )
    try:
        for check in checks:
            getattr(bench, check)()
    finally:
        bench.stop()
    say()
    say("Goals (issue 9)")
    for goal in GOALS.values():
        state = {True: "holds  ", False: "fails  ", None: "not run"}[goal.holds]
        evidence = f" — {'; '.join(goal.evidence)}" if goal.evidence else ""
        say(f"  {state}  {goal.text}{evidence}")
    say(f"\n(bench took {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
