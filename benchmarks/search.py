"""Benchmark: variant-aware search against an exact indexed lookup, on generated data.

Issue 9's goal: search over 200,000 names with variants and typos on PostgreSQL within
3× an exact indexed lookup. Over a database that ``manage.py generate_synthetic`` filled
(it only reads), it times, median of ``--repeat`` runs after a warm-up, each through the
ORM as a page would run it (the first 50 public ventures' ids):

- exact: public ventures with one given name, on the (kind, name) btree index;
- search: ``core.search.search(Venture.objects.public(), query, vector=True)`` for
  spellings of one name and of places, and a near miss,

and prints each search's ratio to the exact lookup, and its SQL time alone (EXPLAIN
ANALYZE: planning + execution), which the shared machine's load disturbs less.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_search_bench \\
        .venv/bin/python benchmarks/search.py --repeat 31
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from core.search import search  # noqa: E402
from ventures.models import Venture  # noqa: E402

QUERIES = [
    "kim seongwon",
    "Kim Sung-won",
    "Kimseongwon",
    "Kaeseong",
    "Pyeongyang",
    "Chongryun",
    "Kimseongwom",  # a typo: no key starts so, the trigram near misses answer
]


def median_ms(run, repeat: int) -> float:
    run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def sql_ms(queryset) -> float:
    """Planning plus execution time of a queryset's SQL, as PostgreSQL reports them."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, SUMMARY) " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    times = [float(m.group(1)) for m in map(re.compile(r"Time: ([\d.]+) ms").search, lines) if m]
    return sum(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=31)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Point DATABASE_URL at a PostgreSQL database with generated data.")
    ventures = Venture.objects.public()
    name = ventures.filter(name__startswith="Kim Seong-won").values_list("name", flat=True)[0]

    def exact():
        return ventures.filter(kind="venture", name=name).values_list("pk", flat=True)[:50]

    exact_ms = median_ms(lambda: list(exact()), args.repeat)
    exact_sql = statistics.median(sql_ms(exact()) for _ in range(5))
    count = Venture.objects.count()
    print(
        f"{count:,} ventures; exact lookup of {name!r}: {exact_ms:.2f} ms (SQL {exact_sql:.2f} ms)"
    )
    print(f"{'query':16} {'found':>5} {'search':>10} {'ratio':>7} {'SQL':>9} {'SQL ratio':>9}")
    for query in QUERIES:

        def searched(query=query):
            return search(ventures, query, vector=True).values_list("pk", flat=True)[:50]

        found = len(list(searched()))
        ms = median_ms(lambda: list(searched()), args.repeat)
        sql = statistics.median(sql_ms(searched()) for _ in range(5))
        print(
            f"{query:16} {found:5} {ms:8.2f} ms {ms / exact_ms:6.2f}× {sql:6.2f} ms"
            f" {sql / exact_sql:8.2f}×"
        )


if __name__ == "__main__":
    main()
