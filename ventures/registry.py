"""The resources this app owns, declared once for the router, the dump, the sitemap and tests."""

from core.registry import Resource, register
from ventures import selectors
from ventures.api import (
    ExchangeRateViewSet,
    FundingFlowViewSet,
    PlaceViewSet,
    SectorViewSet,
    VentureViewSet,
)
from ventures.models import ExchangeRate, FundingFlow, Place, Sector, Venture

register(
    Resource(
        name="venture",
        path="ventures",
        noun="venture",
        plural="ventures",
        model=Venture,
        selector=selectors.ventures_for,
        records=selectors.venture_records,
        viewset=VentureViewSet,
        site="ventures",
        position=40,
    ),
    Resource(
        name="funding-flow",
        path="funding-flows",
        noun="flow",
        plural="funding flows",
        model=FundingFlow,
        selector=selectors.flows_for,
        records=selectors.flow_records,
        viewset=FundingFlowViewSet,
        site="flows",
        position=60,
    ),
    Resource(
        name="place",
        path="places",
        noun="place",
        plural="places",
        model=Place,
        selector=selectors.places_for,
        records=selectors.place_records,
        viewset=PlaceViewSet,
        site="places",
        position=70,
    ),
    Resource(
        name="sector",
        path="sectors",
        noun="sector",
        plural="sectors",
        model=Sector,
        selector=selectors.sectors_for,
        records=selectors.sector_records,
        viewset=SectorViewSet,
        position=80,
    ),
    Resource(
        name="exchange-rate",
        path="exchange-rates",
        noun="exchange rate",
        plural="exchange rates",
        model=ExchangeRate,
        selector=selectors.rates_for,
        records=selectors.rate_records,
        viewset=ExchangeRateViewSet,
        position=90,
    ),
)
