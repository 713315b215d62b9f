"""Changes feed (core.outbox): which records a change of a source, citation or statement touches.

A source shows its publisher and authors; a record shows its citations (with their
source's title); a citation shows the record it backs, and is public only while its
source and that record are. The outbox re-renders each key at commit and writes an event
only where the public view differs.
"""

from collections import defaultdict

from django.db.models import Q

from core import outbox
from sources.models import Citation, Source, Statement

PARTIES = {"person", "organization", "venture"}
#: A citation's link columns, and the resource (or outbox name) each names.
TARGETS = {
    "party_id": "party",
    "role_id": "role",
    "flow_id": "funding-flow",
    "place_id": "place",
    "relation_id": "party-relation",
}


def citation_keys(citation, was):
    keys = [("citation", citation.pk)]
    for column, name in TARGETS.items():
        keys += [(name, getattr(citation, column)), (name, was.get(column))]
    return keys


def sources_and_their_citations(keys):
    """A party's sources (as publisher or author); a source's citations and what they back."""
    parties = {pk for resource, pk in keys if resource in PARTIES}
    if parties:
        sources = Source.objects.filter(Q(publisher__in=parties) | Q(authors__in=parties))
        yield from (("source", pk) for pk in sources.values_list("pk", flat=True).distinct())
    sources = {pk for resource, pk in keys if resource == "source"}
    if sources:
        citations = Citation.objects.filter(source__in=sources)
        yield from _with_targets(citations)


def citations_backing(keys):
    """Every citation of a candidate: its visibility and ``backs`` follow the record."""
    wanted = defaultdict(set)
    for resource, pk in keys:
        wanted["party" if resource in PARTIES else resource].add(pk)
    condition = Q()
    for column, name in TARGETS.items():
        if wanted.get(name):
            condition |= Q(**{f"{column}__in": wanted[name]})
    if condition:
        pks = Citation.objects.filter(condition).values_list("pk", flat=True)
        yield from (("citation", pk) for pk in pks)


def statements_naming(keys):
    """A statement shows its source, the parties it names and its place, and is public
    only while its source and those parties are."""
    parties = {pk for resource, pk in keys if resource in PARTIES}
    sources = {pk for resource, pk in keys if resource == "source"}
    places = {pk for resource, pk in keys if resource == "place"}
    condition = Q(pk__in=[])
    if parties:
        condition |= Q(about__in=parties) | Q(said_by__in=parties)
    if sources:
        condition |= Q(source__in=sources)
    if places:
        condition |= Q(place__in=places)
    if parties or sources or places:
        pks = Statement.objects.filter(condition).values_list("pk", flat=True)
        yield from (("statement", pk) for pk in pks)


def _with_targets(citations):
    for pk, *targets in citations.values_list("pk", *TARGETS):
        yield ("citation", pk)
        yield from zip(TARGETS.values(), targets, strict=True)


outbox.track(Source, "source")
outbox.track(Citation, "citation", citation_keys, watch=tuple(TARGETS))
outbox.track(Statement, "statement")
outbox.expand(sources_and_their_citations)
outbox.expand(citations_backing)
outbox.expand(statements_naming)
