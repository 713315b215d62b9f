"""API representations of people, organisations and roles.

Read serializers nest related records as summaries and read them from the
``visible_*`` attributes the viewsets prefetch through ``visible_to`` querysets: a
relation that was not prefetched that way fails loudly instead of leaking a hidden
record. Write serializers take related records by id and save through ``full_clean``.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import (
    absolute_url,
    detail_url,
)
from core.serializers import (
    MAX_NESTED,
    ArchiveModelSerializer,
    CitationSerializer,
    CleanModelSerializer,
    PartySummary,
    PersonSummary,
    VisibleRelatedField,
)
from people.models import Organization, Party, PartyAlias, PartyRelation, Person, Role

RECORD_FIELDS = ["publication_state", "visibility", "created_at", "updated_at"]
#: What a relation between two parties states: read and written alike.
RELATION_FIELDS = [
    "party",
    "kind",
    "related",
    "related_description",
    "start_year",
    "start_month",
    "start_day",
    "start_qualifier",
    "start_as_stated",
    "as_stated",
]
GROUP_FIELDS = [
    "is_group",
    "group_size_low",
    "group_size_high",
    "group_size_qualifier",
    "group_size_text",
]


class PartyAliasSerializer(ArchiveModelSerializer):
    class Meta:
        model = PartyAlias
        fields = ["name", "kind"]


class RoleInlineSerializer(ArchiveModelSerializer):
    """A role as it appears on its person's or organisation's page."""

    url = serializers.SerializerMethodField()
    person = PersonSummary(read_only=True)
    organization = PartySummary(read_only=True)

    class Meta:
        model = Role
        fields = ["id", "url", "kind", "title", "person", "organization", "start_year", "end_year"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, role) -> str:
        return detail_url(self.context.get("request"), "role", role.pk)


class RecordSerializer(ArchiveModelSerializer):
    """``url`` and citations, which every record carries."""

    resource = ""

    url = serializers.SerializerMethodField()
    citations = CitationSerializer(source="visible_citations", many=True, read_only=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, record) -> str:
        return detail_url(self.context.get("request"), self.resource, record.pk)


class PartySerializer(RecordSerializer):
    """The fields every person, organisation and venture shares."""

    aliases = PartyAliasSerializer(many=True, read_only=True)
    funding_flows_url = serializers.SerializerMethodField(
        help_text="The flows this party funds or receives."
    )
    graph_url = serializers.SerializerMethodField(help_text="Its funding and role network.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_funding_flows_url(self, party) -> str:
        request = self.context.get("request")
        return absolute_url(request, "api:funding-flow-list", {"party": party.slug})

    @extend_schema_field(OpenApiTypes.URI)
    def get_graph_url(self, party) -> str:
        return absolute_url(self.context.get("request"), "api:graph", {"party": party.pk})


PARTY_FIELDS = ["id", "url", "name", "slug", "description", "aliases", *GROUP_FIELDS]
PARTY_LINKS = ["funding_flows_url", "graph_url", "citations", *RECORD_FIELDS]


class PersonSerializer(PartySerializer):
    resource = "person"
    roles = RoleInlineSerializer(source="visible_roles", many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            *PARTY_FIELDS,
            "native_name",
            "is_pseudonym",
            "is_unnamed",
            "is_defector",
            "birth_year_low",
            "birth_year_high",
            "age_as_stated",
            "origin_country",
            "residence_country",
            "roles",
            *PARTY_LINKS,
        ]


class OrganizationSerializer(PartySerializer):
    resource = "organization"
    kind = serializers.CharField(source="org_kind", read_only=True)
    parent = PartySummary(source="visible_parent", read_only=True, allow_null=True)
    roles = RoleInlineSerializer(source="visible_roles", many=True, read_only=True)

    class Meta:
        model = Organization
        fields = [
            *PARTY_FIELDS,
            "kind",
            "country",
            "parent",
            "founded_year",
            "founded_month",
            "founded_day",
            "roles",
            *PARTY_LINKS,
        ]


class RoleSerializer(RecordSerializer):
    resource = "role"
    person = PersonSummary(read_only=True)
    organization = PartySummary(read_only=True)

    class Meta:
        model = Role
        fields = [
            "id",
            "url",
            "person",
            "organization",
            "kind",
            "title",
            "start_year",
            "start_month",
            "start_day",
            "end_year",
            "end_month",
            "end_day",
            "citations",
            *RECORD_FIELDS,
        ]


class PartyRelationSerializer(RecordSerializer):
    """Read it as "``related`` is the ``kind`` of ``party``"; an unnamed end is described."""

    resource = "party-relation"
    party = PartySummary(read_only=True)
    related = PartySummary(read_only=True, allow_null=True)

    class Meta:
        model = PartyRelation
        fields = [
            "id",
            "url",
            *RELATION_FIELDS,
            "citations",
            *RECORD_FIELDS,
        ]


# Writes ------------------------------------------------------------------------------


class PartyWriteSerializer(CleanModelSerializer):
    """Aliases are replaced wholesale when given."""

    aliases = PartyAliasSerializer(many=True, required=False, max_length=MAX_NESTED)
    children = {"aliases": "aliases"}


WRITABLE_PARTY_FIELDS = ["name", "slug", "description", "aliases", *GROUP_FIELDS]
WRITABLE_RECORD_FIELDS = ["publication_state", "visibility"]


class PersonWriteSerializer(PartyWriteSerializer):
    class Meta:
        model = Person
        fields = [
            *WRITABLE_PARTY_FIELDS,
            "native_name",
            "is_pseudonym",
            "is_unnamed",
            "is_defector",
            "birth_year_low",
            "birth_year_high",
            "age_as_stated",
            "origin_country",
            "residence_country",
            *WRITABLE_RECORD_FIELDS,
        ]


class OrganizationWriteSerializer(PartyWriteSerializer):
    kind = serializers.ChoiceField(
        source="org_kind", choices=Organization._meta.get_field("org_kind").choices
    )
    parent = VisibleRelatedField(Organization, required=False, allow_null=True)

    class Meta:
        model = Organization
        fields = [
            *WRITABLE_PARTY_FIELDS,
            "kind",
            "country",
            "parent",
            "founded_year",
            "founded_month",
            "founded_day",
            *WRITABLE_RECORD_FIELDS,
        ]


class RoleWriteSerializer(CleanModelSerializer):
    person = VisibleRelatedField(Person)
    organization = VisibleRelatedField(
        Party, help_text="The organisation or venture (a party id; not a person)."
    )

    class Meta:
        model = Role
        fields = [
            "person",
            "organization",
            "kind",
            "title",
            "start_year",
            "start_month",
            "start_day",
            "end_year",
            "end_month",
            "end_day",
            *WRITABLE_RECORD_FIELDS,
        ]


class PartyRelationWriteSerializer(CleanModelSerializer):
    party = VisibleRelatedField(Party, help_text="The organisation or venture (a party id).")
    related = VisibleRelatedField(
        Party,
        required=False,
        allow_null=True,
        help_text="The other organisation or venture; null with a description if unnamed.",
    )

    class Meta:
        model = PartyRelation
        fields = [
            *RELATION_FIELDS,
            *WRITABLE_RECORD_FIELDS,
        ]
