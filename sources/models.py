"""Sources (the articles) and citations: the verbatim quotes that back every record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.records import (
    COUNTS,
    YEARS,
    Qualifier,
    Record,
    RecordQuerySet,
    bounded_quantity_constraints,
    now,
    public_through,
    record_constraints,
)
from core.versions import Versioned
from people.models import (
    Organization,
    Party,
    PartyRelation,
    Person,
    Role,
    date_phrase_field,
    date_qualifier_field,
    public_party_or_none,
)
from sources.quotes import find_quote
from ventures.models import FundingFlow, Place


class SourceManager(models.Manager.from_queryset(RecordQuerySet)):
    def get_by_natural_key(self, slug: str) -> Source:
        return self.get(slug=slug)


class Source(Record):
    """A news article: its metadata and full text.

    The full text is kept to verify quotes and for admin search; public pages show
    the metadata, a link and the cited quotes, never the text itself.
    """

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    publisher = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
        help_text="Empty when the article has no publisher line.",
    )
    authors = models.ManyToManyField(Person, blank=True, related_name="authored_sources")
    published_on = models.DateField(null=True, blank=True, help_text="Empty when undated.")
    url = models.URLField(max_length=500, blank=True, help_text="Empty when unknown.")
    language = models.CharField(max_length=10, default="en", help_text="BCP 47 code.")
    section = models.CharField(max_length=200, blank=True)
    full_text = models.TextField()
    # An undated article's USD estimates use every year it can have been written in,
    # a window the archivist sets from what the article itself mentions, so the range
    # does not depend on which years the rate table happens to hold.
    written_from_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    written_to_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    written_years_reason = models.TextField(
        blank=True, help_text="For an undated article: why it was written in these years."
    )
    file_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="The article's file in fixtures/articles/ (settings.ARTICLES_DIR).",
    )

    objects = SourceManager()

    class Meta:
        ordering = ["-published_on", "title"]
        indexes = [
            models.Index(fields=["published_on"]),
            models.Index(fields=["publication_state", "visibility"]),
        ]
        constraints = [
            *record_constraints(),
            models.CheckConstraint(
                condition=~Q(full_text=""),
                name="sources_source_has_text",
                violation_error_message="A source needs its full text.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def get_absolute_url(self) -> str:
        return reverse("sources:source-detail", kwargs={"slug": self.slug})


def exactly_one_target(targets=("party", "role", "flow", "place", "relation")) -> Q:
    """Exactly one of the target foreign keys is set."""
    condition = Q()
    for chosen in targets:
        condition |= Q(
            **{f"{chosen}__isnull": False}, **{name: None for name in targets if name != chosen}
        )
    return condition


class TargetMixin:
    """The record a citation or an addition is about, whichever key holds it."""

    TARGETS = ("party", "role", "flow", "place", "relation")

    @property
    def target(self) -> models.Model:
        return next(getattr(self, name) for name in self.TARGETS if getattr(self, f"{name}_id"))

    def clean_fields_named(self, fields: list[str], attribute: str) -> None:
        from sources.support import citable_fields

        if not any(getattr(self, f"{name}_id") for name in self.TARGETS):
            return
        allowed = citable_fields(self.target)
        unknown = [name for name in fields if name not in allowed]
        if unknown:
            raise ValidationError(
                {
                    attribute: f"{', '.join(unknown)}: not a field this record states. "
                    f"Choose from {', '.join(allowed)}."
                }
            )


class Citation(TargetMixin, Versioned):
    """A verbatim quote from a source that backs exactly one record or relationship."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(help_text="Verbatim from the source's text.")
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    flow = models.ForeignKey(
        FundingFlow, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    relation = models.ForeignKey(
        PartyRelation, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    fields = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Which fields of the record this quote supports, e.g. name, kind, amount, basis. "
            "sources.support checks that a quote supporting a name, an amount or a date "
            "contains it."
        ),
    )
    # default, not auto_now_add: loaddata saves raw and would leave it NULL.
    created_at = models.DateTimeField(default=now, editable=False)

    history = HistoricalRecords()

    TARGETS = ("party", "role", "flow", "place", "relation")

    class Meta:
        ordering = ["source", "id"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_target(),
                name="sources_citation_backs_exactly_one_record",
                violation_error_message=(
                    "A citation backs exactly one record: a party, a role, a flow, a place "
                    "or a relation."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(quote=""),
                name="sources_citation_has_quote",
                violation_error_message="A citation needs its quote.",
            ),
        ]

    def __str__(self) -> str:
        short = self.quote if len(self.quote) <= 60 else self.quote[:57] + "…"
        return f"“{short}” ({self.source})"

    @property
    def is_verified(self) -> bool:
        return find_quote(self.quote, self.source.full_text) is not None

    def clean(self) -> None:
        if not isinstance(self.fields, list) or not all(isinstance(f, str) for f in self.fields):
            raise ValidationError({"fields": 'A list of field names, e.g. ["name", "kind"].'})
        self.clean_fields_named(self.fields, "fields")


class ReferenceWorkManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> ReferenceWork:
        return self.get(slug=slug)


class ReferenceWork(Versioned):
    """A reference work an archivist consulted for a value no article states.

    Not a ``Source``: a source is an article whose full text every quote is verified
    against; a reference entry is cited by title and address, and backs only an
    ``Addition`` (a native-script spelling, say), never a citation.
    """

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300, help_text='"Wikipedia (English): Kaesong".')
    url = models.URLField(max_length=500)
    consulted_on = models.DateField(null=True, blank=True)

    objects = ReferenceWorkManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Addition(TargetMixin, Versioned):
    """A field value no article states, marked as the archivist's own, with the reason.

    "지성호" for Ji Seong Ho is an addition: the articles write only the romanised name.
    ``value`` says which value of a many-valued field (one alias among several); empty
    means the whole field.
    """

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="additions"
    )
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="additions"
    )
    flow = models.ForeignKey(
        FundingFlow, on_delete=models.CASCADE, null=True, blank=True, related_name="additions"
    )
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, null=True, blank=True, related_name="additions"
    )
    relation = models.ForeignKey(
        PartyRelation, on_delete=models.CASCADE, null=True, blank=True, related_name="additions"
    )
    field = models.CharField(max_length=40)
    value = models.CharField(max_length=200, blank=True)
    reason = models.TextField(help_text="Why the archivist added it, in words a reader can check.")
    reference = models.ForeignKey(
        ReferenceWork,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="additions",
        help_text="The reference work it comes from, if any.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_target(),
                name="sources_addition_backs_exactly_one_record",
                violation_error_message="An addition belongs to exactly one record.",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="sources_addition_has_reason",
                violation_error_message="Say why the value was added.",
            ),
        ]

    def __str__(self) -> str:
        value = f" “{self.value}”" if self.value else ""
        return f"{self.field}{value} added by the archivist"

    def clean(self) -> None:
        self.clean_fields_named([self.field], "field")


class StatementKind(models.TextChoices):
    STATISTIC = "statistic", "Statistic"
    CLAIM = "claim", "Claim or finding"
    EVENT = "event", "Event"


class StatementQuerySet(RecordQuerySet):
    def public(self) -> StatementQuerySet:
        """Public statements whose source, and the parties they name, are public too.

        The source is asked on its joined row, the one the list orders by (newest source
        first), so a page can walk the public sources' index (``sources/0008``); each
        named party by key, for each row read (``public_party_or_none``).
        """
        return (
            super()
            .public()
            .filter(public_through("source"))
            .filter(public_party_or_none("about"), public_party_or_none("said_by"))
        )


class Statement(Record):
    """A fact an article states that is not a record's field: a statistic, a finding, an event.

    It carries its own quote (verified like a citation's) and, where the article gives
    them, a quantity with its unit and a date with the article's words.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="statements")
    quote = models.TextField(help_text="Verbatim from the source's text.")
    kind = models.CharField(max_length=10, choices=StatementKind)
    summary = models.CharField(max_length=300, help_text="What the quote says, in one line.")
    about = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="statements",
        help_text="Whom it is about, if a record.",
    )
    said_by = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements_made",
        help_text="Who the article says claims it, if anyone.",
    )
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    quantity_low = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    quantity_high = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    quantity_qualifier = models.CharField(
        max_length=20, choices=Qualifier, default=Qualifier.UNKNOWN
    )
    quantity_as_stated = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=100, blank=True, help_text='"percent", "people a year".')
    year_low = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    year_high = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEARS.validators()
    )
    date_qualifier = date_qualifier_field()
    date_as_stated = date_phrase_field()

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["source", "id"]
        indexes = [models.Index(fields=["publication_state", "visibility"])]
        constraints = [
            *record_constraints(),
            *bounded_quantity_constraints("quantity", COUNTS),
            models.CheckConstraint(
                condition=Q(kind__in=StatementKind.values),
                name="sources_statement_kind_valid",
                violation_error_message="Choose the statement's kind from the list.",
            ),
            models.CheckConstraint(
                condition=~Q(quote=""),
                name="sources_statement_has_quote",
                violation_error_message="A statement needs its quote.",
            ),
            models.CheckConstraint(
                condition=Q(year_low__isnull=True)
                | Q(year_high__isnull=True)
                | Q(year_low__lte=models.F("year_high")),
                name="sources_statement_years_ordered",
                violation_error_message="The earliest year cannot be after the latest.",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_verified(self) -> bool:
        return find_quote(self.quote, self.source.full_text) is not None


class EvidenceCheck(models.Model):
    """What one run of the archive's evidence check found (``sources.evidence``).

    The check reads every citation against its source's text and every record's stated
    fields against its quotes: minutes at national scale, so it runs as a command
    (``manage.py verify_citations``, on a schedule in production), and the admin index's
    "Needs attention" panel shows the newest run's figures with the time it ran, rather
    than walking the archive on every page view. The lists those figures link to are
    live.
    """

    checked_at = models.DateTimeField(
        db_index=True,
        help_text="When the check began reading the archive: a change after it may not be "
        "in its figures.",
    )
    seconds = models.FloatField(help_text="How long the check took.")
    citations = models.PositiveIntegerField(help_text="How many citations were checked.")
    failing_quotes = models.PositiveIntegerField(
        help_text="Citations whose quote is not in their source's text."
    )
    failing_ids = models.JSONField(
        default=list, help_text="Those citations' ids, which the admin's quote filter starts from."
    )
    uncited = models.JSONField(
        default=dict, help_text="Per model label, how many records no citation backs."
    )
    unsupported = models.JSONField(
        null=True,
        blank=True,
        help_text="Per model label, how many records have a stated field no quote supports; "
        "empty when the run checked quotes only.",
    )

    class Meta:
        ordering = ["-checked_at", "-id"]
        get_latest_by = ["checked_at", "id"]
        verbose_name = "evidence check"

    def __str__(self) -> str:
        return f"Evidence check of {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def when(self) -> str:
        """When it began, as the admin says it: "30 Nov 2026 08:42 UTC", local time."""
        return timezone.localtime(self.checked_at).strftime("%d %b %Y %H:%M %Z")
