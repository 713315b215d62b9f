"""The measurements ``bench.py`` takes inside Django rather than over HTTP; prints JSON.

Run by ``bench.py`` in a child process with ``DATABASE_URL`` pointing at a benchmark
database:

- ``queries``: how many SQL queries the API lists and the site's listings run, at API
  page sizes 1, 20 and 100 (Django's test client and ``CaptureQueriesContext``);
- ``search NAME``: the archive's variant-aware name search over public ventures
  (``core.search.search``, as the API's ``q`` runs it) against an exact lookup of one
  name on the (kind, name) index, both through the ORM, medians of alternate runs;
- ``synthetic``: the counts of synthetic rows present (``archive.synthetic.existing``).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

API_LISTS = [
    "/api/v1/ventures/?sector=software&founded_from=2005&founded_to=2015",
    "/api/v1/funding-flows/?currency=CNY&year_from=2010&year_to=2012",
    "/api/v1/people/",
    "/api/v1/organizations/",
]
PAGES = [
    "/ventures/?sector=software&founded_from=2005&founded_to=2015",
    "/flows/?currency=CNY&year_from=2010&year_to=2012",
]


def count_queries(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def queries() -> dict:
    client = Client()
    result = {"api": {}, "pages": {}}
    for url in API_LISTS:
        joiner = "&" if "?" in url else "?"
        result["api"][url] = {
            size: count_queries(client, f"{url}{joiner}page_size={size}") for size in (1, 20, 100)
        }
    for url in PAGES:
        result["pages"][url] = count_queries(client, url)
    return result


def search(name: str, query: str = "kim seongwon", repeat: int = 21) -> dict:
    from core.search import search as variant_search
    from ventures.models import Venture

    ventures = Venture.objects.public()

    def searched():
        return list(variant_search(ventures, query, vector=True).values_list("pk", flat=True)[:50])

    def exact():
        return list(ventures.filter(kind="venture", name=name).values_list("pk", flat=True)[:50])

    # Alternately, so the shared machine's load falls on both sides alike.
    found, exact_found = len(searched()), len(exact())
    times: dict = {searched: [], exact: []}
    for _ in range(repeat):
        for run, samples in times.items():
            started = time.perf_counter()
            run()
            samples.append(time.perf_counter() - started)
    search_ms, exact_ms = (statistics.median(samples) * 1000 for samples in times.values())
    return {
        "query": query,
        "search_ms": search_ms,
        "search_found": found,
        "exact_name": name,
        "exact_ms": exact_ms,
        "exact_found": exact_found,
    }


def synthetic() -> dict:
    from archive import synthetic as generator

    return generator.existing()


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    result = {"queries": queries, "search": search, "synthetic": synthetic}[command](*arguments)
    print(json.dumps(result))
