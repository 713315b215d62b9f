"""The measurements ``bench.py`` takes inside Django rather than over HTTP; prints JSON.

Run by ``bench.py`` in a child process with ``DATABASE_URL`` pointing at a benchmark
database:

- ``queries``: how many SQL queries the API lists and the site's listings run, at API
  page sizes 1, 20 and 100 (Django's test client and ``CaptureQueriesContext``);
- ``search NAME``: the archive's variant-aware name search over public ventures
  (``core.search.search``, as the API's ``q`` runs it) against an exact lookup of one
  name on the (kind, name) index, both through the ORM, medians of alternate runs;
- ``admin REPEAT``: the admin's pages an archivist opens all day (the index with its
  "Needs attention" panel, each record's change list, the lists the panel links to,
  searches and an autocomplete),
  as a superuser, and the pages that grow with a record's links or a search's matches
  (the busiest funder's public and admin pages, the network, broad searches) as a
  visitor where public, the median of ``REPEAT`` after one unmeasured, with their
  queries and sizes;
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


ADMIN_PAGES = [
    "/admin/",
    "/admin/ventures/venture/",
    "/admin/people/person/",
    "/admin/people/organization/",
    "/admin/people/role/",
    "/admin/ventures/fundingflow/",
    "/admin/sources/source/",
    "/admin/sources/citation/",
    "/admin/people/person/?has_citation=no",
    "/admin/ventures/fundingflow/?usd_estimate=missing",
    "/admin/ventures/fundingflow/?publication_state__exact=draft",
    "/admin/sources/citation/?quote_found=no",
    # Searches: a common surname, a whole name, and what the role form's person box
    # asks as an archivist types.
    "/admin/people/person/?q=kim",
    "/admin/people/person/?q=kim+seongwon",
    "/admin/ventures/venture/?q=kim",
    # The lists of records that name others, searched by a party's name (their own
    # texts, and their ends' or source's names; core.admin_tools.RelatedSearchMixin).
    "/admin/ventures/fundingflow/?q=kim",
    "/admin/ventures/fundingflow/?q=kim+seongwon",
    "/admin/sources/citation/?q=saessak",
    # A source is found by its title or the words of its full text (sources/0012).
    "/admin/sources/source/?q=kim",
    "/admin/sources/source/?q=kim+seongwon",
    "/admin/autocomplete/?app_label=people&model_name=role&field_name=person&term=kim+seong",
]
#: Pages that start from the newest evidence check (``sources.evidence``): without one
#: they read every citation, which is what the check is for, so they are left out.
AFTER_A_CHECK = {"/admin/sources/citation/?quote_found=no"}
#: The superuser the admin pages are timed as, made once in the benchmark's database.
BENCH_ADMIN = "bench-admin"


#: Public pages of the records that link to the most, and broad searches, timed as a
#: visitor: what grows with a record's links or a search's matches, not the archive.
PUBLIC_PAGES = [
    "/network/",
    "/ventures/?q=kim",
    "/people/?q=kim",
    "/organisations/?q=trading",
    # The site search for a name many quotes hold (25,000 at 10×).
    "/search/?q=saessak",
]


def busiest_funder() -> dict[str, str]:
    """The pages of the public party that gives the most public flows: its public page
    (as a visitor) and its admin page, labelled by what they are (the party differs by
    size)."""
    from django.db.models import Count
    from django.urls import reverse

    from people.models import Party
    from ventures.models import FundingFlow

    busiest = (
        FundingFlow.objects.public()
        .filter(funder__isnull=False)
        .values("funder")
        .annotate(flows=Count("pk"))
        .order_by("-flows", "funder")
        .first()
    )
    if busiest is None:
        return {}
    party = Party.objects.get(pk=busiest["funder"])
    # A party's kind is its own model's name (``PartyKind``), in its app's admin.
    app = "ventures" if party.kind == "venture" else "people"
    flows = f"{busiest['flows']:,} flows"
    return {
        f"the busiest funder's page ({party.kind}, {flows})": party.get_absolute_url(),
        f"the busiest funder's admin page ({party.kind}, {flows})": reverse(
            f"admin:{app}_{party.kind}_change", args=[party.pk]
        ),
    }


def timed(client: Client, url: str, repeat: int) -> dict:
    """The median of ``repeat`` requests after one unmeasured, with their queries."""
    client.get(url)
    samples, counts = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
        counts.append(len(queries))
    return {
        "status": response.status_code,
        "seconds": statistics.median(samples),
        "queries": max(counts),
        "bytes": len(response.content),
    }


def admin(repeat: str = "3") -> dict:
    from django.contrib.auth import get_user_model

    from sources.evidence import latest_check

    users = get_user_model().objects
    user = users.filter(username=BENCH_ADMIN).first()
    if user is None:
        user = users.create_superuser(BENCH_ADMIN, "bench-admin@example.org", None)
    client = Client()
    client.force_login(user)
    check = latest_check()
    pages = {}
    for url in ADMIN_PAGES:
        if url in AFTER_A_CHECK and check is None:
            pages[url] = {"skipped": "no evidence check in this database"}
            continue
        pages[url] = timed(client, url, int(repeat))
    visitor = Client()
    for label, url in busiest_funder().items():
        # Labelled by what it is, so the two sizes' rows meet in one row of the table.
        key = label.split(" (")[0]
        pages[key] = timed(client if "admin" in label else visitor, url, int(repeat))
        pages[key]["label"] = label
    for url in PUBLIC_PAGES:
        pages[f"{url} (public)"] = timed(visitor, url, int(repeat))
    checked = (
        None if check is None else f"{check.checked_at:%Y-%m-%d %H:%M} ({check.seconds:.0f} s)"
    )
    return {"pages": pages, "evidence_check": checked}


def synthetic() -> dict:
    from archive import synthetic as generator

    return generator.existing()


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    commands = {"queries": queries, "search": search, "admin": admin, "synthetic": synthetic}
    result = commands[command](*arguments)
    print(json.dumps(result))
