"""Site-wide search: every kind of public record a query reaches, grouped by kind.

Names (people, organisations, ventures, places) are searched in every spelling by
``core.search``; flows through their listing's FilterSet (ends, purpose, goods,
currency: "yuan" finds flows in yuan); sources, quotes and statements (the figures,
findings and events an article states) through theirs. Each group
reuses the filter its own listing uses, so search and listing never disagree.

Each group is counted no further than ``COUNT_CAP``, as a listing is ("1,000+
ventures", ``core.facets``): an exact count costs what the matches number, and at
national scale "kim" matches tens of thousands of parties and flows.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from core.facets import COUNT_CAP
from core.pagination import ByKeys, Tally
from core.search import search, shared_matches, suggest
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
    #: How many match, counted no further than ``COUNT_CAP``.
    count: int
    results: list
    #: The listing showing all of them, or "" when there is none (quotes).
    listing: str
    #: How a result is shown: "record" (a name), "flow", "source", "quote" or "statement".
    shows: str = "record"
    #: More than ``count`` match: counting stopped at the cap.
    more: bool = False

    @classmethod
    def of(cls, label: str, keys: list, results: list, listing: str, shows: str) -> Group:
        """A group from the keys of its first ``COUNT_CAP + 1`` matches: one more than the
        cap tells "more" from "exactly"."""
        more = len(keys) > COUNT_CAP
        return cls(label, min(len(keys), COUNT_CAP), results, listing, shows, more)

    @property
    def tally(self) -> Tally:
        """The count as shown: "12", or "1,000+" when counting stopped at the cap."""
        return Tally(self.count, self.more)


def search_everything(query: str, user) -> list[Group]:
    """The non-empty groups of records ``user`` may see matching ``query``.

    The parties a query names are read once for the page (``shared_matches``): the
    named groups and the flows those parties fund or receive ask the same question.
    """
    with shared_matches():
        return _search_everything(query, user)


def _search_everything(query: str, user) -> list[Group]:
    # Aliases show why a result matched: "Kaesong" finds the Kaeseong complex.
    parties = parties_for(user).prefetch_related("aliases")
    groups = named_groups(parties, search(parties, query, vector=True))
    places = places_for(user).prefetch_related("aliases")
    quotes = citations_for(user).select_related("source").defer("source__full_text")
    stated = statements_for(user).defer("source__full_text")
    # The rest through their listings' FilterSets; quotes and statements have no listing
    # of their own and are shown in the order they were recorded (``group``'s ``by_key``).
    filtered = (
        ("Funding flows", listed_flows(user), FundingFlowFilter, "ventures:flow-list", "flow"),
        ("Sources", listed_sources(user), SourceFilter, "sources:source-list", "source"),
        ("Quotes", quotes, CitationFilter, "", "quote"),
        ("Statements", stated, StatementFilter, "", "statement"),
    )
    groups.append(group("Places", places, search(places, query), reverse("ventures:place-list")))
    for label, records, filterset, listing, shows in filtered:
        matches = filterset({"q": query}, queryset=records).qs
        groups.append(
            group(
                label,
                records,
                matches,
                reverse(listing) if listing else "",
                shows=shows,
                by_key=not listing,
            )
        )
    return [each for each in groups if each.count]


def named_groups(parties: QuerySet, found: QuerySet) -> list[Group]:
    """People, organisations and ventures among ``found``: each kind's first
    ``COUNT_CAP + 1`` keys in ``parties``' order from one query, and the first results of
    all three kinds from one lookup of their keys.

    The query numbers the matches within their kind (a window with no ``LIMIT``, so it
    is planned for what it reads: the matches, by key). Asked kind by kind, "the first
    1,001 ventures by name among the ids of 'kim'" walked the (kind, name) index through
    100,000 of 200,000 ventures (170 ms); all 30,000 matches numbered at once take 65 ms.
    """
    order = Window(RowNumber(), partition_by=F("kind"), order_by=list(parties.query.order_by))
    ranked = found.annotate(rank=order).filter(rank__lte=COUNT_CAP + 1)
    keys: dict[str, list] = {kind: [] for kind, _, _ in NAMED_KINDS}
    for pk, kind in ranked.order_by("kind", "rank").values_list("pk", "kind"):
        keys[kind].append(pk)
    first = [pk for each in keys.values() for pk in each[:SEARCH_LIMIT]]
    records = ByKeys(parties, first)[: len(first)]
    return [
        Group.of(
            label,
            keys[kind],
            [record for record in records if record.kind == kind],
            reverse(listing),
            "record",
        )
        for kind, label, listing in NAMED_KINDS
    ]


def group(
    label: str,
    records: QuerySet,
    matches: QuerySet,
    listing: str,
    *,
    shows: str = "record",
    by_key: bool = False,
) -> Group:
    """The first ``matches`` in their order, read from ``records``, and how many match
    up to ``COUNT_CAP``.

    One query reads the keys of at most ``COUNT_CAP + 1`` matches in order: the count,
    and the first results' keys. The results are then those few keys looked up among
    ``records`` (the visible records the matches were narrowed from), so the search's
    own conditions, some costly to set up (a flow's ends among every matching party),
    are not evaluated twice. A window count beside a ``LIMIT`` instead was planned as if
    the limit stopped it early, while the count read every match: at 200,000 ventures,
    "kim" walked them all (12.7 s).

    ``by_key``: a group with no listing, shown in the order of its keys (quotes and
    statements, as they were recorded). Its count reads any ``COUNT_CAP + 1`` matches,
    in the order the database finds cheapest (a bitmap of the quotes' trigram index that
    stops at the cap), and it shows the first recorded of those. Up to the cap they are
    all the matches; past it, the search page shows the first of those it counted, as no
    listing shows the rest. In the keys' order, all 25,000 quotes that hold "saessak"
    were read and sorted for the first 1,001 (0.34 s among 1.6 million quotes); and a
    walk of the keys' index for the first ten passed the 116,000 quotes recorded before
    them (quotes of one party are recorded together).
    """
    if by_key:
        matches = matches.order_by()
    keys = list(matches.values_list("pk", flat=True)[: COUNT_CAP + 1])
    if by_key:
        keys.sort()
    return Group.of(label, keys, ByKeys(records, keys)[:SEARCH_LIMIT], listing, shows)


def nearest_name(query: str, user) -> str | None:
    """The name ``user`` may see nearest a query that found nothing: "Did you mean …?"."""
    return suggest(parties_for(user), query) or suggest(places_for(user), query)
