"""Ventures, places, sectors, and every flow of money or goods with its amount.

Amounts are stored the way the articles state them (bounds, a qualifier, a basis, a
payment count, the currency as written, the conversions the article itself gives,
goods in kind) plus one derived USD low/high estimate so flows in different
currencies can be summed and sorted. ``ventures.services`` derives the estimate from
``ExchangeRate``.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Substr, Upper
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.records import (
    AMOUNTS,
    DAYS,
    MONTHS,
    PAYMENTS,
    QUANTITIES,
    RATES,
    USD,
    YEARS,
    PartialDate,
    PublicationState,
    Qualifier,
    Record,
    RecordQuerySet,
    Visibility,
    bounded_quantity_constraints,
    describe_bounds,
    describe_period,
    partial_date_constraints,
    record_constraints,
)
from core.versions import Versioned
from people.models import (
    Party,
    PartyKind,
    PartyManager,
    PartyQuerySet,
    date_phrase_field,
    date_qualifier_field,
)

currency_code = RegexValidator(r"^[A-Z]{3}$", "Use the three-letter ISO 4217 code, e.g. CNY.")


def currency_constraint(field: str, blank: bool) -> models.CheckConstraint:
    """Three upper-case letters A-Z (or empty, where a flow states no money).

    Portable SQL without regular expressions: length 3, unchanged by UPPER, and
    each character between "A" and "Z".
    """
    letters = [
        Q(GreaterThanOrEqual(Substr(field, i, 1), "A"), LessThanOrEqual(Substr(field, i, 1), "Z"))
        for i in (1, 2, 3)
    ]
    condition = Q(Exact(Length(field), 3), Exact(Upper(field), F(field)), *letters)
    if blank:
        condition |= Q(**{field: ""})
    return models.CheckConstraint(
        condition=condition,
        name=f"%(app_label)s_%(class)s_{field}_iso4217",
        violation_error_message="Use the three-letter ISO 4217 code, e.g. CNY.",
    )


class PlaceKind(models.TextChoices):
    COUNTRY = "country", "Country"
    PROVINCE = "province", "Province"
    COUNTY = "county", "County"
    CITY = "city", "City or town"
    ZONE = "zone", "Zone or district"
    LANDMARK = "landmark", "Landmark"
    REGION = "region", "Region"


class PlaceManager(models.Manager.from_queryset(RecordQuerySet)):
    def get_by_natural_key(self, slug: str) -> Place:
        return self.get(slug=slug)


class Place(Record):
    """A country, province, county, city or zone; places nest through ``parent``."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=PlaceKind)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    country = CountryField(help_text="The country this place is in (or is).")
    description = models.TextField(blank=True)
    # Derived by core.search from the name and aliases; never typed.
    search_text = models.TextField(blank=True, default="", editable=False)

    objects = PlaceManager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["country", "kind"]),
            models.Index(fields=["publication_state", "visibility"]),
        ]
        constraints = [
            *record_constraints(),
            models.CheckConstraint(
                condition=Q(kind__in=PlaceKind.values),
                name="ventures_place_kind_valid",
                violation_error_message="Choose the place's kind from the list.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="ventures_place_not_own_parent",
                violation_error_message="A place cannot be inside itself.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def get_absolute_url(self) -> str:
        return reverse("ventures:place-detail", kwargs={"slug": self.slug})


class PlaceAlias(Versioned):
    """Another spelling of a place: Kaeseong for Kaesong, 평양 for Pyongyang."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    part_of = "place"
    history = HistoricalRecords()

    class Meta:
        ordering = ["place", "name"]
        verbose_name_plural = "place aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["place", "name"],
                name="ventures_alias_once_per_place",
                violation_error_message=(
                    "This place already has this alias; remove the repeated row."
                ),
            )
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} (alias of {self.place})"


class SectorManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> Sector:
        return self.get(slug=slug)


class Sector(Versioned):
    """The controlled vocabulary of business sectors."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    objects = SectorManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class VentureKind(models.TextChoices):
    SMALL_BUSINESS = "small_business", "Small business"
    STARTUP = "startup", "Startup"
    JOINT_VENTURE = "joint_venture", "Joint venture"
    STATE_ENTERPRISE = "state_enterprise", "State enterprise"
    INDUSTRIAL_ZONE = "industrial_zone", "Industrial or technology zone"
    PROGRAMME = "programme", "Programme"
    MARKET = "market", "Market"
    COMPANY = "company", "Company"


class VentureStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"
    PLANNED = "planned", "Planned"
    UNKNOWN = "unknown", "Unknown"


class VentureQuerySet(PartyQuerySet):
    def public(self) -> VentureQuerySet:
        """Published, public ventures: those with a ``listed_name``, which the database
        keeps as the party's name while the party is published and public (triggers,
        migration 0026).

        One column of the ventures' own table, so the public list in name order
        (``LISTED_ORDER``) is a walk of one index that also holds the columns its filters
        and facets read. Asked of the party's state instead, each venture the list
        passed over was looked up among the parties first: 4,935 of them for a page of
        51 software ventures founded 2005-2015 at 200,000 ventures (docs/BENCHMARKS.md).
        """
        return self.filter(listed_name__isnull=False)


class VentureManager(PartyManager.from_queryset(VentureQuerySet)):
    pass


#: The public venture list's order: the name, then the key, read from the venture's own
#: row (``Venture.listed_name``). The same order as ``("name", "pk")`` over public
#: ventures, whose listed name is their name.
LISTED_ORDER = ("listed_name", "pk")


class Venture(Party):
    """A business, zone or programme; may stand for several similar businesses."""

    party_kind = PartyKind.VENTURE

    venture_kind = models.CharField("kind", max_length=20, choices=VentureKind)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="ventures")
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="ventures"
    )
    status = models.CharField(max_length=10, choices=VentureStatus, default=VentureStatus.UNKNOWN)
    founded_year = models.PositiveSmallIntegerField(
        null=True, blank=True, db_index=True, validators=YEARS.validators()
    )
    founded_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=MONTHS.validators()
    )
    founded_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=DAYS.validators()
    )
    closed_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    closed_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=MONTHS.validators()
    )
    closed_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=DAYS.validators()
    )
    founded_qualifier = date_qualifier_field()
    founded_as_stated = date_phrase_field()
    closed_qualifier = date_qualifier_field()
    closed_as_stated = date_phrase_field()
    size = models.CharField(
        max_length=200,
        blank=True,
        help_text='How many people or units, as stated: "team of four", "125 companies".',
    )
    ownership = models.CharField(
        max_length=200, blank=True, help_text='As stated: "Western and North Korean".'
    )
    operated_by = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="operated_ventures",
        help_text='The organisation that runs it ("run by the Asan Nanum Foundation").',
    )
    # Derived, never typed: the USD sums of the *public* flows this venture receives
    # (``ventures.services.refresh_funding_totals``, kept in step on every write by
    # ``ventures.signals``). They are public totals whoever reads them: a viewer who may
    # see hidden records sees the same sums, never one that counts a hidden flow. An
    # open-ended estimate counts its low bound in the high total.
    funding_usd_low = models.DecimalField(
        max_digits=22, decimal_places=2, default=0, editable=False
    )
    funding_usd_high = models.DecimalField(
        max_digits=22, decimal_places=2, default=0, editable=False
    )
    # Derived as the totals are, from the same public flows: their kinds and their
    # funders' keys, each once. The listing's facets "Kind of funding", "Has funding"
    # and "Funded by" count a sample of ventures from these rows instead of reading the
    # flows those ventures receive (``ventures.facets``).
    funding_kinds = models.JSONField(default=list, editable=False)
    funder_ids = models.JSONField(default=list, editable=False)
    # Derived by the database, never written by the archive: the party's name while it
    # is published and public, NULL otherwise (``VentureQuerySet.public``). Triggers
    # (migration 0026) set it on every write of the venture's row, whatever the write
    # says, and again when the party's name, state or visibility changes, bulk updates
    # included. NULL, not "", is "not listed": no name is empty, and the list's index
    # holds only the rows that have one.
    listed_name = models.CharField(max_length=200, null=True, editable=False)  # noqa: DJ001

    objects = VentureManager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["venture_kind"]),
            models.Index(fields=["status"]),
            # "Sort by total funding", largest first, with the key as the tie-break.
            models.Index(F("funding_usd_high").desc(), "party_ptr", name="ventures_funding_order"),
        ]
        constraints = [
            *partial_date_constraints("founded"),
            *partial_date_constraints("closed"),
            models.CheckConstraint(
                condition=Q(venture_kind__in=VentureKind.values),
                name="ventures_venture_kind_valid",
                violation_error_message="Choose the venture's kind from the list.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VentureStatus.values),
                name="ventures_venture_status_valid",
                violation_error_message="Choose the venture's status from the list.",
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True)
                | Q(closed_year__isnull=True)
                | Q(founded_year__lte=F("closed_year")),
                name="ventures_venture_founded_before_closed",
                violation_error_message="A venture cannot close before it was founded.",
            ),
        ]

    def clean(self) -> None:
        if self.operated_by_id and self.operated_by.kind == PartyKind.PERSON:
            raise ValidationError(
                {
                    "operated_by": "A venture is run by an organisation or venture; "
                    "a person's part is a Role."
                }
            )

    @property
    def founded(self) -> PartialDate:
        return PartialDate.of(self, "founded")

    @property
    def closed(self) -> PartialDate:
        return PartialDate.of(self, "closed")


class FlowKind(models.TextChoices):
    INVESTMENT = "investment", "Investment"
    DONATION = "donation", "Donation"
    GRANT = "grant", "Grant"
    SCHOLARSHIP = "scholarship", "Scholarship"
    REMITTANCE = "remittance", "Remittance"
    LOAN = "loan", "Loan"
    IN_KIND = "in_kind", "Goods in kind"
    TRADE = "trade", "Trade or barter (goods for goods or money)"
    EARNINGS = "earnings", "Earnings (pay for work)"
    UNSPECIFIED = "unspecified", "Funds (kind not stated)"


class FlowStatus(models.TextChoices):
    REPORTED = "reported", "Reported"
    PLEDGED = "pledged", "Pledged"
    PROPOSED = "proposed", "Proposed"
    SOUGHT = "sought", "Sought"
    STOPPED = "stopped", "Stopped (when is not known)"


class Recurrence(models.TextChoices):
    NOT_STATED = "not_stated", "Not stated"
    ONCE = "once", "Once"
    YEARLY = "yearly", "Every year"
    REPEATED = "repeated", "Repeatedly (no period stated)"


class AmountBasis(models.TextChoices):
    SINGLE = "single", "One payment"
    PER_PAYMENT = "per_payment", "Each payment"
    PER_YEAR = "per_year", "Per year"
    CUMULATIVE = "cumulative", "Cumulative to date"
    PER_RECIPIENT = "per_recipient", "Per recipient"
    UNKNOWN = "unknown", "Not stated"


BASIS_SUFFIX = {
    AmountBasis.PER_PAYMENT: "at a time",
    AmountBasis.PER_YEAR: "a year",
    AmountBasis.CUMULATIVE: "to date",
    AmountBasis.PER_RECIPIENT: "per recipient",
}


PUBLIC_FLOW = Q(
    publication_state=PublicationState.PUBLISHED, visibility=Visibility.PUBLIC, ends_public=True
)


class FundingFlowQuerySet(RecordQuerySet):
    def public(self) -> FundingFlowQuerySet:
        """Public flows whose named funder and recipient are public too.

        A flow whose funder or recipient is unnamed (NULL) stays visible; one that
        would reveal a hidden party by linking to it does not. Whether its ends are
        public is stored on the flow (``ends_public``), so this is three indexed columns
        of one table: as ``funder IN (public parties)`` inside an OR, PostgreSQL could
        not join, and scanned the parties once per flow at national scale
        (SCALE-NOTES.md); as joins, every count and facet hashed every party twice.
        """
        return super().public().filter(ends_public=True)

    def involving(self, party: Party) -> FundingFlowQuerySet:
        return self.filter(Q(funder=party) | Q(recipient=party))


class FundingFlow(Record):
    """A flow of money or goods from a funder to a recipient, as an article reports it.

    Either end may be unnamed in the article ("relatives", "a plan that names no
    funder"): then the party is NULL and ``*_description`` says who it is.
    """

    funder = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="flows_out"
    )
    funder_description = models.CharField(max_length=200, blank=True)
    recipient = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="flows_in"
    )
    recipient_description = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=12, choices=FlowKind)
    status = models.CharField(max_length=10, choices=FlowStatus, default=FlowStatus.REPORTED)
    channel = models.CharField(max_length=200, blank=True, help_text="How it was sent.")
    purpose = models.TextField(blank=True)

    amount_low = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, validators=AMOUNTS.validators()
    )
    amount_high = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, validators=AMOUNTS.validators()
    )
    amount_qualifier = models.CharField(max_length=20, choices=Qualifier, default=Qualifier.UNKNOWN)
    amount_as_stated = models.CharField(
        max_length=200, blank=True, help_text='Verbatim: "20,000 yuan (S$4,100) to 30,000 yuan".'
    )
    currency = models.CharField(
        max_length=3, blank=True, validators=[currency_code], help_text="ISO 4217, as stated."
    )
    currency_is_ambiguous = models.BooleanField(
        default=False,
        help_text=(
            'The article names no currency precisely ("dollars" in a paper that writes both '
            "US$ and S$); the code is the likeliest reading and the USD estimate says so."
        ),
    )
    basis = models.CharField(max_length=15, choices=AmountBasis, default=AmountBasis.UNKNOWN)
    payment_count = models.PositiveIntegerField(
        null=True, blank=True, validators=PAYMENTS.validators()
    )

    start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, db_index=True, validators=YEARS.validators()
    )
    start_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=MONTHS.validators()
    )
    start_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=DAYS.validators()
    )
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    end_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=MONTHS.validators()
    )
    end_day = models.PositiveSmallIntegerField(null=True, blank=True, validators=DAYS.validators())
    date_as_stated = models.CharField(
        max_length=200, blank=True, help_text='Verbatim: "last year", "to date", "in 2019".'
    )
    date_qualifier = date_qualifier_field()

    whole = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        help_text=(
            "The larger flow this one is counted in (the rural grocery stores' investments are "
            '"part of" the "hundreds of thousands of dollars"); totals never count both.'
        ),
    )
    whole_note = models.CharField(
        max_length=200, blank=True, help_text='Why it is a part: "presumably", "the article says".'
    )
    recurrence = models.CharField(max_length=12, choices=Recurrence, default=Recurrence.NOT_STATED)
    amount_like = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amount_references",
        help_text='The flow whose amount this one states by reference ("such sums each year").',
    )

    usd_low = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, validators=USD.validators()
    )
    usd_high = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, validators=USD.validators()
    )
    usd_rate_years = models.CharField(
        max_length=100, blank=True, help_text="Which ExchangeRate years the estimate used."
    )
    # Derived by the database, never by Python: each named end is a published, public
    # party. Triggers (migration 0009) set it on every write of the flow and on every
    # change of a party's publication state or visibility, however written: a bulk
    # ``update()`` of a party must hide its flows as surely as a save. What Python
    # writes here is overwritten.
    ends_public = models.BooleanField(default=False, editable=False)

    objects = FundingFlowQuerySet.as_manager()

    class Meta:
        # NULLS LAST on both backends: undated flows sort after dated ones.
        ordering = [F("start_year").desc(nulls_last=True), "id"]
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["status"]),
            models.Index(fields=["currency"]),
            models.Index(fields=["usd_high"]),
            models.Index(fields=["publication_state", "visibility"]),
            # The flow listing's commonest narrowing (a currency, a span of years) and
            # the ventures' funding sums, over exactly the rows ``public()`` keeps.
            models.Index(
                fields=["currency", "start_year"],
                condition=PUBLIC_FLOW,
                name="ventures_public_flow_currency",
            ),
            # On PostgreSQL also, in the listing's own order (newest first, NULLS LAST,
            # then id; SQLite cannot index NULLS LAST): migration 0012.
            models.Index(
                fields=["recipient"], condition=PUBLIC_FLOW, name="ventures_public_flow_recipient"
            ),
            # The home page's largest flows (by their low bound, then id): the first rows
            # of this index, not a sort of every public flow (2.2 s at a million flows).
            models.Index(
                F("usd_low").desc(),
                F("id"),
                condition=PUBLIC_FLOW & Q(usd_low__isnull=False),
                name="ventures_public_flow_largest",
            ),
            # The monetary flows still without a USD estimate (``MONETARY_WITHOUT_USD``),
            # the admin's worklist and its index's count: a scan of every flow without
            # it (29 ms at a million flows, for 1% of them).
            models.Index(
                fields=["id"],
                condition=~Q(amount_qualifier=Qualifier.UNKNOWN)
                & Q(usd_low__isnull=True, usd_high__isnull=True),
                name="ventures_flow_without_usd",
            ),
        ]
        constraints = [
            *record_constraints(),
            *bounded_quantity_constraints("amount", AMOUNTS),
            *partial_date_constraints("start"),
            *partial_date_constraints("end"),
            currency_constraint("currency", blank=True),
            models.CheckConstraint(
                condition=Q(kind__in=FlowKind.values),
                name="ventures_flow_kind_valid",
                violation_error_message=(
                    "Choose the flow's kind from the list (investment, donation, grant…)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=FlowStatus.values),
                name="ventures_flow_status_valid",
                violation_error_message=(
                    "Choose the flow's status from the list (reported, pledged, proposed, sought)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(basis__in=AmountBasis.values),
                name="ventures_flow_basis_valid",
                violation_error_message=(
                    "Choose the amount's basis from the list (one payment, each payment, per "
                    "year…)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(funder__isnull=False) | ~Q(funder_description=""),
                name="ventures_flow_funder_named_or_described",
                violation_error_message=(
                    "Name the funder, or describe it when the article does not name it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(recipient_description=""),
                name="ventures_flow_recipient_named_or_described",
                violation_error_message=(
                    "Name the recipient, or describe it when the article does not name it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(funder__isnull=True)
                | Q(recipient__isnull=True)
                | ~Q(funder=F("recipient")),
                name="ventures_flow_funder_is_not_recipient",
                violation_error_message="A flow runs between two parties: not to its own funder.",
            ),
            models.CheckConstraint(
                condition=Q(amount_qualifier=Qualifier.UNKNOWN) | ~Q(currency=""),
                name="ventures_flow_amount_has_currency",
                violation_error_message="An amount needs its currency.",
            ),
            models.CheckConstraint(
                condition=Q(payment_count__isnull=True) | Q(payment_count__gte=1),
                name="ventures_flow_payment_count_positive",
                violation_error_message="A payment count is at least 1.",
            ),
            PAYMENTS.within("payment_count", name="ventures_flow_payment_count_within_bounds"),
            USD.within("usd_low", "usd_high", name="ventures_flow_usd_within_bounds"),
            models.CheckConstraint(
                condition=~Q(whole=F("id")) & ~Q(amount_like=F("id")),
                name="ventures_flow_not_part_of_itself",
                violation_error_message=(
                    "A flow cannot be part of itself or refer to its own amount."
                ),
            ),
            models.CheckConstraint(
                condition=Q(recurrence__in=Recurrence.values),
                name="ventures_flow_recurrence_valid",
                violation_error_message="Choose how the flow recurs from the list.",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(start_year__lte=F("end_year")),
                name="ventures_flow_start_before_end",
                violation_error_message="A flow cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=(Q(usd_low__isnull=True) | Q(usd_low__gte=0))
                & (Q(usd_high__isnull=True) | Q(usd_high__gte=0))
                & (
                    Q(usd_low__isnull=True)
                    | Q(usd_high__isnull=True)
                    | Q(usd_low__lte=F("usd_high"))
                ),
                name="ventures_flow_usd_bounds_ordered",
                violation_error_message=(
                    "The USD estimate's low bound cannot be negative or above its high bound."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder_label} → {self.recipient_label}: {self.amount_display}"

    def get_absolute_url(self) -> str:
        return reverse("ventures:flow-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        # One level only, so "leave out a part whose whole is counted" is exact in one
        # query (ventures.services.countable_flows).
        if self.whole_id:
            if self.whole.whole_id:
                raise ValidationError(
                    {"whole": f"“{self.whole}” is itself part of another flow; choose that one."}
                )
            if self.pk and self.parts.exists():
                raise ValidationError(
                    {"whole": "This flow has parts of its own, so it cannot be a part."}
                )

    @property
    def funder_label(self) -> str:
        return str(self.funder) if self.funder_id else self.funder_description

    @property
    def recipient_label(self) -> str:
        return str(self.recipient) if self.recipient_id else self.recipient_description

    @property
    def is_monetary(self) -> bool:
        return self.amount_qualifier != Qualifier.UNKNOWN

    @property
    def start(self) -> PartialDate:
        return PartialDate.of(self, "start")

    @property
    def end(self) -> PartialDate:
        return PartialDate.of(self, "end")

    @property
    def period(self) -> str:
        return describe_period(self.start, self.end)

    @property
    def amount_display(self) -> str:
        """The amount read as an archivist thinks: "CNY 20,000–30,000 per recipient"."""
        if not self.is_monetary:
            return (
                self.get_kind_display().lower()
                if self.kind == FlowKind.IN_KIND
                else "amount not stated"
            )
        text = describe_bounds(self.amount_low, self.amount_high, self.amount_qualifier, "")
        text = f"{self.currency} {text}"
        if self.basis in BASIS_SUFFIX:
            text += f" {BASIS_SUFFIX[self.basis]}"
        if self.payment_count:
            text += f" in {self.payment_count} payments"
        return text

    @property
    def usd_display(self) -> str:
        if self.usd_low is None and self.usd_high is None:
            return ""
        if self.usd_high is None:
            return f"more than US${self.usd_low:,.0f}"
        if self.usd_low is None:
            return f"up to US${self.usd_high:,.0f}"
        if self.usd_low == self.usd_high:
            return f"US${self.usd_low:,.0f}"
        return f"US${self.usd_low:,.0f}–{self.usd_high:,.0f}"


class FlowSummary(models.Model):
    """Public flows counted and summed per currency, kind, status, start and end year.

    Derived, never written by Python: database triggers (migration ``0011``) add each
    public flow's contribution when it is written and take it away when it changes or
    goes, however written (a bulk ``update()``, ``COPY``, a party hidden through the
    ``ends_public`` trigger), in the writing transaction; a group whose last flow goes is
    deleted, so the table always equals ``GROUP BY`` over ``FundingFlow.objects.public()``.
    The flow listing reads its totals, charts and kind/status/currency facets from here
    when every filter set is one of these columns (``ventures.flow_stats``): O(groups)
    rows, however many flows match. ``manage.py refresh_flow_summary`` rebuilds it.

    The sums are over every public flow of the group, parts included; the part-of rule
    (a part is not added when its whole is counted) depends on the filtered set, so the
    reader subtracts the parts whose whole is in the same set, a live query over parts.
    """

    #: "CNY|loan|reported|2010|": the group, so the same group is always the same row
    #: (and the triggers' upsert has a plain key to meet on).
    key = models.CharField(max_length=60, primary_key=True)
    currency = models.CharField(max_length=3, blank=True)
    kind = models.CharField(max_length=12)
    status = models.CharField(max_length=10)
    start_year = models.PositiveSmallIntegerField(null=True)
    end_year = models.PositiveSmallIntegerField(null=True)
    flows = models.IntegerField(default=0)
    #: Flows with a USD estimate (a low or a high bound).
    estimated = models.IntegerField(default=0)
    #: Flows with a low bound and no high one ("more than US$4,522").
    open_ended = models.IntegerField(default=0)
    usd_low = models.DecimalField(max_digits=22, decimal_places=2, default=0)
    #: The high bounds, an open-ended flow's low bound standing for its high.
    usd_high = models.DecimalField(max_digits=22, decimal_places=2, default=0)

    class Meta:
        indexes = [
            # The triggers delete a group whose last flow went: found without a scan.
            models.Index(fields=["flows"], condition=Q(flows=0), name="ventures_flowsummary_empty")
        ]

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def key_of(currency: str, kind: str, status: str, start_year, end_year) -> str:
        """The key the triggers give a group (migration ``0011``)."""
        return f"{currency}|{kind}|{status}|{start_year or ''}|{end_year or ''}"


class FlowEndSummary(models.Model):
    """Public flows counted and summed per end: each funder and each recipient, and each
    end named only in words (its description), as the API summary groups them.

    Kept like ``FlowSummary``: database triggers (migration ``0016``) add each public
    flow to its funder's row and its recipient's row when it is written and take it away
    when it changes or goes, however written, in the writing transaction; a row whose
    last flow goes is deleted. The unfiltered ranking of funders or recipients
    (``/api/v1/funding-flows/summary/?group_by=funder``) is then a walk of
    ``ventures_flowend_ranking`` rather than a grouping of every flow
    (``ventures.flow_stats.EndRanking``). The sums hold parts too; the reader takes out
    the few parts whose whole is public, as ``countable`` does.
    """

    #: "funder|208|", or "recipient||Chinese investors" for an end named in words only.
    key = models.TextField(primary_key=True)
    side = models.CharField(max_length=9)
    #: The named end's party, or null for an end named in words only (``description``).
    party_id = models.BigIntegerField(null=True)
    #: The unnamed end's words; empty for a named end.
    description = models.CharField(max_length=200, blank=True)
    flows = models.IntegerField(default=0)
    #: Flows with a USD estimate (a low or a high bound).
    estimated = models.IntegerField(default=0)
    usd_low = models.DecimalField(max_digits=22, decimal_places=2, default=0)
    #: The high bounds, an open-ended flow's low bound standing for its high.
    usd_high = models.DecimalField(max_digits=22, decimal_places=2, default=0)

    class Meta:
        indexes = [
            # The API summary's order of groups (``flow_groups``): the largest first.
            models.Index(
                "side",
                models.F("usd_high").desc(),
                models.F("flows").desc(),
                # Ascending puts nulls last on PostgreSQL, as the order asks.
                "party_id",
                "description",
                name="ventures_flowend_ranking",
            ),
            models.Index(fields=["flows"], condition=Q(flows=0), name="ventures_flowend_empty"),
            # The ranking's count of groups, read by index alone: the ranking index is
            # too wide for it, so the count read the whole table (169,000 funders and
            # 269,000 recipients at 10x: 59 ms; by this index 14 ms).
            models.Index(fields=["side"], name="ventures_flowend_side"),
        ]

    def __str__(self) -> str:
        return self.key


class StatedConversion(Versioned):
    """A conversion the article itself gives: "20,000 yuan (S$4,100)"."""

    flow = models.ForeignKey(FundingFlow, on_delete=models.CASCADE, related_name="conversions")
    from_amount = models.DecimalField(
        max_digits=20,
        decimal_places=2,
        validators=AMOUNTS.validators(),
        help_text="In the flow's currency.",
    )
    to_currency = models.CharField(max_length=3, validators=[currency_code])
    to_amount = models.DecimalField(
        max_digits=20, decimal_places=2, validators=AMOUNTS.validators()
    )
    is_approximate = models.BooleanField(default=False)
    as_stated = models.CharField(max_length=200, help_text='Verbatim: "(S$4,100)".')

    part_of = "flow"
    history = HistoricalRecords()

    class Meta:
        ordering = ["flow", "from_amount"]
        constraints = [
            currency_constraint("to_currency", blank=False),
            models.CheckConstraint(
                condition=Q(from_amount__gt=0) & Q(to_amount__gt=0),
                name="ventures_conversion_amounts_positive",
                violation_error_message="Both amounts of a conversion are above zero.",
            ),
            AMOUNTS.within(
                "from_amount", "to_amount", name="ventures_conversion_amounts_within_bounds"
            ),
            models.UniqueConstraint(
                fields=["flow", "from_amount", "to_currency"],
                name="ventures_conversion_once",
                violation_error_message=(
                    "This flow already has a conversion of this amount into this currency; remove"
                    " the repeated row."
                ),
            ),
        ]

    def __str__(self) -> str:
        approx = "≈" if self.is_approximate else "="
        return f"{self.from_amount:,} {approx} {self.to_currency} {self.to_amount:,}"

    @property
    def rate(self) -> Decimal:
        return self.to_amount / self.from_amount


class GoodsItem(Versioned):
    """Goods sent in kind: "more than 3,000 Chinese LED desk lamps"."""

    flow = models.ForeignKey(FundingFlow, on_delete=models.CASCADE, related_name="goods")
    item = models.CharField(max_length=200)
    quantity_low = models.PositiveIntegerField(
        null=True, blank=True, validators=QUANTITIES.validators()
    )
    quantity_high = models.PositiveIntegerField(
        null=True, blank=True, validators=QUANTITIES.validators()
    )
    quantity_qualifier = models.CharField(
        max_length=20, choices=Qualifier, default=Qualifier.UNKNOWN
    )
    description = models.CharField(max_length=200, blank=True)
    in_return = models.BooleanField(
        default=False,
        help_text="Goods the recipient gave back in a trade or barter (clothes for tiles).",
    )

    part_of = "flow"
    history = HistoricalRecords()

    class Meta:
        ordering = ["flow", "in_return", "item"]
        constraints = [
            *bounded_quantity_constraints("quantity", QUANTITIES),
            models.UniqueConstraint(
                fields=["flow", "item"],
                name="ventures_goods_item_once",
                violation_error_message=(
                    "This flow already lists this item; give all its quantities in one row."
                ),
            ),
        ]

    def __str__(self) -> str:
        if self.quantity_qualifier == Qualifier.UNKNOWN:
            return self.item
        quantity = describe_bounds(self.quantity_low, self.quantity_high, self.quantity_qualifier)
        return f"{quantity} {self.item}"


class RateSourceKind(models.TextChoices):
    ARTICLE = "article", "The articles' own conversions"
    OFFICIAL = "official", "Official annual average"


class ExchangeRate(Versioned):
    """How many units of a currency bought one US dollar in a year, and who says so."""

    SourceKind = RateSourceKind

    currency = models.CharField(max_length=3, validators=[currency_code])
    year = models.PositiveSmallIntegerField(validators=YEARS.validators())
    units_per_usd = models.DecimalField(
        max_digits=20, decimal_places=6, validators=RATES.validators()
    )
    source_kind = models.CharField(max_length=10, choices=RateSourceKind)
    source = models.TextField(help_text="Where the rate comes from, precisely enough to check.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["currency", "year"]
        constraints = [
            currency_constraint("currency", blank=False),
            models.UniqueConstraint(
                fields=["currency", "year"],
                name="ventures_rate_once_per_year",
                violation_error_message=(
                    "There is already a rate for this currency in this year; change that rate "
                    "instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(units_per_usd__gt=0),
                name="ventures_rate_positive",
                violation_error_message="A rate is above zero.",
            ),
            RATES.within("units_per_usd", name="ventures_rate_within_bounds"),
            YEARS.within("year", name="ventures_rate_year_plausible"),
            models.CheckConstraint(
                condition=Q(source_kind__in=RateSourceKind.values),
                name="ventures_rate_source_kind_valid",
                violation_error_message=(
                    "Say where the rate comes from: an article or an official table."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.year}: {self.units_per_usd} per USD"
