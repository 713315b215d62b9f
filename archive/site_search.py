"""Site-wide search: every kind of public record a query reaches, grouped by kind.

Names (people, organisations, ventures, places) are searched in every spelling by
``core.search``; flows through their listing's FilterSet (ends, purpose, goods,
currency: "yuan" finds flows in yuan); sources, quotes and statements (the figures,
findings and events an article states) through theirs. Each group
reuses the filter its own listing uses, so search and listing never disagree.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Count, QuerySet, Window
from django.urls import reverse

from core.search import search, suggest
from people.models import PartyKind
from people.selectors import parties_for
from sources.filters import CitationFilter, SourceFilter, StatementFilter
from sources.selectors import citations_for, listed_sources, statements_for
from ventures.filters import FundingFlowFilter
from ventures.selectors import listed_flows, places_for

#: How many results of each kind the search page lists before linking to the listing.
SEARCH_LIMIT = 10

NAMED_KINDS = (
    (PartyKind.PERSON, "People", "people:person-list"),
    (PartyKind.ORGANIZATION, "Organisations", "people:organization-list"),
    (PartyKind.VENTURE, "Ventures", "ventures:venture-list"),
)


class Group(NamedTuple):
    label: str
    count: int
    results: list
    #: The listing showing all of them, or "" when there is none (quotes).
    listing: str
    #: How a result is shown: "record" (a name), "flow", "source", "quote" or "statement".
    shows: str = "record"


def search_everything(query: str, user) -> list[Group]:
    """The non-empty groups of records ``user`` may see matching ``query``."""
    # Aliases show why a result matched: "Kaesong" finds the Kaeseong complex.
    parties = search(parties_for(user), query, vector=True).prefetch_related("aliases")
    groups = [
        group(label, parties.filter(kind=kind), reverse(listing))
        for kind, label, listing in NAMED_KINDS
    ]
    places = search(places_for(user), query).prefetch_related("aliases")
    flows = FundingFlowFilter({"q": query}, queryset=listed_flows(user)).qs
    sources = SourceFilter({"q": query}, queryset=listed_sources(user)).qs
    public_quotes = citations_for(user).select_related("source")
    quotes = CitationFilter({"q": query}, queryset=public_quotes.defer("source__full_text")).qs
    stated = statements_for(user).defer("source__full_text")
    statements = StatementFilter({"q": query}, queryset=stated).qs
    groups += [
        group("Places", places, reverse("ventures:place-list")),
        group("Funding flows", flows, reverse("ventures:flow-list"), shows="flow"),
        group("Sources", sources, reverse("sources:source-list"), shows="source"),
        group("Quotes", quotes.order_by("pk"), "", shows="quote"),
        group("Statements", statements.order_by("pk"), "", shows="statement"),
    ]
    return [each for each in groups if each.count]


def group(label: str, matches: QuerySet, listing: str, *, shows: str = "record") -> Group:
    """The first results and, in the same query, how many there are in all."""
    results = list(matches.annotate(search_total=Window(Count("pk")))[:SEARCH_LIMIT])
    count = results[0].search_total if results else 0
    return Group(label, count, results, listing, shows)


def nearest_name(query: str, user) -> str | None:
    """The name ``user`` may see nearest a query that found nothing: "Did you mean …?"."""
    return suggest(parties_for(user), query) or suggest(places_for(user), query)
