"""Building blocks shared by every app's models.

- ``Record``: the publication state, visibility, timestamps and version every record
  carries, with the one rule for who may see it (``sees_hidden_records`` and
  ``RecordQuerySet.visible_to``).
- ``Qualifier`` and ``bounded_quantity_constraints``: how a vague number ("more than
  3,000", "hundreds of thousands", "nearly 30,000") is stored as low/high bounds plus a
  qualifier, with the database refusing bounds that contradict the qualifier.
- ``partial_date_constraints`` and ``PartialDate``: dates stored as year, month, day
  columns, where the columns that are set are the precision ("2015", "March 2020").
- Bounds for every number the archive stores (``YEARS``, ``COUNTS``, ``AMOUNTS``…): a
  validator that says the range in words for forms and the API, and the same range as a
  named CHECK in the database (``within``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.versions import Versioned


class PublicationState(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    RESTRICTED = "restricted", "Restricted"


def now() -> datetime:
    """The current time to the millisecond.

    Django's JSON serializer writes milliseconds, so a timestamp with finer precision
    would not survive ``dumpdata`` → ``loaddata`` unchanged.
    """
    moment = timezone.now()
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


#: Seeing drafts and restricted records, and the sources' full text. Created on the Party
#: content type by ``people/migrations/0005_view_hidden_permission``, which gives it to
#: the Archivist and Editor groups; superusers have every permission.
VIEW_HIDDEN_PERMISSION = "people.view_hidden_record"


#: Whom the public surfaces read as: the site's pages, exports, sitemaps, counts and totals
#: show what an anonymous visitor may see, whoever is logged in (DESIGN.md, "Visibility").
PUBLIC = AnonymousUser()


def sees_hidden_records(user) -> bool:
    """Whether ``user`` may see hidden records: an explicit permission, not the staff flag.

    A staff account only opens the admin; what it may see there and through the API
    comes from its permissions. ``RecordQuerySet.visible_to`` asks this, and so does
    every check that has no queryset to filter (a source's full text, the changes feed's
    removals, the admin's querysets).
    """
    return bool(user is not None and user.is_active and user.has_perm(VIEW_HIDDEN_PERMISSION))


def public_through(link: str = "") -> Q:
    """The rule of who sees a record without the permission: published and public. With
    ``link``, asked of the record a relation names, on its joined row
    (``role.public()`` asks it of the role's person and organisation), so a list ordered
    by that record's columns can walk an index over the public rows."""
    prefix = f"{link}__" if link else ""
    return Q(
        **{
            f"{prefix}publication_state": PublicationState.PUBLISHED,
            f"{prefix}visibility": Visibility.PUBLIC,
        }
    )


def by_key(visible: QuerySet, link: str) -> Subquery:
    """The key ``link`` holds when ``visible`` holds that record, else NULL: a scalar
    subquery looked up by primary key for each row read. As ``link__in=visible`` inside
    an OR, or beside the LIMIT of a page, PostgreSQL hashed every visible row before the
    first (every public party, 316,000 at national scale, for a page of five)."""
    return Subquery(visible.filter(pk=OuterRef(link)).order_by().values("pk")[:1])


def none_or_visible(link: str, visible: QuerySet) -> Q:
    """``link`` names no record, or one of ``visible``, asked by key (``by_key``)."""
    return Q(**{f"{link}__isnull": True}) | Q(**{link: by_key(visible, link)})


class RecordQuerySet(models.QuerySet):
    """The one rule for who may see a record; every public surface starts here."""

    def public(self) -> RecordQuerySet:
        return self.filter(public_through())

    def visible_to(self, user) -> RecordQuerySet:
        if sees_hidden_records(user):
            return self
        return self.public()


class Record(Versioned):
    """Publication state, visibility, timestamps and a version (``core.versions``).

    Timestamps use ``default=now`` rather than ``auto_now``: ``loaddata`` saves raw,
    skipping ``pre_save``, so an ``auto_now`` column would be NULL for every fixture
    row that does not spell it out.
    """

    publication_state = models.CharField(
        max_length=10, choices=PublicationState, default=PublicationState.DRAFT
    )
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.PUBLIC)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(default=now, editable=False, db_index=True)

    objects = RecordQuerySet.as_manager()
    # Every concrete record gets a history table; inherit=True reaches MTI children too.
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return (
            self.publication_state == PublicationState.PUBLISHED
            and self.visibility == Visibility.PUBLIC
        )


def record_constraints() -> list[models.BaseConstraint]:
    """Check constraints for the two vocabularies of ``Record``."""
    return [
        models.CheckConstraint(
            condition=Q(publication_state__in=PublicationState.values),
            name="%(app_label)s_%(class)s_publication_state_valid",
            violation_error_message="A record is either a draft or published; choose one.",
        ),
        models.CheckConstraint(
            condition=Q(visibility__in=Visibility.values),
            name="%(app_label)s_%(class)s_visibility_valid",
            violation_error_message="A record is either public or restricted; choose one.",
        ),
    ]


@dataclass(frozen=True)
class Bounds:
    """The honest range of one kind of number, for validators and CHECK constraints."""

    low: int | Decimal
    high: int | Decimal
    what: str

    @property
    def message(self) -> str:
        def number(value) -> str:
            # 2100 is a year; 100,000,000 is a count.
            return f"{value:,}" if abs(value) >= 10_000 else str(value)

        return f"{self.what} must be between {number(self.low)} and {number(self.high)}."

    def validators(self) -> list:
        message = self.message
        return [
            MinValueValidator(self.low, message=message),
            MaxValueValidator(self.high, message=message),
        ]

    def within(self, *fields: str, name: str) -> models.CheckConstraint:
        """A named CHECK that each of ``fields`` is empty or in range."""
        condition = Q()
        for field in fields:
            condition &= Q(**{f"{field}__isnull": True}) | Q(
                **{f"{field}__gte": self.low, f"{field}__lte": self.high}
            )
        return models.CheckConstraint(
            condition=condition,
            name=name,
            violation_error_message=self.message,
        )


# Why these bounds: every year in the archive (dates, birth years, rate years) is a
# year of modern Korean history or its prelude; 1800–2100 leaves room for any founding
# date or birth an article gives, and refuses typing slips such as 20015.
YEARS = Bounds(1800, 2100, "A year")
MONTHS = Bounds(1, 12, "A month")
DAYS = Bounds(1, 31, "A day")
# People or businesses a group stands for, and payments in one flow: at most 100
# million, more than the population of both Koreas together (about 77 million). The
# articles' largest group is "nearly 30,000" defectors; their most payments, 171.
COUNTS = Bounds(0, 100_000_000, "A count")
PAYMENTS = Bounds(1, 100_000_000, "A payment count")
# Goods counted in one flow ("more than 3,000 lamps"): at most a billion items, below
# the 32-bit column's limit (2,147,483,647), so a typo is a form error, not an overflow.
QUANTITIES = Bounds(0, 1_000_000_000, "A quantity")
# An amount in the currency the article states: at most a thousand trillion units,
# 2,000 times the articles' largest (KRW 495.6 billion) and above South Korea's whole
# annual output in won. The column holds 18 digits before the point.
AMOUNTS = Bounds(Decimal(0), Decimal(10**15), "An amount")
# Units of a currency per US dollar: from 0.01 (no currency has been worth 100 dollars)
# to a billion (far above every currency in use; the Iranian rial trades near a
# million). With AMOUNTS this keeps every USD estimate below 10^17, inside its column.
RATES = Bounds(Decimal("0.01"), Decimal(10**9), "Units per US dollar")
USD = Bounds(Decimal(0), Decimal(10**17), "A USD estimate")


class Qualifier(models.TextChoices):
    """How a stated number relates to its low/high bounds."""

    EXACT = "exact", "Exact"
    APPROXIMATE = "approximate", "Approximately"
    AT_LEAST = "at_least", "More than / at least"
    AT_MOST = "at_most", "Nearly / at most"
    RANGE = "range", "Range"
    ORDER_OF_MAGNITUDE = "order_of_magnitude", "Order of magnitude"
    UNKNOWN = "unknown", "Not stated"


def bounded_quantity_constraints(prefix: str, bounds: Bounds) -> list[models.CheckConstraint]:
    """Constraints tying ``<prefix>_low``, ``<prefix>_high`` and ``<prefix>_qualifier``.

    Exact and approximate values have low = high; ranges and orders of magnitude
    have both bounds; "more than" has only a low bound, "nearly" only a high one;
    an unstated value has neither. Bounds are never negative, never inverted, and
    within ``bounds``.
    """
    low, high, qualifier = f"{prefix}_low", f"{prefix}_high", f"{prefix}_qualifier"
    label = prefix.replace("_", " ")
    null = {f"{low}__isnull": True, f"{high}__isnull": True}
    both = {f"{low}__isnull": False, f"{high}__isnull": False}
    shape = (
        Q(**{f"{qualifier}__in": [Qualifier.EXACT, Qualifier.APPROXIMATE], high: F(low)}, **both)
        | Q(
            **{f"{qualifier}__in": [Qualifier.RANGE, Qualifier.ORDER_OF_MAGNITUDE]},
            **both,
        )
        | Q(**{qualifier: Qualifier.AT_LEAST, f"{low}__isnull": False, f"{high}__isnull": True})
        | Q(**{qualifier: Qualifier.AT_MOST, f"{low}__isnull": True, f"{high}__isnull": False})
        | Q(**{qualifier: Qualifier.UNKNOWN}, **null)
    )
    return [
        models.CheckConstraint(
            condition=Q(**{f"{low}__isnull": True}) | Q(**{f"{low}__gte": 0}),
            name=f"%(app_label)s_%(class)s_{prefix}_low_not_negative",
            violation_error_message=f"The {label}'s low bound cannot be negative.",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{high}__isnull": True}) | Q(**{f"{high}__gte": 0}),
            name=f"%(app_label)s_%(class)s_{prefix}_high_not_negative",
            violation_error_message=f"The {label}'s high bound cannot be negative.",
        ),
        bounds.within(low, high, name=f"%(app_label)s_%(class)s_{prefix}_within_bounds"),
        models.CheckConstraint(
            condition=Q(**{f"{low}__isnull": True})
            | Q(**{f"{high}__isnull": True})
            | Q(**{f"{low}__lte": F(high)}),
            name=f"%(app_label)s_%(class)s_{prefix}_low_le_high",
            violation_error_message=f"The {label}'s low bound cannot be above its high bound.",
        ),
        models.CheckConstraint(
            condition=shape,
            name=f"%(app_label)s_%(class)s_{prefix}_bounds_match_qualifier",
            violation_error_message=(
                f"The {label}'s bounds do not match its qualifier: exact and approximate need the "
                "same low and high; a range or an order of magnitude needs both; “more "
                "than” only a low bound; “nearly” only a high bound; “not stated” neither."
            ),
        ),
    ]


def partial_date_constraints(prefix: str) -> list[models.CheckConstraint]:
    """A month needs a year, a day needs a month, and each is in its calendar range."""
    year, month, day = f"{prefix}_year", f"{prefix}_month", f"{prefix}_day"
    return [
        models.CheckConstraint(
            condition=Q(**{f"{month}__isnull": True})
            | Q(**{f"{year}__isnull": False, f"{month}__gte": 1, f"{month}__lte": 12}),
            name=f"%(app_label)s_%(class)s_{prefix}_month_needs_year",
            violation_error_message="A month needs a year (and is 1 to 12).",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{day}__isnull": True})
            | Q(**{f"{month}__isnull": False, f"{day}__gte": 1, f"{day}__lte": 31}),
            name=f"%(app_label)s_%(class)s_{prefix}_day_needs_month",
            violation_error_message="A day needs a month (and is 1 to 31).",
        ),
        YEARS.within(year, name=f"%(app_label)s_%(class)s_{prefix}_year_plausible"),
    ]


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day; or not known at all."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def of(cls, obj: models.Model, prefix: str) -> PartialDate:
        return cls(
            getattr(obj, f"{prefix}_year"),
            getattr(obj, f"{prefix}_month", None),
            getattr(obj, f"{prefix}_day", None),
        )

    @property
    def precision(self) -> DatePrecision:
        if self.year is None:
            return DatePrecision.UNKNOWN
        if self.month is None:
            return DatePrecision.YEAR
        if self.day is None:
            return DatePrecision.MONTH
        return DatePrecision.DAY

    def __bool__(self) -> bool:
        return self.year is not None

    def __str__(self) -> str:
        if self.year is None:
            return "unknown"
        if self.month is None:
            return str(self.year)
        month = calendar.month_name[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"


def describe_period(start: PartialDate, end: PartialDate) -> str:
    if start and end and start != end:
        return f"{start} – {end}"
    if start:
        return str(start)
    if end:
        return f"until {end}"
    return ""


def describe_bounds(low, high, qualifier: str, unit: str = "") -> str:
    """Reads bounds back as a person would say them: "more than 3,000", "20,000–30,000"."""

    def fmt(value) -> str:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return f"{text} {unit}".strip() if unit else text

    if qualifier == Qualifier.UNKNOWN:
        return "amount not stated"
    if qualifier == Qualifier.EXACT:
        return fmt(low)
    if qualifier == Qualifier.APPROXIMATE:
        return f"about {fmt(low)}"
    if qualifier == Qualifier.AT_LEAST:
        return f"more than {fmt(low)}"
    if qualifier == Qualifier.AT_MOST:
        return f"nearly {fmt(high)}"
    if qualifier == Qualifier.ORDER_OF_MAGNITUDE:
        return f"on the order of {fmt(low)}–{fmt(high)}"
    return f"{fmt(low)}–{fmt(high)}"
