"""Benchmark: stored, indexed search column vs the naive ways of searching names.

Measures, side by side in one run on one PostgreSQL database, how long a name search
takes over N synthetic parties (each with two aliases) three ways:

- stored: ``core.search.search`` — the folded ``search_text`` column with its
  pg_trgm GIN index (what the archive does);
- icontains: ``name__icontains`` OR ``aliases__name__icontains`` — what a first
  version would write (``UPPER(col) LIKE``, a join, no usable index);
- vector-per-query: a ``SearchVector`` computed for every row at query time.

It prints the median time of each and its ratio to the stored column. Run it with a
PostgreSQL database it may fill and empty (it creates its own tables by migrating):

    createdb -h 127.0.0.1 -U postgres archive_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_bench \\
        .venv/bin/python benchmarks/search.py --rows 100000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django

django.setup()

from django.contrib.postgres.search import SearchQuery, SearchVector  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from core.search import search, search_text  # noqa: E402
from people.models import Party, PartyAlias  # noqa: E402

SYLLABLES = [
    "kim",
    "ji",
    "seong",
    "ho",
    "park",
    "lee",
    "choi",
    "han",
    "na",
    "sol",
    "ria",
    "jin",
    "hyang",
    "kang",
    "dong",
    "ahn",
    "myeong",
    "hee",
    "moon",
    "jae",
    "in",
]


def fake_name(rng: random.Random) -> str:
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 2))).title()
        for _ in range(rng.randint(2, 3))
    )


def fill(rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    Party.objects.all().delete()
    parties = []
    for i in range(rows):
        name = fake_name(rng)
        parties.append(
            Party(kind="organization", name=name, slug=f"bench-{i}", publication_state="published")
        )
    Party.objects.bulk_create(parties, batch_size=5000)
    aliases, updated = [], []
    for party in Party.objects.only("pk", "name").iterator(chunk_size=5000):
        names = [party.name, fake_name(rng), "".join(rng.choices(string.ascii_uppercase, k=4))]
        aliases += [PartyAlias(party=party, name=n) for n in names[1:]]
        party.search_text = search_text(names)
        updated.append(party)
    PartyAlias.objects.bulk_create(aliases, batch_size=5000)
    Party.objects.bulk_update(updated, ["search_text"], batch_size=5000)
    Party.objects.update(search_vector=SearchVector("search_text", config="simple"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_party; ANALYZE people_partyalias;")


def timed(make_queryset, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        list(make_queryset().values_list("pk", flat=True)[:50])
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--query", default="Seong-ho Kim")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Point DATABASE_URL at a PostgreSQL database: this measures its indexes.")

    call_command("migrate", verbosity=0)
    print(f"filling {args.rows:,} parties with 2 aliases each …", flush=True)
    fill(args.rows)
    query = args.query
    plain = query.replace("-", " ")
    ways = {
        "stored column + trigram index": lambda: search(Party.objects.all(), query),
        "icontains on name and aliases": lambda: Party.objects.filter(
            Q(name__icontains=plain) | Q(aliases__name__icontains=plain)
        ).distinct(),
        "SearchVector computed per query": lambda: Party.objects.annotate(
            v=SearchVector("name", config="simple")
        ).filter(v=SearchQuery(plain, config="simple")),
    }
    results = {label: timed(make, args.repeat) for label, make in ways.items()}
    base = results["stored column + trigram index"]
    print(f"\nname search for {query!r} over {args.rows:,} parties, median of {args.repeat}:")
    for label, seconds in results.items():
        print(f"  {label:34s} {seconds * 1000:9.2f} ms   {seconds / base:6.1f}× stored")
    Party.objects.filter(slug__startswith="bench-").delete()


if __name__ == "__main__":
    main()
