"""Load the archive built from the articles into a fresh database, once."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sources.evidence import check_evidence
from sources.models import Source


class Command(BaseCommand):
    help = (
        "Load fixtures/*.json (the records built from the articles) into the database. "
        "Does nothing if the archive already holds sources, so archivists' edits survive "
        "`make run`; pass --reload to load the fixtures again over existing rows "
        "(rows are matched by primary key, so nothing is duplicated)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Load even if the archive is not empty, overwriting fixture rows.",
        )

    def handle(self, *args, reload: bool = False, **options):
        if Source.objects.exists() and not reload:
            self.stdout.write("The archive already holds sources; nothing loaded (see --reload).")
            return
        fixtures = sorted(str(p) for p in (Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
        call_command("loaddata", *fixtures, verbosity=options["verbosity"])
        # The admin's "Needs attention" panel shows the newest evidence check's figures:
        # a fresh archive starts with one (a second or less for the articles).
        findings = check_evidence()
        self.stdout.write(
            f"Checked the evidence: {findings.citations} citations, "
            f"{len(findings.failures)} quotes not found in their source."
        )
