"""API viewsets for people, organisations, roles and relations between parties.

Each reads through its resource's selector (``people/selectors.py``, by way of
``people/registry.py``): the records ``user`` may see, with every related record
prefetched through a visible queryset, so a page costs the same queries at any size.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_view

from core.api import (
    ArchiveViewSet,
    document_resource,
)
from people.filters import OrganizationFilter, PartyRelationFilter, PersonFilter, RoleFilter
from people.serializers import (
    OrganizationSerializer,
    OrganizationWriteSerializer,
    PartyRelationSerializer,
    PartyRelationWriteSerializer,
    PersonSerializer,
    PersonWriteSerializer,
    RoleSerializer,
    RoleWriteSerializer,
)


@extend_schema_view(
    **document_resource(PersonSerializer, PersonWriteSerializer, "person", "people")
)
class PersonViewSet(ArchiveViewSet):
    """People: named, pseudonymous and unnamed, with their roles and citations."""

    read_serializer_class = PersonSerializer
    write_serializer_class = PersonWriteSerializer
    filterset_class = PersonFilter
    facets = {"origin_country": "origin_country", "residence_country": "residence_country"}


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


@extend_schema_view(**document_resource(RoleSerializer, RoleWriteSerializer, "role", "roles"))
class RoleViewSet(ArchiveViewSet):
    """A person's role in an organisation or venture; visible only when both ends are."""

    read_serializer_class = RoleSerializer
    write_serializer_class = RoleWriteSerializer
    filterset_class = RoleFilter
    facets = {"kind": "kind"}


@extend_schema_view(
    **document_resource(
        PartyRelationSerializer,
        PartyRelationWriteSerializer,
        "relation between parties",
        "relations between parties",
    )
)
class PartyRelationViewSet(ArchiveViewSet):
    """Links between organisations and ventures that are not a person's role: a parent,
    an operator, a founder, a backer; visible only when its named ends are."""

    read_serializer_class = PartyRelationSerializer
    write_serializer_class = PartyRelationWriteSerializer
    filterset_class = PartyRelationFilter
    facets = {"kind": "kind"}
