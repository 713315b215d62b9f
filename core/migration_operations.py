"""Migration operations the apps share."""

from __future__ import annotations

import importlib

from django.db import migrations


def on_postgresql(forward: list[str], backward: list[str]) -> migrations.RunPython:
    """Run ``forward`` (``backward`` when unapplied) on PostgreSQL alone: extensions and
    indexes SQLite has no form of (trigram and ``tsvector`` GIN, ``NULLS LAST``,
    ``INCLUDE``), which a small SQLite archive does without."""

    def run(statements: list[str]):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(forward), run(backward))


def by_vendor(
    forward: dict[str, list[str]], backward: dict[str, list[str]]
) -> migrations.RunPython:
    """Run the statements ``forward`` names for the database's vendor (``backward``
    when unapplied); a vendor it does not name runs none: triggers, written once for
    each backend's own dialect."""

    def run(statements: dict[str, list[str]]):
        def apply(apps, schema_editor):
            for statement in statements.get(schema_editor.connection.vendor, []):
                schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(forward), run(backward))


def carried(migration: str, *positions: int) -> list:
    """The operations at ``positions`` of an earlier migration (``"app.0009_name"``), for
    a squash to run as they are: what Django's model state does not describe (indexes
    SQLite has no form of, triggers, the review groups).

    A squash's own ``CreateModel`` operations build the final tables; these come after,
    in the order the replaced migrations ran them. They stay in the replaced migration,
    which keeps them for a database that applied part of the history.
    """
    app, name = migration.split(".", 1)
    operations = importlib.import_module(f"{app}.migrations.{name}").Migration.operations
    return [operations[position] for position in positions]
