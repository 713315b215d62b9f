"""Admin for ventures, places, sectors, funding flows with their amounts, and exchange rates.

A flow's USD estimate is derived, never typed: the flow page shows it read-only
and ``ventures.services`` recomputes it whenever a flow or an exchange rate is saved.
The flow list reads amounts the way an archivist says them ("CNY 20,000–30,000 per
recipient") beside the estimate, and can list the monetary flows that have none.
"""

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.db.models.constants import LOOKUP_SEP
from django_countries.filters import CountryFilter

from core.admin_tools import (
    ArchiveAdmin,
    ArchiveInline,
    CsvImportMixin,
    FoldedSearchMixin,
    RecordAdmin,
    RelatedSearchMixin,
    SimilarNamesMixin,
    country_column,
    review_state,
    titled,
)
from core.facets import distinct_values
from core.records import Qualifier
from people.admin import GROUP, PUBLICATION, PartyChildAdmin
from sources.admin import CitationInline, FlowCitationInline, HasCitationFilter
from sources.resources import FundingFlowEvidenceResource
from ventures.models import (
    ExchangeRate,
    FundingFlow,
    GoodsItem,
    Place,
    PlaceAlias,
    Sector,
    StatedConversion,
    Venture,
)
from ventures.resources import VentureResource
from ventures.services import (
    MONETARY_WITHOUT_USD,
    pending_estimates_message,
    re_estimate_for_rates,
    refresh_usd_estimates,
)


class PlaceAliasInline(ArchiveInline, admin.TabularInline):
    model = PlaceAlias
    extra = 0


@admin.register(Place)
class PlaceAdmin(SimilarNamesMixin, FoldedSearchMixin, RecordAdmin):
    list_display = (
        "name",
        "kind",
        country_column("country", "country"),
        "parent",
        "publication_state",
        "visibility",
        "updated_at",
    )
    list_filter = (
        "kind",
        ("country", CountryFilter),
        "publication_state",
        "visibility",
        HasCitationFilter,
    )
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "aliases__name")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    inlines = (PlaceAliasInline, CitationInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", ("kind", "country"), "parent", "description")}),
        PUBLICATION,
    )


@admin.register(PlaceAlias)
class PlaceAliasAdmin(ArchiveAdmin):
    list_display = ("name", "place")
    list_select_related = ("place",)
    search_fields = ("name", "place__name")
    autocomplete_fields = ("place",)


@admin.register(Sector)
class SectorAdmin(ArchiveAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class VenturePlaceCountryFilter(CountryFilter):
    """The countries of the places some venture is in.

    django-countries' filter takes the distinct countries of every venture joined to its
    place (44 ms at 200,000 ventures); here each place is probed once for a venture in it
    (the ventures' place index), so the work follows the places, not the ventures.
    """

    def lookup_choices(self, changelist):
        in_use = Venture.objects.filter(place=OuterRef("pk"))
        codes = set(
            Place.objects.filter(Exists(in_use))
            .exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        for code, name in self.field.get_choices(include_blank=False):
            if code in codes:
                yield code, name


@admin.register(Venture)
class VentureAdmin(CsvImportMixin, PartyChildAdmin):
    resource_classes = [VentureResource]
    list_display = (
        "name",
        "venture_kind",
        "status",
        "place",
        "country",
        "publication_state",
        "visibility",
        "updated_at",
    )
    list_filter = (
        "venture_kind",
        "status",
        ("place__country", VenturePlaceCountryFilter),
        "sectors",
        "publication_state",
        "visibility",
        HasCitationFilter,
        "is_group",
    )
    list_select_related = ("place",)
    autocomplete_fields = ("place", "sectors", "operated_by")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    ("venture_kind", "status"),
                    "sectors",
                    "place",
                    "operated_by",
                    "description",
                )
            },
        ),
        (
            "Dates",
            {
                "fields": (
                    ("founded_year", "founded_month", "founded_day"),
                    ("closed_year", "closed_month", "closed_day"),
                )
            },
        ),
        ("As stated", {"fields": ("size", "ownership")}),
        GROUP,
        PUBLICATION,
    )

    @admin.display(description="country", ordering="place__country")
    def country(self, venture: Venture) -> str:
        return venture.place.country.name if venture.place else ""


class StatedConversionInline(ArchiveInline, admin.TabularInline):
    model = StatedConversion
    fields = ("as_stated", "from_amount", "to_currency", "to_amount", "is_approximate")
    extra = 0


class GoodsItemInline(ArchiveInline, admin.TabularInline):
    model = GoodsItem
    fields = ("item", "quantity_qualifier", "quantity_low", "quantity_high", "description")
    extra = 0


class UsdEstimateFilter(admin.SimpleListFilter):
    """Monetary flows with and without a USD estimate (a missing rate leaves none)."""

    title = "USD estimate"
    parameter_name = "usd_estimate"

    def lookups(self, request, model_admin):
        return [("missing", "Monetary, no estimate"), ("present", "Estimated")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(MONETARY_WITHOUT_USD)
        if self.value() == "present":
            return queryset.exclude(usd_low__isnull=True, usd_high__isnull=True)
        return queryset


def refresh_in_this_version(flow: FundingFlow) -> None:
    """Derive the flow's USD estimate as part of the version its save just wrote.

    The estimate follows from what was saved (an undated flow's rate year even from the
    citations saved after it), so it is stored by a second write; that write is not a
    second version in history, which would show one change as two.
    """
    flow.skip_history_when_saving = True
    try:
        changed = refresh_usd_estimates([flow])
    finally:
        del flow.skip_history_when_saving
    if not changed:
        return
    latest = flow.history.order_by("-history_date", "-history_id").first()
    if latest is not None:
        FundingFlow.history.filter(history_id=latest.history_id).update(
            usd_low=flow.usd_low,
            usd_high=flow.usd_high,
            usd_rate_years=flow.usd_rate_years,
            version=flow.version,
        )


def missing_rate_warning(flow: FundingFlow) -> str:
    """Why a flow that states an amount has no USD estimate, and what to do; or ""."""
    if flow.amount_qualifier == Qualifier.UNKNOWN or not flow.currency:
        return ""
    if flow.usd_low is not None or flow.usd_high is not None:
        return ""
    years = sorted(
        ExchangeRate.objects.filter(currency=flow.currency).values_list("year", flat=True)
    )
    year = flow.start_year or flow.end_year
    missing = f"{flow.currency} in {year}" if year else flow.currency
    have = (
        f" The table has {flow.currency} rates for {', '.join(map(str, years))}."
        if years
        else f" The table has no {flow.currency} rate for any year."
    )
    return (
        f"This flow has no USD estimate: there is no exchange rate for {missing}.{have} "
        "Add the rate, with its source, under Exchange rates; the estimate follows."
    )


class BlankNamedValuesFilter(admin.AllValuesFieldListFilter):
    """Every value of a field, the blank one (goods in kind have no currency) named "None
    stated" instead of a link with no words.

    The values are found by a walk of the field's index, one step per value
    (``core.facets.distinct_values``): Django's ``SELECT DISTINCT`` read every row of
    the list on every page (a million flows: 56-82 ms for six currencies)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        if LOOKUP_SEP not in field_path:
            records = model_admin.get_queryset(request)
            self.lookup_choices = [value for (value,) in distinct_values(records, field.name)]

    def choices(self, changelist):
        for choice in super().choices(changelist):
            display = str(choice["display"])
            if display == "" or display.startswith(" ("):  # " (3)" with facet counts
                choice["display"] = f"None stated{display}"
            yield choice


@admin.register(FundingFlow)
class FundingFlowAdmin(CsvImportMixin, RelatedSearchMixin, RecordAdmin):
    resource_classes = [FundingFlowEvidenceResource]
    list_display = (
        "funder_label",
        "recipient_label",
        "kind",
        "status",
        "amount_display",
        "usd_display",
        "period",
        review_state,
    )
    list_filter = (
        "kind",
        "status",
        "basis",
        ("currency", BlankNamedValuesFilter),
        UsdEstimateFilter,
        ("funder__kind", titled("funder kind")),
        ("recipient__kind", titled("recipient kind")),
        "publication_state",
        "visibility",
        HasCitationFilter,
    )
    list_select_related = ("funder", "recipient")
    search_fields = (
        "funder__name",
        "funder__aliases__name",
        "funder_description",
        "recipient__name",
        "recipient__aliases__name",
        "recipient_description",
        "amount_as_stated",
        "purpose",
        "channel",
    )
    autocomplete_fields = ("funder", "recipient")
    readonly_fields = (
        "amount_reading",
        "period",
        "usd_display",
        "usd_low",
        "usd_high",
        "usd_rate_years",
        "created_at",
        "updated_at",
    )
    inlines = (FlowCitationInline, GoodsItemInline, StatedConversionInline)
    actions = (*RecordAdmin.actions, "recompute_usd_estimates")
    fieldsets = (
        (
            "Who",
            {
                "description": "Leave a party empty when the article does not name it, "
                "and describe it instead.",
                "fields": (
                    ("funder", "funder_description"),
                    ("recipient", "recipient_description"),
                ),
            },
        ),
        ("What", {"fields": (("kind", "status"), "channel", "purpose")}),
        (
            "Amount",
            {
                "fields": (
                    ("amount_as_stated", "amount_reading"),
                    ("amount_qualifier", "amount_low", "amount_high"),
                    ("currency", "basis", "payment_count"),
                )
            },
        ),
        (
            "When",
            {
                "fields": (
                    ("date_as_stated", "period"),
                    ("start_year", "start_month", "start_day"),
                    ("end_year", "end_month", "end_day"),
                )
            },
        ),
        (
            "USD estimate",
            {
                "description": "Derived from the exchange rates each time the flow is saved.",
                "fields": (("usd_display", "usd_rate_years"),),
            },
        ),
        PUBLICATION,
    )

    def get_queryset(self, request):
        # A flow's __str__ names both ends; autocompletes (citations, conversions) list it.
        return super().get_queryset(request).select_related(*self.list_select_related)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Restoring an old version saves the flow without its inlines (no save_related).
        if not self.staged(request):
            refresh_in_this_version(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines: an undated flow takes its rate year from its citations.
        if not self.staged(request):
            refresh_in_this_version(form.instance)
            warning = missing_rate_warning(form.instance)
            if warning:
                self.message_user(request, warning, messages.WARNING)

    @admin.action(description="Recompute the USD estimate of the selected flows")
    def recompute_usd_estimates(self, request, queryset):
        changed = refresh_usd_estimates(queryset)
        self.message_user(request, f"{changed} estimate(s) changed.", messages.SUCCESS)

    @admin.display(description="funder", ordering="funder__name")
    def funder_label(self, flow: FundingFlow) -> str:
        return flow.funder_label

    @admin.display(description="recipient", ordering="recipient__name")
    def recipient_label(self, flow: FundingFlow) -> str:
        return flow.recipient_label

    @admin.display(description="amount")
    def amount_display(self, flow: FundingFlow) -> str:
        return flow.amount_display

    @admin.display(description="reads as")
    def amount_reading(self, flow: FundingFlow) -> str:
        return flow.amount_display

    @admin.display(description="USD estimate", ordering="usd_high")
    def usd_display(self, flow: FundingFlow) -> str:
        return flow.usd_display

    @admin.display(description="period", ordering="start_year")
    def period(self, flow: FundingFlow) -> str:
        return flow.period


@admin.register(StatedConversion)
class StatedConversionAdmin(ArchiveAdmin):
    list_display = ("as_stated", "from_amount", "to_currency", "to_amount", "flow")
    list_filter = ("to_currency", "is_approximate")
    list_select_related = ("flow__funder", "flow__recipient")
    search_fields = ("as_stated", "flow__funder__name", "flow__recipient__name")
    autocomplete_fields = ("flow",)


@admin.register(GoodsItem)
class GoodsItemAdmin(ArchiveAdmin):
    list_display = ("__str__", "flow")
    list_filter = ("quantity_qualifier",)
    list_select_related = ("flow__funder", "flow__recipient")
    search_fields = ("item", "description")
    autocomplete_fields = ("flow",)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ArchiveAdmin):
    """Every flow's USD estimate depends on this table: each write re-estimates the flows
    the rates written can move (``flows_rates_move``)."""

    list_display = ("currency", "year", "units_per_usd", "source_kind")
    list_filter = ("source_kind", "currency")
    search_fields = ("currency", "source")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A rate moved to another currency or year leaves the old one's flows to redo too.
        before = (form.initial.get("currency"), form.initial.get("year"))
        self._re_estimate(request, [(obj.currency, obj.year), *([before] if change else [])])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._re_estimate(request, [(obj.currency, obj.year)])

    def delete_queryset(self, request, queryset):
        moved = list(queryset.values_list("currency", "year"))
        super().delete_queryset(request, queryset)
        self._re_estimate(request, moved)

    def _re_estimate(self, request, rates) -> None:
        pending = re_estimate_for_rates(rates)
        if pending:
            self.message_user(request, pending_estimates_message(pending), messages.WARNING)
