"""factory_boy factories for ventures, places, sectors, flows and their amounts.

Records are published and public by default, and every default satisfies the
database constraints. ``FundingFlowFactory`` builds the archive's typical flow: a
reported donation of CNY 20,000–30,000 per recipient between two public parties;
``FundingFlowFactory(in_kind=True)`` builds a flow of goods with no stated amount.
"""

from decimal import Decimal

import factory

from core.records import PublicationState, Qualifier, Visibility
from people.factories import OrganizationFactory, PersonFactory
from ventures.models import (
    AmountBasis,
    ExchangeRate,
    FlowKind,
    FlowStatus,
    FundingFlow,
    GoodsItem,
    Place,
    PlaceAlias,
    PlaceKind,
    Sector,
    StatedConversion,
    Venture,
    VentureKind,
    VentureStatus,
)


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")
    kind = PlaceKind.CITY
    country = "KP"
    publication_state = PublicationState.PUBLISHED
    visibility = Visibility.PUBLIC


class PlaceAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceAlias

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Place alias {n}")


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class VentureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venture
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Venture {n}")
    slug = factory.Sequence(lambda n: f"venture-{n}")
    publication_state = PublicationState.PUBLISHED
    visibility = Visibility.PUBLIC
    venture_kind = VentureKind.SMALL_BUSINESS
    status = VentureStatus.ACTIVE

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.add(*extracted)


class FundingFlowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingFlow

    class Params:
        in_kind = factory.Trait(
            kind=FlowKind.IN_KIND,
            amount_low=None,
            amount_high=None,
            amount_qualifier=Qualifier.UNKNOWN,
            amount_as_stated="",
            currency="",
            basis=AmountBasis.UNKNOWN,
        )

    funder = factory.SubFactory(OrganizationFactory)
    recipient = factory.SubFactory(PersonFactory)
    kind = FlowKind.DONATION
    status = FlowStatus.REPORTED
    amount_low = Decimal("20000")
    amount_high = Decimal("30000")
    amount_qualifier = Qualifier.RANGE
    amount_as_stated = "20,000 yuan to 30,000 yuan"
    currency = "CNY"
    basis = AmountBasis.PER_RECIPIENT
    start_year = 2019
    publication_state = PublicationState.PUBLISHED
    visibility = Visibility.PUBLIC


class StatedConversionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatedConversion

    flow = factory.SubFactory(FundingFlowFactory)
    from_amount = Decimal("20000")
    to_currency = "SGD"
    to_amount = Decimal("4100")
    as_stated = "(S$4,100)"


class GoodsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodsItem

    flow = factory.SubFactory(FundingFlowFactory, in_kind=True)
    item = factory.Sequence(lambda n: f"LED desk lamp, model {n}")
    quantity_low = 3000
    quantity_qualifier = Qualifier.AT_LEAST
    description = "more than 3,000 Chinese LED desk lamps"


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    currency = "CNY"
    # One rate per currency and year: a sequence of years keeps defaults unique, and
    # stays within the years a rate may have (1800–2100) however many tests ran before.
    year = factory.Sequence(lambda n: 1900 + n % 200)
    units_per_usd = Decimal("6.900000")
    source_kind = ExchangeRate.SourceKind.OFFICIAL
    source = "IMF International Financial Statistics, annual average"
