"""Writes that take any number of keys: PostgreSQL takes 65,535 parameters a statement,
so a write path that names each key as its own parameter fails at national scale (a
JSON backup restored refreshes 350,000 parties' search columns at its end; a rate
changed refreshes the totals of tens of thousands of ventures)."""

from core.search import refresh
from people.factories import PersonFactory
from people.models import Party
from ventures.factories import FundingFlowFactory, VentureFactory
from ventures.models import FundingFlow, Venture
from ventures.services import refresh_funding_totals

#: More keys than a statement takes parameters; none of them names a record.
MISSING = range(10**8, 10**8 + 70_000)


def test_search_columns_are_refreshed_for_any_number_of_parties(db):
    person = PersonFactory(name="Ji Seong-ho")
    stored = Party.objects.get(pk=person.pk).search_text
    Party.objects.filter(pk=person.pk).update(search_text="")
    refresh("party", [person.pk, *MISSING])
    assert Party.objects.get(pk=person.pk).search_text == stored


def test_funding_totals_are_refreshed_for_any_number_of_ventures(db):
    venture = VentureFactory()
    FundingFlowFactory(recipient=venture, currency="USD", usd_low=300, usd_high=500)
    Venture.objects.filter(pk=venture.pk).update(funding_usd_low=0, funding_usd_high=0)
    refresh_funding_totals([venture.pk, *MISSING])
    stored = Venture.objects.get(pk=venture.pk)
    assert (stored.funding_usd_low, stored.funding_usd_high) == (300, 500)
    assert FundingFlow.objects.filter(recipient=venture).count() == 1
