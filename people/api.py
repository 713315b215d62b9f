"""API viewsets for people, organisations and roles.

Each viewset's ``visible_queryset`` is the one place its joins are declared: the
records ``user`` may see, with every related record prefetched through a
``visible_to`` queryset, so a page costs the same number of queries at any size.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_view

from archive.api_serializers import (
    visible_citations,
)
from core.api import (
    ArchiveViewSet,
    document_resource,
)
from people.filters import OrganizationFilter, PersonFilter, RoleFilter
from people.models import Organization, PartyAlias, Person, Role
from people.serializers import (
    OrganizationSerializer,
    OrganizationWriteSerializer,
    PersonSerializer,
    PersonWriteSerializer,
    RoleSerializer,
    RoleWriteSerializer,
)


def aliases() -> Prefetch:
    return Prefetch("aliases", queryset=PartyAlias.objects.order_by("name"))


def visible_roles(user, lookup: str) -> Prefetch:
    roles = Role.objects.visible_to(user).select_related("person", "organization")
    return Prefetch(lookup, queryset=roles.order_by("start_year", "pk"), to_attr="visible_roles")


@extend_schema_view(
    **document_resource(PersonSerializer, PersonWriteSerializer, "person", "people")
)
class PersonViewSet(ArchiveViewSet):
    """People: named, pseudonymous and unnamed, with their roles and citations."""

    read_serializer_class = PersonSerializer
    write_serializer_class = PersonWriteSerializer
    filterset_class = PersonFilter
    facets = {"origin_country": "origin_country", "residence_country": "residence_country"}

    def visible_queryset(self, user) -> QuerySet[Person]:
        return Person.objects.visible_to(user).prefetch_related(
            aliases(), visible_roles(user, "roles"), visible_citations(user)
        )


@extend_schema_view(
    **document_resource(
        OrganizationSerializer, OrganizationWriteSerializer, "organisation", "organisations"
    )
)
class OrganizationViewSet(ArchiveViewSet):
    """NGOs, foundations, state bodies, companies, media outlets, universities, groups."""

    read_serializer_class = OrganizationSerializer
    write_serializer_class = OrganizationWriteSerializer
    filterset_class = OrganizationFilter
    facets = {"kind": "org_kind", "country": "country"}

    def visible_queryset(self, user) -> QuerySet[Organization]:
        return Organization.objects.visible_to(user).prefetch_related(
            aliases(),
            Prefetch(
                "parent",
                queryset=Organization.objects.visible_to(user),
                to_attr="visible_parent",
            ),
            visible_roles(user, "member_roles"),
            visible_citations(user),
        )


@extend_schema_view(**document_resource(RoleSerializer, RoleWriteSerializer, "role", "roles"))
class RoleViewSet(ArchiveViewSet):
    """A person's role in an organisation or venture; visible only when both ends are."""

    read_serializer_class = RoleSerializer
    write_serializer_class = RoleWriteSerializer
    filterset_class = RoleFilter
    facets = {"kind": "kind"}

    def visible_queryset(self, user) -> QuerySet[Role]:
        return (
            Role.objects.visible_to(user)
            .select_related("person", "organization")
            .prefetch_related(visible_citations(user))
        )
