"""Facet counts for the venture and flow listings: a fixed number of queries per page.

``core.facets`` narrows by every filter but one; this module says, for each of
the listings' filters, what is counted (ventures, not the flows that fund them) and
how values are labelled and ordered.
"""

from __future__ import annotations

import json
from collections import Counter

from django.db import connection
from django.db.models import Case, Count, QuerySet, TextField, Value, When
from django.db.models.functions import Cast
from django.http import QueryDict
from django_countries import countries

from core import facets as core_facets
from core.facets import (
    Facet,
    FacetValue,
    Narrowing,
    choice_facet,
    grouped_counts,
    yes_no_facet,
)
from core.lookups import Keys
from core.records import PublicationState, Visibility
from people.models import Party
from ventures.flow_stats import SummaryStats
from ventures.models import (
    LISTED_ORDER,
    FlowKind,
    FlowStatus,
    FundingFlow,
    Place,
    Sector,
    Venture,
    VentureKind,
    VentureStatus,
)


def venture_narrowing(filterset) -> Narrowing:
    """The venture listing's active filters over public ventures (a valid FilterSet).

    Its count and facets read the matches in the listing's default order (name, then
    id, from the ventures' own rows: ``LISTED_ORDER``): a walk of the public ventures'
    (name, id) index that stops at the cap, at any size of archive, and a sample that
    is the ventures the listing's pages show.
    """
    return Narrowing(
        filterset,
        Venture.objects.public().annotate(**RECEIVED),
        order=LISTED_ORDER,
        columns=VENTURE_COLUMNS,
    )


#: What each venture stores of the public flows it receives (its kinds of funding, its
#: funders' keys), as the JSON text of the column: a sample's thousand arrays are then
#: joined into one string and decoded at once, not each through the field's converter.
RECEIVED = {
    f"{column}_json": Cast(column, TextField()) for column in ("funding_kinds", "funder_ids")
}

#: What the venture facets count besides the key, read with it (``Narrowing.columns``):
#: kind, status, place and country are counted from these rows, and kinds of funding,
#: "has funding" and "funded by" from what they store of their flows, with no query each.
VENTURE_COLUMNS = ("venture_kind", "status", "place", *RECEIVED)


def flow_narrowing(filterset) -> Narrowing:
    return Narrowing(filterset, FundingFlow.objects.public())


def venture_facets(narrowing: Narrowing, params: QueryDict) -> list[Facet]:
    """Counts beside every filter value of the venture listing.

    Each facet counts over at most ``FACET_SAMPLE`` of the ventures its other filters
    keep (``Narrowing.sample_rows``), and says so when there were more. Kind, status,
    place and country are counted from the columns read with those keys, and so are
    kinds of funding, "has funding" and "funded by", from what each venture stores of
    the flows it receives; sectors, funders' names and "founded by a defector" take one
    query each.
    """
    filterset = narrowing.filterset
    sampled: set[str] = set()

    def rows(name: str) -> list[tuple]:
        """The sample the facet ``name`` counts over (see above), as ``(key, *columns)``,
        each venture once."""
        found, cut = narrowing.sample_rows(without=name)
        if cut:
            sampled.add(name)
        return list({row[0]: row for row in found}.values())

    def keys(name: str) -> list[int]:
        return [row[0] for row in rows(name)]

    def base(name: str) -> QuerySet[Venture]:
        # The keys are public ventures already: no second visibility check, nor the
        # join to their party rows that it costs.
        return Venture.objects.filter(pk__among=Keys(keys(name)))

    def funded(name: str, column: str) -> list[list]:
        """``column`` of each venture of the sample of ``name``, a list: the kinds
        (``funding_kinds``) or the funders' keys (``funder_ids``) of the public flows it
        receives, as the venture stores them. Read with the sample's keys, which the
        kinds of funding, "has funding" and "funded by" all count, instead of their
        flows; the sample's texts are joined into one array, one string to decode."""
        index = VENTURE_COLUMNS.index(f"{column}_json") + 1
        return json.loads(f"[{','.join(row[index] or '[]' for row in rows(name))}]")

    sectors = (
        Venture.sectors.through.objects.filter(venture__among=Keys(keys("sector")))
        .values_list("sector__slug")
        .annotate(count=Count("venture"))
        .order_by()
    )
    sector_names = dict(Sector.objects.values_list("slug", "name"))
    kind, status, place = (VENTURE_COLUMNS.index(column) + 1 for column in VENTURE_COLUMNS[:3])
    place_rows, country_rows = rows("place"), rows("country")
    # The places the two samples name, with every place above them: one query for the
    # place facet's tree and both facets' rule that only a public place is counted.
    places = _places_up(
        sorted({row[place] for row in place_rows + country_rows if row[place] is not None}),
        params.get("place", ""),
    )

    def in_public_place(found: list[tuple]) -> list[int]:
        return [row[place] for row in found if row[place] in places and places[row[place]][3]]

    countries_rows = list(Counter(places[pk][4] for pk in in_public_place(country_rows)).items())
    country_names = {code: countries.name(code) for code, _ in countries_rows if code}
    funders, funder_names = _top_funders(
        Counter(funder for ids in funded("funded_by", "funder_ids") for funder in ids)
    )
    chosen_funder = filterset.form.cleaned_data.get("funded_by")
    if chosen_funder is not None:
        funder_names[chosen_funder.slug] = chosen_funder.name
    facets = [
        choice_facet("sector", "Sector", sectors, sector_names, params),
        choice_facet(
            "kind",
            "Kind",
            Counter(row[kind] for row in rows("kind")).items(),
            _labels(VentureKind),
            params,
        ),
        _place_facet(Counter(in_public_place(place_rows)), places, params),
        choice_facet(
            "country",
            "Country",
            sorted(countries_rows, key=lambda row: country_names.get(row[0], "")),
            country_names,
            params,
            multiple=False,
            keep_order=True,
        ),
        choice_facet(
            "status",
            "Status",
            Counter(row[status] for row in rows("status")).items(),
            _labels(VentureStatus),
            params,
        ),
        _yes_no(narrowing, base, "founded_by_defector", "Founded by a defector", params),
        choice_facet(
            "funded_by",
            "Funded by",
            funders,
            funder_names,
            params,
            multiple=False,
            keep_order=True,
        ),
        choice_facet(
            "funding_kind",
            "Kind of funding",
            Counter(
                kind for kinds in funded("funding_kind", "funding_kinds") for kind in kinds
            ).items(),
            _labels(FlowKind),
            params,
        ),
        yes_no_facet(
            "has_funding",
            "Has funding",
            sum(1 for kinds in funded("has_funding", "funding_kinds") if kinds),
            narrowing.tally(without="has_funding", cap=core_facets.FACET_SAMPLE).value,
            params,
        ),
    ]
    return _mark_sampled(facets, sampled)


def _top_funders(counts: Counter) -> tuple[list[tuple[str, int]], dict[str, str]]:
    """The ``FACET_LIMIT`` funders of the most ventures, as ``(slug, count)`` rows and
    their names; funders of as many ventures in name order.

    One query, whatever the counts: the names of the funders that can be listed, every
    funder above the last listed count first, then those at it (often most of them,
    funding one venture each) in name order as far as the places left. The funders are
    public: the stored keys come from public flows, whose named ends are public.
    """
    ranked = sorted(counts.values(), reverse=True)
    last = ranked[min(FACET_LIMIT, len(ranked)) - 1] if ranked else 0
    above = [pk for pk, count in counts.items() if count > last]
    first = Case(When(pk__among=above, then=Value(0)), default=Value(1))
    # No funder at all asks for key 0, which no party has: the same one query.
    found = list(
        Party.objects.public()
        .filter(pk__among=[pk for pk, count in counts.items() if count >= last] or [0])
        .order_by(first, "name", "pk")
        .values_list("pk", "slug", "name")[:FACET_LIMIT]
    )
    found.sort(key=lambda row: (-counts[row[0]], row[2], row[0]))
    rows = [(slug, counts[pk]) for pk, slug, _ in found[:FACET_LIMIT]]
    return rows, {slug: name for _, slug, name in found}


def _mark_sampled(facets: list[Facet], sampled: set[str]) -> list[Facet]:
    for facet in facets:
        if facet.name in sampled:
            facet.sampled = core_facets.FACET_SAMPLE
    return facets


#: How many values a facet over an open-ended set (funders, recipients) lists.
FACET_LIMIT = 12


def _labels(choices) -> dict[str, str]:
    return dict(choices.choices)


def _yes_no(narrowing: Narrowing, base, name: str, label: str, params: QueryDict) -> Facet:
    """ "Yes" is the filter applied to the narrowed set (per listed record), not a
    membership test against every record the filter would keep. Over the same sample
    as the other facets: "No" is the rest of the sample."""
    total = narrowing.tally(without=name, cap=core_facets.FACET_SAMPLE).value
    yes = narrowing.filterset.filters[name].filter(base(name), True).order_by().count()
    return yes_no_facet(name, label, yes, total, params)


def _place_facet(direct: Counter, places: dict, params: QueryDict) -> Facet:
    """Public places with the ventures in them or in any place inside them.

    ``direct`` counts the sampled ventures by their own place, a public one only;
    ``places`` holds those places and every place above them (``_places_up``). Counts
    roll up the place tree as the ``place`` filter does (a country includes its cities
    and zones), and only public places are listed: only the counted places and their
    ancestors are read, never the whole gazetteer.
    """
    chosen = params.get("place", "")
    totals: dict[int, int] = {}
    for place_id, count in direct.items():
        seen = set()
        while place_id is not None and place_id not in seen:
            seen.add(place_id)
            totals[place_id] = totals.get(place_id, 0) + count
            place_id = places[place_id][0] if place_id in places else None
    public = {pk: row for pk, row in places.items() if row[3]}
    children: dict[int | None, list] = {}
    for pk, (parent, slug, name, *_) in public.items():
        children.setdefault(parent if parent in public else None, []).append((pk, slug, name))
    shown = _most_counted(totals, public)
    values: list[FacetValue] = []

    def walk(parent: int | None, depth: int) -> None:
        for pk, slug, name in sorted(children.get(parent, []), key=lambda row: (row[2], row[1])):
            if pk in shown or slug == chosen:
                values.append(FacetValue(slug, name, totals.get(pk, 0), slug == chosen, depth))
                walk(pk, depth + 1)

    walk(None, 0)
    cut = len(shown) < sum(1 for pk in public if totals.get(pk))
    return Facet("place", "Place", values, multiple=False, cut=cut)


#: How many places the place facet lists, the most counted first: a radio button per
#: place of a thousand ventures' towns would be a list no visitor reads, and render time
#: that grows with the archive. The page says when places were left out.
PLACE_LIMIT = 40


def _most_counted(totals: dict[int, int], public: dict) -> set[int]:
    """The ``PLACE_LIMIT`` public places with the most ventures, and the public places
    above them, so the list keeps its tree."""
    counted = sorted(
        (pk for pk in public if totals.get(pk)), key=lambda pk: (-totals[pk], public[pk][2], pk)
    )
    shown: set[int] = set()
    for pk in counted[:PLACE_LIMIT]:
        while pk in public and pk not in shown:
            shown.add(pk)
            pk = public[pk][0]
    return shown


def _places_up(
    place_ids: list[int], slug: str
) -> dict[int, tuple[int | None, str, str, bool, str]]:
    """The places ``place_ids`` and the one called ``slug``, with every place above them:
    ``{pk: (parent_id, slug, name, public, country)}``, hidden ones included (a count
    rolls up through them), in one recursive query."""
    table = connection.ops.quote_name(Place._meta.db_table)
    # As one array on PostgreSQL, as ``__among`` sends keys (core.lookups).
    if connection.vendor == "postgresql":
        seeds, seed_params = "= ANY(%s)", [place_ids]
    else:
        seeds, seed_params = f"IN ({', '.join(['%s'] * len(place_ids)) or 'NULL'})", place_ids
    # Each place's columns are read as the walk reaches it, not joined again after it:
    # PostgreSQL cannot estimate a recursive walk (40,000 rows for 428 at 200,000
    # ventures), and hashed every place twice for that join (3.8 vs 1.8 ms).
    columns = (
        "place.id, place.parent_id, place.slug, place.name,"
        " place.publication_state = %s AND place.visibility = %s, place.country"
    )
    sql = f"""
        WITH RECURSIVE up AS (
            SELECT {columns} FROM {table} place WHERE place.id {seeds} OR place.slug = %s
            UNION
            SELECT {columns} FROM {table} place JOIN up ON place.id = up.parent_id
        )
        SELECT * FROM up
    """
    state = [PublicationState.PUBLISHED, Visibility.PUBLIC]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*state, *seed_params, slug, *state])
        return {
            pk: (parent, slug, name, bool(public), country)
            for pk, parent, slug, name, public, country in cursor
        }


def flow_facets(
    narrowing: Narrowing, params: QueryDict, summary: SummaryStats | None = None
) -> list[Facet]:
    """Counts beside the flow listing's kind, status, currency, funder and recipient.

    With ``summary`` (the public listing, filtered by its columns only), kind, status and
    currency are exact counts from ``FlowSummary``; otherwise, and for funders and
    recipients always, each facet counts over at most ``FACET_SAMPLE`` matching flows.
    """
    filterset = narrowing.filterset
    # The narrowing's keys are public flows already (see ``venture_facets``).
    flows = FundingFlow.objects.all()
    sampled: set[str] = set()

    def base(name: str) -> QuerySet[FundingFlow]:
        records, cut = narrowing.sample(flows, without=name)
        if cut:
            sampled.add(name)
        return records

    def counts(name: str) -> list[tuple[str, int]]:
        if summary is not None:
            return summary.counts(name, without=name)
        return grouped_counts(base(name), name, distinct=False)

    currencies = [(code, count) for code, count in counts("currency") if code]
    data = filterset.form.cleaned_data
    facets = [
        choice_facet("kind", "Kind", counts("kind"), _labels(FlowKind), params),
        choice_facet("status", "Status", counts("status"), _labels(FlowStatus), params),
        choice_facet(
            "currency",
            "Currency",
            sorted(currencies),
            {code: code for code, _ in sorted(currencies)} | _chosen(params, "currency"),
            _upper(params, "currency"),
            multiple=False,
        ),
    ]
    for end, label in (("funder", "Funder"), ("recipient", "Recipient")):
        rows = list(
            base(end)
            .filter(**{f"{end}__isnull": False})
            .values_list(f"{end}__slug", f"{end}__name")
            .annotate(count=Count("pk"))
            .order_by("-count", f"{end}__name")[:FACET_LIMIT]
        )
        names = {slug: name for slug, name, _ in rows}
        if data.get(end) is not None:
            names[data[end].slug] = data[end].name
        facets.append(
            choice_facet(
                end,
                label,
                [(slug, count) for slug, _, count in rows],
                names,
                params,
                multiple=False,
                keep_order=True,
            )
        )
    return _mark_sampled(facets, sampled)


def _chosen(params: QueryDict, name: str) -> dict[str, str]:
    return {value.upper(): value.upper() for value in params.getlist(name) if value}


def _upper(params: QueryDict, name: str) -> QueryDict:
    """``params`` with ``name``'s values in capitals, as its filter reads them: a currency
    asked for as ``cny`` is the ``CNY`` ticked in its facet."""
    upper = params.copy()
    upper.setlist(name, [value.upper() for value in params.getlist(name)])
    return upper
