"""Reads over sources and citations: quote verification, and each resource's selector."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet

from core.api_lists import join_visible
from core.records import none_or_visible, public_through, sees_hidden_records
from people.models import Organization, Party, PartyRelation, Person, Role
from sources.checks import failing_citation_ids
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
    """Every citation whose quote does not occur in its source's text, by id.

    The quotes are tested in chunks, each source's text normalised once
    (``failing_citation_ids``); only the failing citations are then read whole, with the
    record they back, to say which it is and where the article comes nearest. Joining
    every citation to its source's text, as this did, held the whole archive's texts in
    memory once per citation: 1.6 million copies at national scale.
    """
    failing = failing_citation_ids()
    for start in range(0, len(failing), CHUNK):
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
        ).filter(pk__in=failing[start : start + CHUNK])
        for citation in citations.order_by("pk"):
            yield CitationFailure(
                citation, nearest_passage(citation.quote, citation.source.full_text)
            )


#: Failing citations read whole at a time (``citation_failures``).
CHUNK = 500


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


# The reads of sources and citations. A citation has no publication state of its own:
# it is visible when its source and the record it backs both are (ARCHITECTURE.md,
# "Records"). Related records (a source's publisher and authors) are prefetched
# through querysets visible to the same user, never ``select_related`` onto a record
# that may be hidden.


def sources_for(user) -> QuerySet[Source]:
    """The sources ``user`` may see, newest first, then by title and id.

    Articles run to tens of kilobytes: the full text is read only for those who may see
    it (it is kept for verification, not republished).
    """
    sources = Source.objects.visible_to(user).order_by(
        F("published_on").desc(nulls_last=True), "title", "pk"
    )
    return sources if sees_hidden_records(user) else sources.defer("full_text")


def source_records(user) -> QuerySet[Source]:
    """``sources_for`` with the publisher and authors the API nests."""
    sources = join_visible(
        sources_for(user), "publisher", Organization.objects.visible_to(user), "visible_publisher"
    )
    return sources.prefetch_related(
        Prefetch("authors", queryset=Person.objects.visible_to(user), to_attr="visible_authors"),
    )


def listed_sources(user) -> QuerySet[Source]:
    """``sources_for`` with what the site's listing and source page show."""
    return (
        sources_for(user)
        .defer("full_text")
        .prefetch_related(
            Prefetch("publisher", queryset=Organization.objects.visible_to(user)),
            Prefetch("authors", queryset=Person.objects.visible_to(user).order_by("name", "pk")),
        )
    )


def citations_for(user) -> QuerySet[Citation]:
    """Citations whose source and backed record ``user`` may both see, by source and id.

    The backed record and its ends are joined directly: a visible role's person and
    organisation, and a visible flow's named funder and recipient, are visible too
    (``RoleQuerySet.public``, ``FundingFlowQuerySet.public``).
    """
    return (
        Citation.objects.filter(source_visible(user), backs_visible(user))
        .select_related(
            "source",
            "party",
            "role__person",
            "role__organization",
            "flow__funder",
            "flow__recipient",
            "place",
            "relation__party",
            "relation__related",
        )
        .defer("source__full_text")
        .order_by("source", "pk")
    )


def source_visible(user) -> Q:
    """The citation's source is one ``user`` may see, asked on the joined source's row.

    ``source__in=<visible sources>`` is a second copy of the sources in the join, and the
    citation list's planning (a dozen joined tables) grew with it; a scalar subquery
    would hide from the planner how many citations pass, and it then chose a plan that
    read every citation.
    """
    return Q() if sees_hidden_records(user) else public_through("source")


#: What a citation may back, by the key that holds it.
BACKED = {
    "party": Party,
    "role": Role,
    "flow": FundingFlow,
    "place": Place,
    "relation": PartyRelation,
}


def backs_visible(user) -> Q:
    """The record a citation backs is one ``user`` may see, looked up by key for each row.

    As ``party__in=<visible parties> OR role__in=<visible roles> OR …``, PostgreSQL
    cannot join (an OR of subqueries) and hashes every visible party, role, flow, place
    and relation before the first row: 530 ms for a first page of citations at national
    scale (2.2 s with the server's default ``work_mem``), however few rows the page
    needs. A scalar subquery by primary key (as ``core.api_lists.join_visible`` asks) is
    an index probe for each row read, so the list walks its order and stops at the
    page's last row.

    Written as "every key that is set holds a visible record", which is "the record it
    backs is visible" because a citation backs exactly one record (the constraint
    ``sources_citation_backs_exactly_one_record``): the planner reads each key's share
    of empty values from its statistics, where it estimated the OR of five "key =
    (subquery)" as a few thousand citations of 1.6 million and chose a join that
    compared each row with every place.
    """
    condition = Q()
    for link, model in BACKED.items():
        condition &= none_or_visible(link, model.objects.visible_to(user))
    return condition


def visible_citations(user, lookup: str = "citations") -> Prefetch:
    """A record's citations whose source ``user`` may see, as ``visible_citations``.

    The record itself is already visible (its queryset starts from its selector); a
    restricted source must not show through a public record's citations.
    """
    quotes = Citation.objects.filter(source__in=Source.objects.visible_to(user))
    quotes = quotes.select_related("source").defer("source__full_text").order_by("source", "pk")
    return Prefetch(lookup, queryset=quotes, to_attr="visible_citations")


def page_citations(user) -> QuerySet[Citation]:
    """Citations from sources ``user`` may see, oldest source first: what a page quotes."""
    return (
        Citation.objects.filter(source__in=Source.objects.visible_to(user))
        .select_related("source")
        .defer("source__full_text")
        .order_by(F("source__published_on").asc(nulls_last=True), "source__title", "pk")
    )


def citations_prefetch(user, lookup: str = "citations") -> Prefetch:
    return Prefetch(lookup, queryset=page_citations(user))


def cited_quotes(source: Source, user) -> QuerySet[Citation]:
    """The quotes a source page shows: those backing a record ``user`` may see."""
    return citations_for(user).filter(source=source).order_by("pk")


def statements_for(user) -> QuerySet[Statement]:
    """Statements ``user`` may see, newest source first, then in the order recorded.

    A visible statement has a visible source and visible named parties
    (``StatementQuerySet.public``), so they are joined directly; its place may be
    hidden, so it is prefetched (``statement_records``, ``source_statements``).
    """
    return (
        Statement.objects.visible_to(user)
        .select_related("source", "about", "said_by")
        .defer("source__full_text")
        .order_by(F("source__published_on").desc(nulls_last=True), "source_id", "pk")
    )


def statement_records(user) -> QuerySet[Statement]:
    """``statements_for`` with the place the API nests (and a source page names)."""
    return join_visible(
        statements_for(user), "place", Place.objects.visible_to(user), "visible_place"
    )


def source_statements(source: Source, user) -> QuerySet[Statement]:
    """The statements a source page lists, in the order recorded."""
    return statement_records(user).filter(source=source).order_by("pk")
