"""Migration operations the apps share."""

from __future__ import annotations

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
