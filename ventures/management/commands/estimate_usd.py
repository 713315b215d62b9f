"""Recompute the USD estimate of every funding flow from the exchange-rate table."""

from django.core.management.base import BaseCommand

from ventures.models import FundingFlow
from ventures.services import refresh_usd_estimates


class Command(BaseCommand):
    help = (
        "Recompute every funding flow's USD low/high estimate from its stated amount and "
        "the ExchangeRate table. Run it after adding or correcting exchange rates or amounts. "
        "Reports how many flows changed and which monetary flows still have no estimate "
        "(a currency or year missing from the table)."
    )

    def handle(self, *args, **options):
        changed = refresh_usd_estimates()
        self.stdout.write(f"{changed} flow(s) updated.")
        missing = FundingFlow.objects.exclude(amount_qualifier="unknown").filter(
            usd_low__isnull=True, usd_high__isnull=True
        )
        for flow in missing:
            self.stdout.write(
                self.style.WARNING(f"flow {flow.pk} has no USD estimate: no {flow.currency} rate")
            )
