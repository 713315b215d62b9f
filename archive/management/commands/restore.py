"""``manage.py restore``: a backup into an empty database (core/backups.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database: a .json file "
        "into a new or freshly migrated database (SQLite or PostgreSQL), a .dump file into "
        "a new PostgreSQL database with no tables (createdb, then restore; do not migrate "
        "first). Refuses a database that already holds records or users, and changes "
        "nothing if the restore fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.json or .dump).")

    def handle(self, *args, path: str, **options):
        source = Path(path)
        self.stdout.write(f"Restoring {source} …")
        try:
            result = backups.restore(source)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {result.path} ({result.format})."))
