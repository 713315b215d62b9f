"""Recompute the USD estimate of every funding flow from the exchange-rate table."""

from django.core.management.base import BaseCommand
from django.db.models import Count, Min
from django.db.models.functions import Coalesce

from ventures.models import FundingFlow
from ventures.services import ESTIMATE_BATCH, refresh_usd_estimates

#: How often the command says how far it is, in flows.
PROGRESS_EVERY = 50 * ESTIMATE_BATCH


class Command(BaseCommand):
    help = (
        "Recompute every funding flow's USD low/high estimate from its stated amount and "
        "the ExchangeRate table, a batch of flows at a time. Run it after adding or "
        "correcting exchange rates or amounts. Reports how many flows changed and, by "
        "currency and year, the monetary flows that still have no estimate (a rate missing "
        "from the table)."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]

        def progress(read: int, changed: int) -> None:
            if verbosity >= 1 and read % PROGRESS_EVERY == 0:
                self.stderr.write(f"{read:,} flows read, {changed:,} updated so far")

        changed = refresh_usd_estimates(progress=progress)
        self.stdout.write(f"{changed:,} flow(s) updated.")
        # Grouped, not a line a flow: at a million flows a missing rate leaves tens of
        # thousands without an estimate, and what to do is the same for each group.
        missing = (
            FundingFlow.objects.exclude(amount_qualifier="unknown")
            .filter(usd_low__isnull=True, usd_high__isnull=True)
            .annotate(year=Coalesce("start_year", "end_year"))
            .values("currency", "year")
            .annotate(flows=Count("pk"), first=Min("pk"))
            .order_by("currency", "year")
        )
        for group in missing:
            self.stdout.write(self.style.WARNING(_missing(**group)))


def _missing(currency: str, year: int | None, flows: int, first: int) -> str:
    """What a group of flows without an estimate lacks, and what to do about it."""
    some = f"{flows:,} {currency} flow(s)"
    if not currency:
        return f"{flows:,} flow(s) state an amount but no currency (first: flow {first})."
    if year is None:
        return (
            f"{some} undated have no USD estimate (first: flow {first}): add a {currency}"
            " rate for the year of the earliest source citing them, then run this again."
        )
    return (
        f"{some} of {year} have no USD estimate (first: flow {first}): add the {currency}"
        f" rate for {year}, then run this again."
    )
