"""Check every cited quote against its source's text, and every stated field against its quotes."""

from django.core.management.base import BaseCommand, CommandError

from sources.evidence import check_evidence
from sources.models import Statement
from sources.selectors import statement_failures


class Command(BaseCommand):
    help = (
        "Check that every citation's (and statement's) quote occurs in its source's full text "
        "(ignoring differences in whitespace, curly versus straight quote marks, dashes and "
        "Unicode compatibility forms, but not case), and that every stated field of every "
        "record is supported: a citation lists the field and, for a name, an amount or a "
        "date, its quote contains it (or the archivist marked the value as an addition). "
        "Lists each failing citation and each record with unsupported fields, and exits "
        "with status 1 if there is any. The figures are kept for the admin index's "
        '"Needs attention" panel, which shows the newest check\'s: run it on a schedule.'
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quotes-only",
            action="store_true",
            help="Check only that quotes occur in their sources, not which fields they support "
            "(for data loaded without per-field citations).",
        )

    def handle(self, *args, **options):
        findings = check_evidence(quotes_only=options["quotes_only"])
        citations, statements = findings.citations, Statement.objects.count()
        total = citations + statements
        failures = [*findings.failures, *statement_failures()]
        for failure in failures:
            self.stderr.write(failure.describe())
        unsupported = findings.unsupported or []
        for record in unsupported:
            self.stderr.write(record.describe())
        problems = []
        if failures:
            problems.append(f"{len(failures)} of {total} citations do not match their source.")
        if unsupported:
            names = ", ".join(
                f"{r.record._meta.verbose_name} {r.record.pk}" for r in unsupported[:20]
            )
            more = "…" if len(unsupported) > 20 else ""
            problems.append(
                f"{len(unsupported)} records have stated fields no quote supports: {names}{more}."
            )
        if problems:
            raise CommandError(" ".join(problems))
        self.stdout.write(
            self.style.SUCCESS(
                f"All {citations} citations match their sources (and all {statements} "
                "statements' quotes); every stated field is supported."
            )
        )
