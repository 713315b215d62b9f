"""Bring the changes feed in line with the archive after writes it did not see."""

from django.core.management.base import BaseCommand

from archive.changes import every_public_key
from core import outbox


class Command(BaseCommand):
    help = (
        "Compare every public record with the changes feed (/api/v1/changes/) and write "
        "the events it lacks: run it after loading rows with raw SQL, COPY or "
        "generate_synthetic, which the feed does not see. Safe to run at any time; a "
        "second run writes nothing."
    )

    def handle(self, *args, **options):
        written = outbox.reconcile(every_public_key)
        self.stdout.write(f"{written} events written to the changes feed.")
