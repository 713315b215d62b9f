"""FilterSets for the venture, flow and place listings: one each, shared by page and API."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django_countries import countries
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import extend_schema_field

from core.filters import (
    BooleanFilter,
    ChoicesFilter,
    LeanFilterSet,
    RecordFilterSet,
    StableOrderingFilter,
)
from people.models import Party, Person, Role, RoleKind
from ventures.models import (
    ExchangeRate,
    FlowKind,
    FlowStatus,
    FundingFlow,
    Place,
    PlaceKind,
    RateSourceKind,
    Sector,
    Venture,
    VentureKind,
    VentureStatus,
)
from ventures.search import matching_flows
from ventures.selectors import place_and_descendants

YEAR = {"min_value": 1800, "max_value": 2100}


def usd_bounds() -> dict[str, int]:
    """A USD bound is refused (a 400 naming it) beyond the largest estimate a flow can store."""
    field = FundingFlow._meta.get_field("usd_high")
    return {"min_value": 0, "max_value": 10 ** (field.max_digits - field.decimal_places)}


def public_party_choices() -> QuerySet[Party]:
    return Party.objects.public()


#: A flow's USD size as the summary's ``usd_high`` counts it: its high estimate, or its
#: low one when it is open-ended ("more than US$2.04M" is at least US$2.04M).
USD_REACH = Coalesce("usd_high", "usd_low")


def with_usd_reach(flows: QuerySet) -> QuerySet:
    if "usd_reach" in flows.query.annotations:
        return flows
    return flows.annotate(usd_reach=USD_REACH)


class FlowOrderingFilter(StableOrderingFilter):
    """``ordering=usd`` sorts by ``USD_REACH``, so open-ended flows sort by what they reach."""

    def filter(self, qs, value):
        if value not in EMPTY_VALUES and any(v.lstrip("-") == "usd" for v in value if v):
            qs = with_usd_reach(qs)
        return super().filter(qs, value)


class VentureFilter(RecordFilterSet):
    search_vector = True

    # Declared: the schema generator cannot follow "sectors__slug" plus to_field_name.
    sector = extend_schema_field({"type": "string", "description": "Sector"})(
        django_filters.ModelMultipleChoiceFilter(
            field_name="sectors__slug",
            to_field_name="slug",
            queryset=Sector.objects.all(),
            method="filter_sector",
            label="Sector",
        )
    )
    kind = ChoicesFilter(field_name="venture_kind", choices=VentureKind.choices, label="Kind")
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.public(),
        to_field_name="slug",
        method="filter_place",
        label="Place (includes the places inside it)",
    )
    country = django_filters.ChoiceFilter(
        choices=list(countries), method="filter_country", label="Country"
    )
    status = ChoicesFilter(choices=VentureStatus.choices, label="Status")
    founded_from = django_filters.NumberFilter(
        field_name="founded_year", lookup_expr="gte", label="Founded in or after", **YEAR
    )
    founded_to = django_filters.NumberFilter(
        field_name="founded_year", lookup_expr="lte", label="Founded in or before", **YEAR
    )
    founded_by_defector = BooleanFilter(
        method="filter_founded_by_defector", label="Founded by a defector"
    )
    funded_by = django_filters.ModelChoiceFilter(
        queryset=public_party_choices(),
        to_field_name="slug",
        method="filter_funded_by",
        label="Funded by",
    )
    funding_kind = django_filters.MultipleChoiceFilter(
        choices=FlowKind.choices, method="filter_funding_kind", label="Kind of funding"
    )
    has_funding = BooleanFilter(method="filter_has_funding", label="Has funding")
    ordering = StableOrderingFilter(
        fields=(
            ("name", "name"),
            ("founded_year", "founded"),
            ("funding_usd_high", "funding"),
        ),
        field_labels={"founded_year": "Year founded", "funding_usd_high": "Total funding (USD)"},
        label="Sort by",
    )

    class Meta:
        model = Venture
        fields = []

    def filter_sector(self, queryset, name, sectors):
        """Ventures in any of the ticked sectors, as a semi-join on the link table.

        Not a join on ``sectors``: that repeats a venture once per matching sector and
        makes every list, count and facet ``SELECT DISTINCT`` over all the columns.
        """
        if not sectors:
            return queryset
        links = Venture.sectors.through.objects.filter(sector__in=sectors)
        return queryset.filter(pk__in=links.values("venture_id"))

    def filter_place(self, queryset, name, place):
        """Ventures in the place or any place inside it, counting only public places.

        A venture whose own place is hidden is not placed anywhere in public: listing it
        under a country would say where its hidden place is.
        """
        inside = Place.objects.public().filter(pk__in=place_and_descendants(place))
        return queryset.filter(place__in=inside)

    def filter_country(self, queryset, name, value):
        return queryset.filter(place__in=Place.objects.public().filter(country=value))

    def filter_founded_by_defector(self, queryset, name, value):
        # The founders' public roles alone, by the organisation they are in: joined back
        # to ventures and parties, the same subquery read three rows a venture for one
        # (7,500 buffers for the facet's 500 ventures at 200,000; docs/BENCHMARKS.md).
        founded = Role.objects.filter(
            kind__in=[RoleKind.FOUNDER, RoleKind.CO_FOUNDER],
            person__in=Person.objects.public().filter(is_defector=True),
            publication_state="published",
            visibility="public",
        ).values("organization_id")
        return queryset.filter(pk__in=founded) if value else queryset.exclude(pk__in=founded)

    # The hint on ``value`` is what the schema reads: the funder's slug, a string.
    def filter_funded_by(
        self, queryset: QuerySet[Venture], name: str, value: Party
    ) -> QuerySet[Venture]:
        return queryset.filter(_receives(funder=value))

    def filter_funding_kind(self, queryset, name, kinds):
        if not kinds:
            return queryset
        return queryset.filter(_receives(kind__in=kinds))

    def filter_has_funding(self, queryset, name, value):
        return queryset.filter(_receives() if value else ~_receives())


def _receives(**conditions) -> Exists:
    """The venture receives a public flow matching ``conditions``.

    ``EXISTS`` per listed venture rather than ``IN (every public flow's recipient)``:
    the listing is the small side, so the flows are reached through their recipient
    index instead of read whole.
    """
    return Exists(FundingFlow.objects.public().filter(recipient=OuterRef("pk"), **conditions))


class FundingFlowFilter(RecordFilterSet):
    funder = django_filters.ModelChoiceFilter(
        queryset=public_party_choices(), to_field_name="slug", label="Funder"
    )
    recipient = django_filters.ModelChoiceFilter(
        queryset=public_party_choices(), to_field_name="slug", label="Recipient"
    )
    party = django_filters.ModelChoiceFilter(
        queryset=public_party_choices(),
        to_field_name="slug",
        method="filter_party",
        label="Funder or recipient",
    )
    kind = ChoicesFilter(choices=FlowKind.choices, label="Kind")
    status = ChoicesFilter(choices=FlowStatus.choices, label="Status")
    currency = django_filters.CharFilter(
        method="filter_currency", max_length=3, label="Currency (ISO 4217)"
    )
    year_from = django_filters.NumberFilter(
        method="filter_year_from", label="In or after year", **YEAR
    )
    year_to = django_filters.NumberFilter(
        method="filter_year_to", label="In or before year", **YEAR
    )
    usd_min = django_filters.NumberFilter(
        method="filter_usd_min", label="USD at least", **usd_bounds()
    )
    usd_max = django_filters.NumberFilter(
        method="filter_usd_max", label="USD at most", **usd_bounds()
    )
    ordering = FlowOrderingFilter(
        fields=(("start_year", "year"), ("usd_reach", "usd"), ("kind", "kind"), ("id", "id")),
        field_labels={"start_year": "Year", "usd_high": "USD estimate", "id": "Record number"},
        label="Sort by",
    )

    class Meta:
        model = FundingFlow
        fields = []

    def filter_q(self, queryset, name, value):
        # Read once per FilterSet: a listing applies it to its page and to each set its
        # count and facets read (``core.facets.Narrowing``).
        found = self.__dict__.setdefault("_matching", {})
        if value not in found:
            found[value] = matching_flows(value, queryset.db)
        return queryset.filter(found[value])

    # The hint on ``value`` is what the schema reads: the party's slug, a string.
    def filter_party(
        self, queryset: QuerySet[FundingFlow], name: str, value: Party
    ) -> QuerySet[FundingFlow]:
        return queryset.involving(value)

    def filter_usd_min(self, queryset, name, value):
        """Flows that may reach ``value``: an open-ended flow ("more than US$2.04M") counts
        as at least its low bound, as the summary's ``usd_high`` does."""
        return with_usd_reach(queryset).filter(usd_reach__gte=value)

    def filter_usd_max(self, queryset, name, value):
        """Flows that may be ``value`` or less: a flow known only as "nearly X" has no low
        bound, and counts from 0 as the summary's ``usd_low`` does."""
        return queryset.filter(
            Q(usd_low__lte=value) | Q(usd_low__isnull=True, usd_high__isnull=False)
        )

    def filter_currency(self, queryset, name, value):
        return queryset.filter(currency=value.upper())

    def filter_year_from(self, queryset, name, year):
        """A flow is in the range when its period overlaps it; undated flows are not."""
        return queryset.filter(
            Q(end_year__gte=year) | Q(end_year__isnull=True, start_year__gte=year)
        )

    def filter_year_to(self, queryset, name, year):
        return queryset.filter(start_year__lte=year)


class PlaceFilter(RecordFilterSet):
    kind = ChoicesFilter(choices=PlaceKind.choices, label="Kind")
    country = django_filters.ChoiceFilter(choices=list(countries), label="Country")
    ordering = StableOrderingFilter(fields=(("name", "name"),), label="Sort by")

    class Meta:
        model = Place
        fields = []


class SectorFilter(LeanFilterSet):
    ordering = StableOrderingFilter(fields=(("name", "name"),), label="Sort by")

    class Meta:
        model = Sector
        fields = []


class ExchangeRateFilter(LeanFilterSet):
    currency = django_filters.CharFilter(
        method="filter_currency", max_length=3, label="Currency (ISO 4217)"
    )
    year = django_filters.NumberFilter(label="Year", **YEAR)
    source_kind = django_filters.ChoiceFilter(choices=RateSourceKind.choices, label="Source")
    ordering = StableOrderingFilter(
        fields=(("currency", "currency"), ("year", "year")), label="Sort by"
    )

    class Meta:
        model = ExchangeRate
        fields = []

    def filter_currency(self, queryset, name, value):
        return queryset.filter(currency=value.upper())
