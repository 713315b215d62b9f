"""Sources (the articles) and citations: the verbatim quotes that back every record."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.records import Record, RecordQuerySet, now, record_constraints
from core.versions import Versioned
from people.models import Organization, Party, Person, Role
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


class Citation(Versioned):
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
    # default, not auto_now_add: loaddata saves raw and would leave it NULL.
    created_at = models.DateTimeField(default=now, editable=False)

    history = HistoricalRecords()

    TARGETS = ("party", "role", "flow", "place")

    class Meta:
        ordering = ["source", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(party__isnull=False, role=None, flow=None, place=None)
                    | Q(party=None, role__isnull=False, flow=None, place=None)
                    | Q(party=None, role=None, flow__isnull=False, place=None)
                    | Q(party=None, role=None, flow=None, place__isnull=False)
                ),
                name="sources_citation_backs_exactly_one_record",
                violation_error_message=(
                    "A citation backs exactly one record: a party, a role, a flow or a place."
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
    def target(self) -> models.Model:
        return next(getattr(self, name) for name in self.TARGETS if getattr(self, f"{name}_id"))

    @property
    def is_verified(self) -> bool:
        return find_quote(self.quote, self.source.full_text) is not None
