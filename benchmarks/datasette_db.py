"""The public ventures and flows of a benchmark database, copied into SQLite for Datasette.

``bench.py`` compares the archive's filtered, faceted ``/ventures/`` and ``/flows/``
pages with Datasette's table pages over the same public rows. This module writes those
rows (with the visibility rule of ``rawsql``) into a SQLite file with indexes on the
filtered and sorted columns, and a metadata file that configures the same facets:

- ``ventures``: kind, status, country and sectors (a JSON array, faceted with
  ``array``), filtered by ``sectors__arraycontains`` and ``founded_year``;
- ``flows``: kind, status, currency, funder and recipient, filtered by ``currency`` and
  by ``year_to`` (the end year, else the start year) and ``start_year``, which is how the
  site's ``year_from``/``year_to`` overlap test reads.

The copy is rebuilt when the PostgreSQL data it came from changes (a stamp file).
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import psycopg

from benchmarks.rawsql import FLOWS, public

VENTURE_COLUMNS = (
    "id INTEGER PRIMARY KEY, name TEXT, slug TEXT, kind TEXT, status TEXT, founded_year INTEGER,"
    " place TEXT, country TEXT, sectors TEXT, funding_usd_low REAL, funding_usd_high REAL"
)
FLOW_COLUMNS = (
    "id INTEGER PRIMARY KEY, funder TEXT, recipient TEXT, kind TEXT, status TEXT,"
    " currency TEXT, amount_low REAL, amount_high REAL, amount_qualifier TEXT,"
    " amount_as_stated TEXT, basis TEXT, start_year INTEGER, end_year INTEGER,"
    " year_to INTEGER, usd_low REAL, usd_high REAL"
)
INDEXES = [
    "CREATE INDEX ventures_name ON ventures (name)",
    "CREATE INDEX ventures_founded ON ventures (founded_year)",
    "CREATE INDEX ventures_kind ON ventures (kind)",
    "CREATE INDEX ventures_status ON ventures (status)",
    "CREATE INDEX ventures_country ON ventures (country)",
    "CREATE INDEX flows_currency ON flows (currency)",
    "CREATE INDEX flows_start ON flows (start_year)",
    "CREATE INDEX flows_year_to ON flows (year_to)",
    "CREATE INDEX flows_kind ON flows (kind)",
    "CREATE INDEX flows_status ON flows (status)",
    "CREATE INDEX flows_funder ON flows (funder)",
    "CREATE INDEX flows_recipient ON flows (recipient)",
]
VENTURE_ROWS = f"""
    SELECT p.id, p.name, p.slug, v.venture_kind, v.status, v.founded_year, pl.name, pl.country,
           COALESCE((SELECT json_agg(s.slug ORDER BY s.slug) FROM ventures_venture_sectors vs
                     JOIN ventures_sector s ON s.id = vs.sector_id
                     WHERE vs.venture_id = p.id)::text, '[]'),
           COALESCE(t.low, 0), COALESCE(t.high, 0)
    FROM people_party p JOIN ventures_venture v ON v.party_ptr_id = p.id
    LEFT JOIN ventures_place pl ON pl.id = v.place_id AND {public("pl")}
    LEFT JOIN (SELECT f.recipient_id, SUM(f.usd_low) AS low,
                      SUM(COALESCE(f.usd_high, f.usd_low)) AS high
               {FLOWS} AND f.recipient_id IS NOT NULL GROUP BY f.recipient_id) t
           ON t.recipient_id = p.id
    WHERE {public("p")}"""
FLOW_ROWS = f"""
    SELECT f.id, COALESCE(fp.name, f.funder_description),
           COALESCE(rp.name, f.recipient_description),
           f.kind, f.status, f.currency, f.amount_low, f.amount_high, f.amount_qualifier,
           f.amount_as_stated, f.basis, f.start_year, f.end_year,
           COALESCE(f.end_year, f.start_year), f.usd_low, f.usd_high
    {FLOWS}"""


def plain(value):
    """SQLite stores no Decimal: amounts become floats, as Datasette would hold them."""
    return float(value) if isinstance(value, Decimal) else value


def stamp(url: str) -> str:
    """What the copy depends on: how many public ventures and flows, and the newest change."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT (SELECT COUNT(*) FROM people_party), (SELECT COUNT(*) FROM"
            " ventures_fundingflow), (SELECT MAX(updated_at) FROM people_party)"
        ).fetchone()
    return json.dumps([str(value) for value in row])


def copy(url: str, name: str, directory: Path, log=print) -> tuple[Path, Path]:
    """The SQLite file and metadata for database ``name``; built only when stale."""
    directory.mkdir(parents=True, exist_ok=True)
    path, metadata, marker = (
        directory / f"{name}.sqlite",
        directory / f"{name}.metadata.json",
        directory / f"{name}.stamp",
    )
    current = stamp(url)
    if path.exists() and marker.exists() and marker.read_text() == current:
        return path, metadata
    log(f"copying the public ventures and flows of {name} to {path} for Datasette")
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    target.execute(f"CREATE TABLE ventures ({VENTURE_COLUMNS})")
    target.execute(f"CREATE TABLE flows ({FLOW_COLUMNS})")
    with psycopg.connect(url) as source:
        for table, sql, width in (("ventures", VENTURE_ROWS, 11), ("flows", FLOW_ROWS, 16)):
            with source.cursor(name=f"copy_{table}") as cursor:
                cursor.itersize = 20_000
                cursor.execute(sql)
                marks = ", ".join("?" * width)
                while batch := cursor.fetchmany(20_000):
                    target.executemany(
                        f"INSERT INTO {table} VALUES ({marks})",
                        [[plain(value) for value in row] for row in batch],
                    )
    for statement in INDEXES:
        target.execute(statement)
    target.execute("ANALYZE")
    target.commit()
    target.close()
    partial.replace(path)
    metadata.write_text(
        json.dumps(
            {
                "databases": {
                    name: {
                        "tables": {
                            "ventures": {
                                "facets": ["kind", "status", "country", {"array": "sectors"}],
                                "sort": "name",
                            },
                            "flows": {
                                "facets": ["kind", "status", "currency", "funder", "recipient"],
                                "sort_desc": "start_year",
                            },
                        }
                    }
                }
            },
            indent=2,
        )
    )
    marker.write_text(current)
    return path, metadata
