"""FilterSets for the people, organisation and role listings (page and API alike)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django_countries import countries

from core.filters import (
    BooleanFilter,
    ChangedSinceFilter,
    ChoicesFilter,
    LeanFilterSet,
    RecordFilterSet,
    StableOrderingFilter,
)
from people.models import (
    Organization,
    OrganizationKind,
    Party,
    PartyRelation,
    Person,
    RelationKind,
    Role,
    RoleKind,
)


class PersonFilter(RecordFilterSet):
    search_vector = True

    country = django_filters.ChoiceFilter(
        choices=list(countries), method="filter_country", label="Country (origin or residence)"
    )
    is_defector = BooleanFilter(label="Defector")
    organization = django_filters.ModelChoiceFilter(
        queryset=Party.objects.public(),
        to_field_name="slug",
        method="filter_organization",
        label="Has a role in",
    )
    ordering = StableOrderingFilter(fields=(("name", "name"),), label="Sort by")

    class Meta:
        model = Person
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.filter(Q(origin_country=value) | Q(residence_country=value))

    # The type hint on ``value`` tells the schema what the parameter is (drf-spectacular
    # cannot find "organization" on Person): the party's slug, a string.
    def filter_organization(
        self, queryset: QuerySet[Person], name: str, value: Party
    ) -> QuerySet[Person]:
        roles = Role.objects.public().filter(organization=value).values("person")
        return queryset.filter(pk__in=roles)


class OrganizationFilter(RecordFilterSet):
    search_vector = True

    kind = ChoicesFilter(field_name="org_kind", choices=OrganizationKind.choices, label="Kind")
    country = django_filters.ChoiceFilter(choices=list(countries), label="Country")
    ordering = StableOrderingFilter(fields=(("name", "name"),), label="Sort by")

    class Meta:
        model = Organization
        fields = []


class RoleFilter(LeanFilterSet):
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.public(), to_field_name="slug", label="Person"
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=Party.objects.public(), to_field_name="slug", label="Organisation or venture"
    )
    kind = ChoicesFilter(choices=RoleKind.choices, label="Kind")
    updated_since = ChangedSinceFilter()
    ordering = StableOrderingFilter(
        fields=(("start_year", "start"), ("kind", "kind"), ("id", "id")), label="Sort by"
    )

    class Meta:
        model = Role
        fields = []


class PartyRelationFilter(LeanFilterSet):
    """Relations by either end, by kind, and by when they changed."""

    party = django_filters.ModelChoiceFilter(
        queryset=Party.objects.public(),
        to_field_name="slug",
        method="filter_party",
        label="Either end",
    )
    kind = ChoicesFilter(choices=RelationKind.choices, label="Kind")
    updated_since = ChangedSinceFilter()
    ordering = StableOrderingFilter(
        fields=(("start_year", "start"), ("kind", "kind"), ("id", "id")), label="Sort by"
    )

    class Meta:
        model = PartyRelation
        fields = []

    # The type hint tells the schema the parameter is a party's slug.
    def filter_party(
        self, queryset: QuerySet[PartyRelation], name: str, value: Party
    ) -> QuerySet[PartyRelation]:
        return queryset.filter(Q(party=value) | Q(related=value))
