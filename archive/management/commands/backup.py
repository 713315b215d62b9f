"""``manage.py backup``: the whole database to one file (core/backups.py)."""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = (
        "Back up the whole database to one file. A name ending in .json writes portable "
        "JSON (any database; restore it into SQLite or PostgreSQL); .dump writes "
        "PostgreSQL's own format with pg_dump (fast, for a large archive). Without a "
        "name: backups/archive-<UTC time>.dump on PostgreSQL, .json otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="The file to write (.json or .dump).")

    def handle(self, *args, path: str | None = None, **options):
        if path:
            target = Path(path)
        else:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            target = backups.default_path(Path(settings.BASE_DIR) / "backups", stamp)
        self.stdout.write(f"Backing up to {target} …")
        try:
            result = backups.backup(target)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        size = result.path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {result.path} ({result.format}, {size:,} bytes).")
        )
