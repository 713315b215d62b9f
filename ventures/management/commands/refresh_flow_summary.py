"""Rebuild (or check) the flow summaries from the flows."""

from django.core.management.base import BaseCommand, CommandError

from ventures.flow_stats import (
    live_ends,
    live_summary,
    refresh_flow_summary,
    stored_ends,
    stored_summary,
)


class Command(BaseCommand):
    help = (
        "Rebuild ventures.FlowSummary (the public flows counted and summed per currency, "
        "kind, status and years, which the flow listing reads) and ventures.FlowEndSummary "
        "(the same per funder and per recipient, which the API summary ranks) from the "
        "flows. Database triggers keep both on every write, bulk updates included; run "
        "this after loading flows with triggers disabled, or with --check to compare them "
        "with the flows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; fail if a summary differs from the flows.",
        )

    def handle(self, *args, check=False, **options):
        if check:
            for name, stored, live in (
                ("flow summary", stored_summary(), live_summary()),
                ("funders' and recipients' summary", stored_ends(), live_ends()),
            ):
                keys = stored.keys() | live.keys()
                differing = sorted(str(key) for key in keys if stored.get(key) != live.get(key))
                if differing:
                    raise CommandError(
                        f"The {name} differs from the flows in {len(differing)} group(s),"
                        f" e.g. {differing[0]}; run manage.py refresh_flow_summary."
                    )
                self.stdout.write(f"The {name} matches the flows ({len(live)} groups).")
            return
        self.stdout.write(f"{refresh_flow_summary()} row(s) written.")
