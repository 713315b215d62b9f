"""Do two databases hold the same schema? The check behind the squashed migrations.

    python benchmarks/schemas.py postgres://postgres@127.0.0.1:5432/a postgres://…/b
    python benchmarks/schemas.py sqlite:////tmp/a.sqlite3 sqlite:////tmp/b.sqlite3

Prints what only one of them holds and exits 1, or says they are equal. Each table's
columns and constraints are compared as a set: a squash creates the columns in the
model's order, where the history appended each one as it came, and nothing in the
archive reads a column by its position. Everything else (indexes, triggers, functions,
sequences) is compared as PostgreSQL's ``pg_dump --schema-only`` or SQLite's
``sqlite_master`` writes it. The review groups' permissions are compared too: the data
the migrations make.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from urllib.parse import urlsplit

GROUPS = """SELECT g.name, ct.app_label, p.codename FROM auth_group g
    JOIN auth_group_permissions gp ON gp.group_id = g.id
    JOIN auth_permission p ON p.id = gp.permission_id
    JOIN django_content_type ct ON ct.id = p.content_type_id"""


def _items(body: str) -> list[str]:
    """The top-level, comma-separated items of a ``CREATE TABLE``'s parentheses."""
    items, depth, current = [], 0, ""
    for character in body:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += character
    return [*items, current.strip()]


def _table(statement: str) -> str:
    head, body = statement.split("(", 1)
    return head + "(" + "\n".join(sorted(_items(body.rsplit(")", 1)[0]))) + ")"


def postgresql(url: str) -> set[str]:
    dump = subprocess.run(
        ["pg_dump", "--schema-only", "--no-owner", url], capture_output=True, text=True, check=True
    ).stdout
    dump = re.sub(r"^(--.*|\\(un)?restrict \S+)$", "", dump, flags=re.MULTILINE)
    statements = {s.strip() for s in dump.split(";\n") if s.strip()}
    schema = {_table(s) if s.startswith("CREATE TABLE") else s for s in statements}
    import psycopg

    with psycopg.connect(url) as connection:
        return schema | {f"grant {row}" for row in connection.execute(GROUPS).fetchall()}


def sqlite(path: str) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT type, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL"
        ).fetchall()
        schema = {_table(sql) if kind == "table" else sql for kind, sql in rows}
        return schema | {f"grant {row}" for row in connection.execute(GROUPS).fetchall()}


def schema(url: str) -> set[str]:
    if url.startswith("sqlite:"):
        return sqlite(urlsplit(url).path)
    return postgresql(url)


def main(first: str, second: str) -> int:
    a, b = schema(first), schema(second)
    for label, only in ((first, a - b), (second, b - a)):
        for statement in sorted(only):
            print(f"only in {label}:\n{statement}\n")
    print(f"{len(a)} and {len(b)} statements; {'equal' if a == b else 'different'}")
    return 0 if a == b else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
