"""Reads over sources and citations: quote verification, and what the public pages show."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet

from people.models import Organization, Party, Person, Role
from sources.models import Citation, Source, Statement
from sources.quotes import find_quote, nearest_passage
from ventures.models import FundingFlow, Place


@dataclass(frozen=True)
class CitationFailure:
    citation: Citation
    nearest: str

    def describe(self) -> str:
        target = self.citation.target
        if isinstance(target, Party):
            target = target.specific
        return (
            f"citation {self.citation.pk} backing {target._meta.verbose_name} "
            f"{target.pk} ({target}) in source {self.citation.source.slug!r}:\n"
            f"  quote:   {self.citation.quote!r}\n"
            f"  nearest: {self.nearest!r}"
        )


def citation_failures() -> Iterator[CitationFailure]:
    """Every citation whose quote does not occur in its source's text."""
    citations = Citation.objects.select_related(
        "source",
        "party__person",
        "party__organization",
        "party__venture",
        "role__person",
        "role__organization",
        "flow",
        "place",
        "relation",
    ).order_by("pk")
    for citation in citations:
        if find_quote(citation.quote, citation.source.full_text) is None:
            yield CitationFailure(
                citation, nearest_passage(citation.quote, citation.source.full_text)
            )


@dataclass(frozen=True)
class StatementFailure:
    statement: Statement
    nearest: str

    def describe(self) -> str:
        return (
            f"statement {self.statement.pk} ({self.statement}) in source "
            f"{self.statement.source.slug!r}:\n"
            f"  quote:   {self.statement.quote!r}\n"
            f"  nearest: {self.nearest!r}"
        )


def statement_failures() -> Iterator[StatementFailure]:
    """Every statement whose quote does not occur in its source's text."""
    for statement in Statement.objects.select_related("source").order_by("pk"):
        text = statement.source.full_text
        if find_quote(statement.quote, text) is None:
            yield StatementFailure(statement, nearest_passage(statement.quote, text))


# Reads for the public pages. A citation is shown only from a public source; the
# record it backs is reached through the page that shows that record, or, on a
# source's page, through ``cited_quotes`` which keeps only public targets.


def public_sources() -> QuerySet[Source]:
    """Public sources with their public publisher and authors (never the full text)."""
    return (
        Source.objects.public()
        .defer("full_text")
        .prefetch_related(
            Prefetch("publisher", queryset=Organization.objects.public()),
            Prefetch("authors", queryset=Person.objects.public().order_by("name")),
        )
    )


def public_citations() -> QuerySet[Citation]:
    """Citations from public sources, oldest source first, for prefetching on any record."""
    return (
        Citation.objects.filter(source__in=Source.objects.public())
        .select_related("source")
        .defer("source__full_text")
        .order_by(F("source__published_on").asc(nulls_last=True), "source__title", "pk")
    )


def citations_prefetch(lookup: str = "citations") -> Prefetch:
    return Prefetch(lookup, queryset=public_citations())


def cited_quotes(source: Source) -> QuerySet[Citation]:
    """The quotes a source page shows: those backing a record the public may see."""
    backs_public = (
        Q(party__in=Party.objects.public())
        | Q(role__in=Role.objects.public())
        | Q(flow__in=FundingFlow.objects.public())
        | Q(place__in=Place.objects.public())
    )
    return (
        Citation.objects.filter(source=source)
        .filter(backs_public)
        .select_related(
            "party",
            "role__person",
            "role__organization",
            "flow__funder",
            "flow__recipient",
            "place",
        )
        .order_by("pk")
    )
