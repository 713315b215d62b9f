"""Reads over sources and citations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from people.models import Party
from sources.models import Citation
from sources.quotes import find_quote, nearest_passage


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
    ).order_by("pk")
    for citation in citations:
        if find_quote(citation.quote, citation.source.full_text) is None:
            yield CitationFailure(
                citation, nearest_passage(citation.quote, citation.source.full_text)
            )
