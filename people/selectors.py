"""Reads for the public pages of people and organisations.

Each page's queryset declares everything the page shows, fetched through public
querysets: a role only with its public person and organisation, a parent organisation
or a publisher only when public, citations only from public sources. A page costs the
same few queries however many roles, flows or quotes it lists.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from people.models import Organization, Party, PartyAlias, Person, Role
from sources.models import Source
from sources.selectors import citations_prefetch
from ventures.models import Venture


def _aliases() -> Prefetch:
    return Prefetch("aliases", queryset=PartyAlias.objects.order_by("name"))


def _roles(lookup: str, related: str) -> Prefetch:
    return Prefetch(
        lookup,
        queryset=Role.objects.public()
        .select_related(related)
        .prefetch_related(citations_prefetch())
        .order_by(f"{related}__name", "kind"),
        to_attr="public_roles",
    )


def listed_people() -> QuerySet[Person]:
    return Person.objects.public().prefetch_related(
        _aliases(),
        Prefetch(
            "roles",
            queryset=Role.objects.public().select_related("organization").order_by("kind"),
            to_attr="public_roles",
        ),
    )


def person_detail() -> QuerySet[Person]:
    return Person.objects.public().prefetch_related(
        _aliases(),
        citations_prefetch(),
        _roles("roles", "organization"),
        Prefetch(
            "authored_sources",
            queryset=Source.objects.public().defer("full_text"),
            to_attr="public_sources",
        ),
    )


def listed_organizations() -> QuerySet[Organization]:
    return Organization.objects.public().prefetch_related(
        _aliases(), Prefetch("parent", queryset=Organization.objects.public())
    )


def organization_detail() -> QuerySet[Organization]:
    return Organization.objects.public().prefetch_related(
        _aliases(),
        citations_prefetch(),
        Prefetch("parent", queryset=Organization.objects.public()),
        Prefetch(
            "children",
            queryset=Organization.objects.public().order_by("name"),
            to_attr="public_children",
        ),
        _roles("member_roles", "person"),
        Prefetch(
            "operated_ventures",
            queryset=Venture.objects.public().order_by("name"),
            to_attr="public_ventures",
        ),
        Prefetch(
            "published_sources",
            queryset=Source.objects.public().defer("full_text"),
            to_attr="public_sources",
        ),
    )


def recently_changed_parties(limit: int = 8) -> QuerySet[Party]:
    return Party.objects.public().order_by("-updated_at", "name")[:limit]
