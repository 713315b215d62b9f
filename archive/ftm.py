"""The public archive as FollowTheMoney entities, for investigators' tools (Aleph, ftm CLI).

| archive record | FtM schema |
|---|---|
| source | Article |
| person | Person |
| organisation | Organization (Company for companies, PublicBody for state bodies) |
| venture | Company (Organization for zones, programmes and markets) |
| funding flow | Payment (an unnamed end becomes a LegalEntity named by its description) |
| role | Directorship for heads, chairs, directors, CEOs, leaders; Membership otherwise |
| relation of two parties | Ownership (a parent of a company); UnknownLink otherwise, with a role |
| citation of a party | Documentation (article → entity, the quote as its summary) |

Every entity carries ``proof`` (the articles), ``sourceUrl`` and ``publisher`` from the
citations behind it. Only published public records are exported, for everyone, through
the same querysets as the public API; ``entities()`` yields plain dicts
(``EntityProxy.to_dict()``) that ``followthemoney.model.get_proxy`` reads back.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from django.db.models import Exists, Model, OuterRef, Prefetch, Q, QuerySet

from core.keyset import batches
from core.records import PUBLIC, PartialDate
from people.models import (
    Organization,
    OrganizationKind,
    Party,
    PartyKind,
    Person,
    RelationKind,
    RoleKind,
)
from people.selectors import organisations_for, party_relations_for, people_for, roles_for
from sources.models import Citation, Source
from sources.selectors import sources_for
from ventures.models import Place, VentureKind
from ventures.selectors import flows_for, ventures_for

PREFIX = "nkfa"

ORGANIZATION_SCHEMA = {
    OrganizationKind.COMPANY: "Company",
    OrganizationKind.STATE_AGENCY: "PublicBody",
    OrganizationKind.STATE_INSTITUTE: "PublicBody",
}
VENTURE_SCHEMA = {
    VentureKind.INDUSTRIAL_ZONE: "Organization",
    VentureKind.PROGRAMME: "Organization",
    VentureKind.MARKET: "Organization",
}
#: The kinds of organisation and venture exported as ``Company``.
COMPANY_KINDS = [kind for kind, schema in ORGANIZATION_SCHEMA.items() if schema == "Company"]
COMPANY_VENTURES = [kind for kind in VentureKind.values if kind not in VENTURE_SCHEMA]
DIRECTING_ROLES = {RoleKind.CEO, RoleKind.HEAD, RoleKind.CHAIR, RoleKind.DIRECTOR, RoleKind.LEADER}


def entity_id(kind: str, pk: int, suffix: str = "") -> str:
    return f"{PREFIX}-{kind}-{pk}{suffix}"


def party_id(party) -> str:
    return entity_id(party.kind, party.pk)


def ftm_date(date: PartialDate) -> str | None:
    """FtM dates carry their own precision: "2015", "2015-03", "2015-03-09"."""
    if not date:
        return None
    parts = [f"{date.year:04d}"]
    if date.month:
        parts.append(f"{date.month:02d}")
        if date.day:
            parts.append(f"{date.day:02d}")
    return "-".join(parts)


#: Records read a batch at a time: one query per batch for each relation, not per row.
BATCH = 1000


class Quote(NamedTuple):
    """A public citation as the export uses it: no model instance for each of ~1.6M."""

    pk: int
    quote: str
    source_id: int
    url: str
    publisher: str | None  # the source's publisher's name, if the publisher is public


def public_quotes(owner: str, ids: list[int]) -> dict[int, list[Quote]]:
    """The citations from public sources of these records (``owner`` is the citation's
    link to them: party, flow, role), by record id, in the citations' own order."""
    rows = list(
        Citation.objects.filter(
            **{f"{owner}__in": ids}, source__in=Source.objects.public()
        ).values_list(owner, "pk", "quote", "source_id", "source__url", "source__publisher")
    )
    publisher_ids = {row[5] for row in rows if row[5] is not None}
    publishers = dict(
        Organization.objects.public().filter(pk__in=publisher_ids).values_list("pk", "name")
    )
    quotes = defaultdict(list)
    for record, pk, quote, source, url, publisher in rows:
        quotes[record].append(Quote(pk, quote, source, url, publishers.get(publisher)))
    return quotes


def with_quotes(queryset: QuerySet, owner: str) -> Iterator[tuple[Model, list[Quote]]]:
    """Each record with its public citations, read a batch of records at a time."""
    for batch in batches(queryset, BATCH):
        quotes = public_quotes(owner, [record.pk for record in batch])
        for record in batch:
            yield record, quotes.get(record.pk, [])


@functools.lru_cache(maxsize=65536)
def clean_url(url: str) -> list[str]:
    """What ``proxy.add("sourceUrl", url)`` stores: FtM's URL cleaning is slow (~0.2 ms)
    and an article's address comes once for each of its quotes."""
    # followthemoney is imported where an export uses it: at import it loads its
    # schemata, datasets and SQLAlchemy (0.5 s), which every process paid, each
    # gunicorn worker and manage.py command included, through the URLs.
    from followthemoney.types import registry
    from followthemoney.value import string_list

    return [
        cleaned
        for text in string_list(url, sanitize=True)
        if (cleaned := registry.url.clean_text(text)) is not None
    ]


def add_evidence(proxy, quotes: Iterable[Quote]) -> None:
    for quote in quotes:
        proxy.add("proof", entity_id("article", quote.source_id))
        if quote.url:
            proxy.add("sourceUrl", clean_url(quote.url), cleaned=True)
        if quote.publisher is not None:
            proxy.add("publisher", quote.publisher)


def with_ends(queryset: QuerySet, *ends: str) -> QuerySet:
    """The queryset's own columns and only the ``kind`` of the joined ends: an export
    names an end by kind and id, and full party rows cost more than the rest."""
    own = [field.attname for field in queryset.model._meta.concrete_fields]
    return queryset.only(*own, *(f"{end}__kind" for end in ends))


def make(schema: str, entity: str) -> object:
    from followthemoney import model  # see clean_url

    proxy = model.make_entity(schema)
    proxy.id = entity
    return proxy


def articles() -> Iterator:
    sources = (
        sources_for(PUBLIC)
        .defer("full_text")
        .prefetch_related(
            Prefetch(
                "publisher", queryset=Organization.objects.public(), to_attr="public_publisher"
            ),
            Prefetch("authors", queryset=Person.objects.public(), to_attr="public_authors"),
        )
    )
    for source in itertools.chain.from_iterable(batches(sources, BATCH)):
        proxy = make("Article", entity_id("article", source.pk))
        proxy.add("title", source.title)
        proxy.add("name", source.title)
        proxy.add("author", [author.name for author in source.public_authors])
        if source.published_on:
            proxy.add("publishedAt", source.published_on.isoformat())
        if source.public_publisher is not None:
            proxy.add("publisher", source.public_publisher.name)
        if source.url:
            proxy.add("sourceUrl", source.url)
        proxy.add("language", source.language)
        yield proxy


def _party(proxy, party, quotes: list[Quote]) -> None:
    proxy.add("name", party.name)
    proxy.add("alias", [alias.name for alias in party.aliases.all()])
    proxy.add("description", party.description)
    if party.is_group and party.group_size_text:
        proxy.add("notes", f"Stands for a group: {party.group_size_text}")
    add_evidence(proxy, quotes)


def documentation(party, quotes: list[Quote]) -> Iterator:
    for citation in quotes:
        proxy = make("Documentation", entity_id("citation", citation.pk))
        proxy.add("document", entity_id("article", citation.source_id))
        proxy.add("entity", party_id(party))
        proxy.add("role", "cited")
        proxy.add("summary", citation.quote)
        yield proxy


def people() -> Iterator:
    for person, quotes in with_quotes(people_for(PUBLIC).prefetch_related("aliases"), "party"):
        proxy = make("Person", party_id(person))
        _party(proxy, person, quotes)
        proxy.add("alias", person.native_name or None)
        if person.origin_country:
            proxy.add("nationality", person.origin_country.code)
        if person.residence_country:
            proxy.add("country", person.residence_country.code)
        if person.birth_year_low and person.birth_year_low == person.birth_year_high:
            proxy.add("birthDate", str(person.birth_year_low))
        yield proxy
        yield from documentation(person, quotes)


def organizations() -> Iterator:
    for org, quotes in with_quotes(organisations_for(PUBLIC).prefetch_related("aliases"), "party"):
        proxy = make(ORGANIZATION_SCHEMA.get(org.org_kind, "Organization"), party_id(org))
        _party(proxy, org, quotes)
        proxy.add("classification", org.get_org_kind_display())
        if org.country:
            proxy.add("country", org.country.code)
        proxy.add("incorporationDate", ftm_date(org.founded))
        yield proxy
        yield from documentation(org, quotes)


def ventures() -> Iterator:
    for venture, quotes in with_quotes(
        ventures_for(PUBLIC).prefetch_related(
            "aliases",
            "sectors",
            Prefetch("place", queryset=Place.objects.public(), to_attr="public_place"),
        ),
        "party",
    ):
        proxy = make(VENTURE_SCHEMA.get(venture.venture_kind, "Company"), party_id(venture))
        _party(proxy, venture, quotes)
        proxy.add("classification", venture.get_venture_kind_display())
        proxy.add("sector", [sector.name for sector in venture.sectors.all()])
        proxy.add("status", venture.get_status_display())
        proxy.add("incorporationDate", ftm_date(venture.founded))
        proxy.add("dissolutionDate", ftm_date(venture.closed))
        if venture.public_place is not None:
            proxy.add("address", venture.public_place.name)
            proxy.add("country", venture.public_place.country.code)
        yield proxy
        yield from documentation(venture, quotes)


def _interval(proxy, record, start: PartialDate, end: PartialDate, quotes: list[Quote]) -> None:
    proxy.add("recordId", str(record.pk))
    proxy.add("startDate", ftm_date(start))
    if end != start:
        proxy.add("endDate", ftm_date(end))
    proxy.add("description", [citation.quote for citation in quotes])
    add_evidence(proxy, quotes)


def bounds(low, high) -> list[str]:
    """A stated amount as FtM numbers: one value if exact, both bounds of a range, the
    one bound of an open-ended amount ("more than ¥287 million" gives 287000000).

    FtM has no range type; its ``amount`` is multi-valued, so a range is carried as its
    two ends, and ``summary`` keeps the article's own words ("20,000 yuan to 30,000 yuan").
    """
    return [str(value) for value in dict.fromkeys((low, high)) if value is not None]


def payments() -> Iterator:
    for flow, quotes in with_quotes(
        with_ends(flows_for(PUBLIC), "funder", "recipient").prefetch_related("goods"), "flow"
    ):
        ends = {}
        for end, party, description in (
            ("funder", flow.funder, flow.funder_description),
            ("recipient", flow.recipient, flow.recipient_description),
        ):
            if party is not None:
                ends[end] = party_id(party)
                continue
            # The article does not name this end: an entity named by its description.
            unnamed = make("LegalEntity", entity_id("flow", flow.pk, f"-{end}"))
            unnamed.add("name", description)
            add_evidence(unnamed, quotes)
            ends[end] = unnamed.id
            yield unnamed
        proxy = make("Payment", entity_id("flow", flow.pk))
        proxy.add("payer", ends["funder"])
        proxy.add("beneficiary", ends["recipient"])
        proxy.add("amount", bounds(flow.amount_low, flow.amount_high))
        proxy.add("currency", flow.currency or None)
        proxy.add("amountUsd", bounds(flow.usd_low, flow.usd_high))
        proxy.add("programme", flow.get_kind_display())
        proxy.add("purpose", flow.purpose)
        summary = flow.amount_display
        goods = ", ".join(str(item) for item in flow.goods.all())
        summary += f" ({goods})" if goods else ""
        summary += f", {flow.date_as_stated}" if flow.date_as_stated else ""
        proxy.add("summary", summary)
        _interval(proxy, flow, flow.start, flow.end, quotes)
        yield proxy


def memberships() -> Iterator:
    for role, quotes in with_quotes(with_ends(roles_for(PUBLIC), "person", "organization"), "role"):
        if role.organization.kind == PartyKind.PERSON:
            continue  # Role.clean refuses this, but the database does not; FtM would too.
        if role.kind in DIRECTING_ROLES:
            proxy = make("Directorship", entity_id("role", role.pk))
            proxy.add("director", party_id(role.person))
        else:
            proxy = make("Membership", entity_id("role", role.pk))
            proxy.add("member", party_id(role.person))
        proxy.add("organization", party_id(role.organization))
        proxy.add("role", role.title)
        _interval(proxy, role, role.start, role.end, quotes)
        yield proxy


def relations() -> Iterator:
    """Each public relation between parties: "``related`` is the ``kind`` of ``party``".

    A parent organisation owns its party where FtM can say so (``Ownership``: the asset
    must be a company); every other relation is an ``UnknownLink`` from the related party
    to the party, its ``role`` the relation in words. An unnamed related party ("a
    government-backed agency") becomes a ``LegalEntity`` named by its description.
    """
    relations = with_ends(party_relations_for(PUBLIC), "party", "related").annotate(
        of_company=Exists(companies().filter(pk=OuterRef("party")))
    )
    for relation, quotes in with_quotes(relations, "relation"):
        if relation.related is not None:
            related = party_id(relation.related)
        else:
            unnamed = make("LegalEntity", entity_id("relation", relation.pk, "-related"))
            unnamed.add("name", relation.related_description)
            add_evidence(unnamed, quotes)
            related = unnamed.id
            yield unnamed
        party = party_id(relation.party)
        if relation.kind == RelationKind.PARENT and relation.of_company:
            proxy = make("Ownership", entity_id("relation", relation.pk))
            proxy.add("owner", related)
            proxy.add("asset", party)
        else:
            proxy = make("UnknownLink", entity_id("relation", relation.pk))
            proxy.add("subject", related)
            proxy.add("object", party)
        proxy.add("role", relation.related_role)
        proxy.add("summary", relation.as_stated)
        start = relation.start
        _interval(proxy, relation, start, start, quotes)
        yield proxy


def companies() -> QuerySet[Party]:
    """The public parties exported as ``Company`` (an FtM asset, which can be owned)."""
    return Party.objects.public().filter(
        Q(organization__org_kind__in=COMPANY_KINDS)
        | Q(venture__isnull=False, venture__venture_kind__in=COMPANY_VENTURES)
    )


def entities() -> Iterator[dict]:
    """Every public entity, as FtM dicts, articles first."""
    for part in (articles, people, organizations, ventures, payments, memberships, relations):
        for proxy in part():
            yield proxy.to_dict()
