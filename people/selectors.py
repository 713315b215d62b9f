"""The reads of people, organisations, roles and parties: one selector each, taking the user.

``<resource>_for(user)`` decides who sees which rows (``visible_to``) and the total order
(name, then id: equal names never swap between pages). Every surface starts there; the
shapes below only add the related records a surface shows, prefetched through
querysets visible to the same user, so a hidden parent, role or source never shows
through a visible record, and a page costs the same few queries however many rows it
lists.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from core.api_lists import join_visible
from people.models import (
    Organization,
    Party,
    PartyAlias,
    PartyKind,
    PartyRelation,
    Person,
    Role,
)
from sources.models import Source
from sources.selectors import citations_prefetch, visible_citations
from ventures.models import Venture


def parties_for(user) -> QuerySet[Party]:
    """People, organisations and ventures together (search, graph, flow ends)."""
    return Party.objects.visible_to(user).order_by("name", "pk")


def party_counts(user) -> dict[str, int]:
    """How many people, organisations and ventures ``user`` may see, by kind: one grouped
    read of the parties (an index of the public parties' kinds), not a count of each
    kind joined to its own table."""
    counted = parties_for(user).order_by().values_list("kind").annotate(count=Count("*"))
    return dict.fromkeys(PartyKind.values, 0) | dict(counted)


def people_for(user) -> QuerySet[Person]:
    return Person.objects.visible_to(user).order_by("name", "pk")


def organisations_for(user) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).order_by("name", "pk")


def roles_for(user) -> QuerySet[Role]:
    """Roles ``user`` may see, with their ends joined.

    A visible role has visible ends (``RoleQuerySet.public`` drops a role whose person or
    organisation is hidden), so joining them directly reveals nothing.
    """
    return (
        Role.objects.visible_to(user)
        .select_related("person", "organization")
        .order_by("organization__name", "person__name", "kind", "pk")
    )


def party_relations_for(user) -> QuerySet[PartyRelation]:
    """Relations between organisations and ventures ``user`` may see, with their ends joined.

    A visible relation has visible named ends (``PartyRelationQuerySet.public`` drops one
    whose party or related party is hidden), so joining them directly reveals nothing.
    """
    return (
        PartyRelation.objects.visible_to(user)
        .select_related("party", "related")
        .order_by("party__name", "kind", "pk")
    )


def aliases() -> Prefetch:
    return Prefetch("aliases", queryset=PartyAlias.objects.order_by("name", "pk"))


#: The end of a role that is not the record its roles are prefetched for, by lookup.
OTHER_END = {"roles": "organization", "member_roles": "person"}


def visible_roles(user, lookup: str) -> Prefetch:
    """A record's roles ``user`` may see, as ``visible_roles``.

    Only the role's other end is joined: the end it hangs from is the record itself,
    which the prefetch sets on each role. A join fewer is about 4 ms less planning for
    PostgreSQL on every list of ventures, organisations or people.
    """
    other = OTHER_END[lookup]
    roles = roles_for(user).select_related(None).select_related(other)
    roles = roles.order_by("start_year", "pk")
    return Prefetch(lookup, queryset=roles, to_attr="visible_roles")


# What the API (and the dump) nests in each representation.


def person_records(user) -> QuerySet[Person]:
    return people_for(user).prefetch_related(
        aliases(), visible_roles(user, "roles"), visible_citations(user)
    )


def organisation_records(user) -> QuerySet[Organization]:
    organisations = join_visible(
        organisations_for(user), "parent", Organization.objects.visible_to(user), "visible_parent"
    )
    return organisations.prefetch_related(
        aliases(),
        visible_roles(user, "member_roles"),
        visible_citations(user),
    )


def role_records(user) -> QuerySet[Role]:
    return roles_for(user).prefetch_related(visible_citations(user))


def party_relation_records(user) -> QuerySet[PartyRelation]:
    return party_relations_for(user).prefetch_related(visible_citations(user))


# What the public site's pages show.


def _page_roles(user, lookup: str, related: str) -> Prefetch:
    return Prefetch(
        lookup,
        queryset=roles_for(user)
        .prefetch_related(citations_prefetch(user))
        .order_by(f"{related}__name", "kind", "pk"),
        to_attr="public_roles",
    )


def page_relations(user) -> list[Prefetch]:
    """A party's relations both ways, each with its quotes: "Hyundai Group runs it" on the
    foundation's page, "runs the Asan Nanum Foundation" on the group's."""
    relations = party_relations_for(user).prefetch_related(citations_prefetch(user))
    return [
        Prefetch("relations", queryset=relations, to_attr="public_relations"),
        Prefetch(
            "related_to",
            queryset=relations.order_by("party__name", "kind", "pk"),
            to_attr="public_related_to",
        ),
    ]


def listed_people(user) -> QuerySet[Person]:
    return people_for(user).prefetch_related(
        aliases(),
        Prefetch("roles", queryset=roles_for(user).order_by("kind", "pk"), to_attr="public_roles"),
    )


def person_page(user) -> QuerySet[Person]:
    return people_for(user).prefetch_related(
        aliases(),
        citations_prefetch(user),
        _page_roles(user, "roles", "organization"),
        Prefetch(
            "authored_sources",
            queryset=Source.objects.visible_to(user).defer("full_text"),
            to_attr="public_sources",
        ),
    )


def listed_organisations(user) -> QuerySet[Organization]:
    return organisations_for(user).prefetch_related(
        aliases(), Prefetch("parent", queryset=Organization.objects.visible_to(user))
    )


def organisation_page(user) -> QuerySet[Organization]:
    return organisations_for(user).prefetch_related(
        aliases(),
        citations_prefetch(user),
        Prefetch("parent", queryset=Organization.objects.visible_to(user)),
        Prefetch(
            "children",
            queryset=organisations_for(user),
            to_attr="public_children",
        ),
        _page_roles(user, "member_roles", "person"),
        *page_relations(user),
        Prefetch(
            "operated_ventures",
            queryset=Venture.objects.visible_to(user).order_by("name", "pk"),
            to_attr="public_ventures",
        ),
        Prefetch(
            "published_sources",
            queryset=Source.objects.visible_to(user).defer("full_text"),
            to_attr="public_sources",
        ),
    )


def recently_changed_parties(user, limit: int = 8) -> QuerySet[Party]:
    return parties_for(user).order_by("-updated_at", "name", "pk")[:limit]
