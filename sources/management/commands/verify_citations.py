"""Check every cited quote against its source's text."""

from django.core.management.base import BaseCommand, CommandError

from sources.models import Citation
from sources.selectors import citation_failures


class Command(BaseCommand):
    help = (
        "Check that every citation's quote occurs in its source's full text "
        "(ignoring differences in whitespace, curly versus straight quote marks, dashes and "
        "Unicode compatibility forms, but not case). "
        "Lists each failing citation with the record it backs and the nearest passage "
        "of the source, and exits with status 1 if any fails."
    )

    def handle(self, *args, **options):
        total = Citation.objects.count()
        failures = list(citation_failures())
        for failure in failures:
            self.stderr.write(failure.describe())
        if failures:
            raise CommandError(f"{len(failures)} of {total} citations do not match their source.")
        self.stdout.write(self.style.SUCCESS(f"All {total} citations match their sources."))
