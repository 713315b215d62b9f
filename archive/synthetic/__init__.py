"""Synthetic archives at national scale, for measuring the archive, and their removal.

``generate(ventures=…, flows=…, seed=…)`` adds a synthetic archive in proportion
(people, organisations, places, sources, roles, citations) beside the real one, in one
transaction; ``remove()`` takes exactly it away again. ``manage.py generate_synthetic``
is the command-line face of both; ``benchmarks/bench.py`` uses it to fill its databases.

- ``vocabulary``: names, places, sectors, goods and rates, as data;
- ``text``: how amounts, dates and names are worded;
- ``world``: which records exist and what they say;
- ``schema``: the tables, the synthetic marks, bulk writing and removal.

The rows are realistic where it matters for measuring: Korean names with their
romanisation variants as aliases, places nested country > province > town, vague amounts
in five currencies with their USD estimates, about 10% of records draft or restricted,
and a citation for every record whose quote occurs in its source's text and lists the
fields it supports, so ``manage.py verify_citations`` passes in full.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from django.db import connections, transaction

from archive.synthetic import schema
from archive.synthetic.vocabulary import SECTORS
from archive.synthetic.world import Plan, World, vocabulary_slugs
from core.records import now
from ventures.services import load_rate_table, refresh_funding_totals


class AlreadyGenerated(Exception):
    """The database already holds synthetic rows; generating again would duplicate them."""


@dataclass(frozen=True)
class Summary:
    rows: dict[str, int]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.rows.values())


class Progress:
    """A one-line progress report: phase, rows done of all, share and elapsed time.

    On a terminal the line is redrawn in place; otherwise one line is written per phase,
    so logs stay readable. ``step`` is called once per record, so it only looks at the
    clock every few hundred calls.
    """

    def __init__(self, stream: TextIO | None = None, interactive: bool | None = None):
        self.stream = stream
        self.interactive = stream.isatty() if interactive is None and stream else bool(interactive)
        self.label, self.total, self.count = "", 0, 0
        self.started = self.shown = 0.0

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.count = label, total, 0
        self.started = self.shown = time.monotonic()
        self._show()

    def step(self, count: int = 1) -> None:
        self.count += count
        if self.interactive and self.count % 500 == 0 and time.monotonic() - self.shown > 0.2:
            self._show()

    def done(self) -> None:
        self._show(final=True)

    @contextmanager
    def phase(self, label: str) -> Iterator[None]:
        """A step of unknown length: its line appears when it is over, with its time."""
        self.start(label, 1)
        yield
        self.step()
        self.done()

    def _show(self, final: bool = False) -> None:
        if self.stream is None or (not self.interactive and not final):
            return
        self.shown = time.monotonic()
        share = f"{100 * self.count / self.total:3.0f}%" if self.total else "    "
        line = (
            f"{self.label:<14} {self.count:>11,} / {self.total:<11,} {share} "
            f"{self.shown - self.started:7.1f} s"
        )
        if self.interactive:
            self.stream.write("\r" + line + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def existing(using: str = "default") -> dict[str, int]:
    """Counts of synthetic parties, ventures, places, sources, flows and rates present."""
    return schema.existing(connections[using])


def generate(
    *,
    ventures: int,
    flows: int,
    seed: int = 1,
    progress: Progress | None = None,
    using: str = "default",
) -> Summary:
    """Add a synthetic archive of ``ventures`` ventures and ``flows`` flows, in one transaction.

    The same seed on the same starting archive gives the same rows with the same ids;
    only ``created_at``/``updated_at`` differ (the time of generation, so ETags and
    ``updated_since`` see the change). Refuses, changing nothing, if synthetic rows are
    already present.
    """
    progress = progress or Progress()
    connection = connections[using]
    started = time.monotonic()
    with transaction.atomic(using=using):
        schema.lock_tables(connection)
        present = schema.existing(connection)
        if any(present.values()):
            raise AlreadyGenerated(present)
        writer = schema.Writer(connection)
        plan = Plan.of(ventures, flows)
        world = World(
            plan,
            seed=seed,
            ids=schema.Ids.after_existing(connection),
            out=schema.Buffers(writer),
            rates=load_rate_table(),
            real_places=schema.real_slugs("place", vocabulary_slugs()),
            real_sectors=schema.real_slugs("sector", [slug for slug, *_ in SECTORS]),
            now=now(),
            progress=progress,
        )
        held = schema.row_count(connection, "party") + schema.row_count(connection, "flow")
        first_flow = world.ids.next["flow"]
        with schema.rebuilt_after(connection, plan.ventures + plan.flows > held):
            with schema.party_triggers_held(connection):
                world.build()
                schema.flows_ends_public(connection, first_flow)
                schema.ventures_listed_names(connection, world.first_party)
            with progress.phase("search vectors"):
                schema.fill_derived(connection, world.first_party, world.last_party)
            progress.start("indexes, keys", 1)
        progress.step()
        progress.done()
        with progress.phase("funding totals"):
            # Statistics of the rows just written first: planned on the empty tables'
            # statistics, the sums below scan every flow once per venture.
            schema.analyze(connection)
            # COPY sends no signals: the ventures' stored totals are summed here.
            refresh_funding_totals(using=using)
        schema.reset_sequences(connection)
        progress.start("commit", 1)
    progress.step()
    progress.done()
    with progress.phase("statistics"):
        schema.analyze(connection)
    return Summary(dict(writer.written), time.monotonic() - started)


def remove(*, progress: Progress | None = None, using: str = "default") -> Summary:
    """Delete every synthetic row (and any history of one), in one transaction."""
    progress = progress or Progress()
    connection = connections[using]
    started = time.monotonic()
    with transaction.atomic(using=using):
        schema.lock_tables(connection)
        progress.start("removing", len(schema.DELETIONS))
        counts = schema.existing(connection)
        held = schema.row_count(connection, "party") + schema.row_count(connection, "flow")
        bulk = counts["parties"] + counts["flows"] > held / 2
        with schema.rebuilt_after(connection, bulk, indexes=False):
            deleted = schema.remove(connection, progress=lambda kind: progress.step())
            progress.done()
            progress.start("keys", 1)
        progress.step()
        progress.done()
        progress.start("commit", 1)
    progress.step()
    progress.done()
    with progress.phase("statistics"):
        schema.analyze(connection)
    return Summary(deleted, time.monotonic() - started)
