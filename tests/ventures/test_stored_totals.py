"""A venture's stored funding totals equal a fresh sum after every kind of write.

The sums here are computed in Python from the public flows, independently of the SQL
that ``ventures.services.refresh_funding_totals`` stores, and compared for every
venture in the archive (the five articles' records plus what each test adds).
"""

from decimal import Decimal

import pytest

from core.records import PublicationState, Visibility
from people.factories import OrganizationFactory
from people.models import Party
from ventures.factories import ExchangeRateFactory, FundingFlowFactory, VentureFactory
from ventures.models import ExchangeRate, FundingFlow, Venture
from ventures.services import refresh_usd_estimates


def fresh_totals() -> dict[int, tuple[Decimal, Decimal]]:
    """Each venture's public flows summed, a part's money added only when its whole is
    not listed: not itself a public flow to the same venture (the flows page's rule)."""
    totals = {pk: (Decimal(0), Decimal(0)) for pk in Venture.objects.values_list("pk", flat=True)}
    public = list(FundingFlow.objects.public().filter(recipient__in=list(totals)))
    listed = {(flow.pk, flow.recipient_id) for flow in public}
    for flow in public:
        if (flow.whole_id, flow.recipient_id) in listed:
            continue
        low, high = totals[flow.recipient_id]
        flow_low = flow.usd_low or Decimal(0)
        flow_high = flow.usd_high if flow.usd_high is not None else flow_low
        totals[flow.recipient_id] = (low + flow_low, high + flow_high)
    return totals


def stored_totals() -> dict[int, tuple[Decimal, Decimal]]:
    return {
        pk: (low, high)
        for pk, low, high in Venture.objects.values_list(
            "pk", "funding_usd_low", "funding_usd_high"
        )
    }


def fresh_funding() -> dict[int, tuple[list[str], list[int]]]:
    """Each venture's public flows, parts included: their kinds and named funders."""
    found = {pk: (set(), set()) for pk in Venture.objects.values_list("pk", flat=True)}
    for flow in FundingFlow.objects.public().filter(recipient__in=list(found)):
        kinds, funders = found[flow.recipient_id]
        kinds.add(flow.kind)
        if flow.funder_id is not None:
            funders.add(flow.funder_id)
    return {pk: (sorted(kinds), sorted(funders)) for pk, (kinds, funders) in found.items()}


def stored_funding() -> dict[int, tuple[list[str], list[int]]]:
    return {
        pk: (sorted(kinds), sorted(funders))
        for pk, kinds, funders in Venture.objects.values_list("pk", "funding_kinds", "funder_ids")
    }


def assert_totals_are_fresh() -> None:
    assert stored_totals() == fresh_totals()
    # The kinds and funders the listing's facets count are kept by the same writes.
    assert stored_funding() == fresh_funding()


def funded(venture: Venture) -> Decimal:
    return Venture.objects.get(pk=venture.pk).funding_usd_high


@pytest.fixture
def venture(archive):
    return VentureFactory()


def usd_flow(**fields) -> FundingFlow:
    """A flow of US$300–500 (its USD estimate stored as ``estimate_usd`` would)."""
    return FundingFlowFactory(
        currency="USD",
        amount_as_stated="US$300 to US$500",
        amount_low=300,
        amount_high=500,
        usd_low=300,
        usd_high=500,
        **fields,
    )


def test_the_loaded_archive_stores_fresh_totals(archive):
    assert_totals_are_fresh()
    assert any(high for _, high in stored_totals().values())
    assert any(funders for _, funders in stored_funding().values())


def test_a_new_flow_adds_to_its_recipient(venture):
    usd_flow(recipient=venture)
    assert funded(venture) == 500
    assert_totals_are_fresh()


def test_an_edited_flow_changes_the_total(venture):
    flow = usd_flow(recipient=venture)
    flow.amount_high, flow.usd_high = 900, 900
    flow.save()
    assert funded(venture) == 900
    assert_totals_are_fresh()


def test_a_flow_moved_to_another_venture_leaves_the_first(venture):
    flow = usd_flow(recipient=venture)
    other = VentureFactory()
    flow.recipient = other
    flow.save()
    assert funded(venture) == 0
    assert funded(other) == 500
    assert_totals_are_fresh()


def test_a_deleted_flow_leaves_the_total(venture):
    usd_flow(recipient=venture).delete()
    assert funded(venture) == 0
    assert_totals_are_fresh()


@pytest.mark.parametrize(
    "hidden", [{"visibility": Visibility.RESTRICTED}, {"publication_state": "draft"}]
)
def test_hiding_the_funder_takes_its_flows_out_and_publishing_puts_them_back(venture, hidden):
    funder = OrganizationFactory()
    usd_flow(funder=funder, recipient=venture)
    for name, value in hidden.items():
        setattr(funder, name, value)
    funder.save()
    assert funded(venture) == 0
    assert_totals_are_fresh()
    funder.publication_state, funder.visibility = PublicationState.PUBLISHED, Visibility.PUBLIC
    funder.save()
    assert funded(venture) == 500
    assert_totals_are_fresh()


def test_a_restricted_flow_does_not_count(venture):
    flow = usd_flow(recipient=venture)
    flow.visibility = Visibility.RESTRICTED
    flow.save()
    assert funded(venture) == 0
    assert_totals_are_fresh()


def test_a_hidden_venture_keeps_public_totals_only(venture):
    """Whoever reads a hidden venture sees sums of public flows only: here none."""
    usd_flow(recipient=venture)
    venture.visibility = Visibility.RESTRICTED
    venture.save()
    assert funded(venture) == 0
    assert_totals_are_fresh()


def test_saving_a_venture_read_before_a_flow_changed_does_not_write_back_a_stale_total(venture):
    stale = Venture.objects.get(pk=venture.pk)
    usd_flow(recipient=venture)
    stale.description = "edited while a flow was added"
    stale.save()
    assert funded(venture) == 500
    assert_totals_are_fresh()


def test_a_rate_change_moves_the_totals_of_the_flows_it_re_estimates(venture):
    ExchangeRate.objects.filter(currency="KRW", year=1999).delete()
    rate = ExchangeRateFactory(currency="KRW", year=1999, units_per_usd=Decimal("1000"))
    FundingFlowFactory(
        recipient=venture,
        currency="KRW",
        amount_low=1_000_000,
        amount_high=2_000_000,
        amount_as_stated="1 million to 2 million won",
        start_year=1999,
    )
    refresh_usd_estimates()
    assert funded(venture) == 2000
    rate.units_per_usd = Decimal("500")
    rate.save()
    refresh_usd_estimates()
    assert funded(venture) == 4000
    assert_totals_are_fresh()


def test_a_bulk_update_hiding_a_party_hides_its_flows(venture):
    """The flag that hides flows is kept by the database, not by ``save()``."""
    funder = OrganizationFactory()
    flow = usd_flow(funder=funder, recipient=venture)
    Party.objects.filter(pk=funder.pk).update(visibility=Visibility.RESTRICTED)
    assert not FundingFlow.objects.public().filter(pk=flow.pk).exists()
    Party.objects.filter(pk=funder.pk).update(visibility=Visibility.PUBLIC)
    assert FundingFlow.objects.public().filter(pk=flow.pk).exists()


def test_a_part_is_not_summed_with_its_whole(venture):
    whole = usd_flow(recipient=venture)
    part = usd_flow(recipient=venture, whole=whole)
    assert funded(venture) == 500
    assert_totals_are_fresh()
    # No longer a part: both are counted.
    part.whole = None
    part.save()
    assert funded(venture) == 1000
    assert_totals_are_fresh()
    # A part again, by its own save.
    part.whole = whole
    part.save()
    assert funded(venture) == 500


def test_a_part_counts_when_its_whole_is_hidden_or_deleted(venture):
    whole = usd_flow(recipient=venture)
    usd_flow(recipient=venture, whole=whole)
    whole.visibility = Visibility.RESTRICTED
    whole.save()
    assert funded(venture) == 500
    assert_totals_are_fresh()
    whole.delete()
    assert funded(venture) == 500
    assert_totals_are_fresh()


def test_a_part_counts_when_another_venture_receives_its_whole(venture):
    whole = usd_flow(recipient=VentureFactory())
    usd_flow(recipient=venture, whole=whole)
    assert funded(venture) == 500
    # The whole moved to this venture: now the part is inside a listed whole.
    whole.recipient = venture
    whole.save()
    assert funded(venture) == 500
    assert_totals_are_fresh()
    whole.recipient = VentureFactory()
    whole.save()
    assert funded(venture) == 500
    assert_totals_are_fresh()
