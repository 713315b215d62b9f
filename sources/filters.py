"""FilterSets for sources, citations and statements (page and API alike)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from core.filters import ChangedSinceFilter, LeanFilterSet, SearchFilter, StableOrderingFilter
from people.models import Organization, Party, PartyRelation, Role
from sources.models import Citation, Source, Statement, StatementKind
from ventures.models import FundingFlow, Place


class SourceFilter(LeanFilterSet):
    q = SearchFilter(method="filter_q", label="Search titles")
    publisher = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.public(), to_field_name="slug", label="Publisher"
    )
    year = django_filters.NumberFilter(
        field_name="published_on__year", min_value=1800, max_value=2100, label="Year published"
    )
    updated_since = ChangedSinceFilter()
    ordering = StableOrderingFilter(
        fields=(("published_on", "published"), ("title", "title")), label="Sort by"
    )

    class Meta:
        model = Source
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(section__icontains=value))


class CitationFilter(LeanFilterSet):
    """Citations by source and by the record they back."""

    q = SearchFilter(method="filter_q", label="Search quotes")
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.public(), to_field_name="slug", label="Source"
    )
    party = django_filters.ModelChoiceFilter(
        queryset=Party.objects.public(), to_field_name="slug", label="Backs this party"
    )
    role = django_filters.ModelChoiceFilter(queryset=Role.objects.public(), label="Backs this role")
    flow = django_filters.ModelChoiceFilter(
        queryset=FundingFlow.objects.public(), label="Backs this flow"
    )
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.public(), to_field_name="slug", label="Backs this place"
    )
    relation = django_filters.ModelChoiceFilter(
        queryset=PartyRelation.objects.public(), label="Backs this relation"
    )
    ordering = StableOrderingFilter(fields=(("id", "id"),), label="Sort by")

    class Meta:
        model = Citation
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(quote__icontains=value)


class StatementFilter(LeanFilterSet):
    """Statements by source, by the party they are about or that says them, by kind."""

    q = SearchFilter(method="filter_q", label="Search summaries and quotes")
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.public(), to_field_name="slug", label="Source"
    )
    party = django_filters.ModelChoiceFilter(
        queryset=Party.objects.public(),
        to_field_name="slug",
        method="filter_party",
        label="About or said by",
    )
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.public(), to_field_name="slug", label="Place"
    )
    kind = django_filters.MultipleChoiceFilter(choices=StatementKind.choices, label="Kind")
    updated_since = ChangedSinceFilter()
    ordering = StableOrderingFilter(
        fields=(("year_low", "year"), ("kind", "kind"), ("id", "id")), label="Sort by"
    )

    class Meta:
        model = Statement
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(summary__icontains=value) | Q(quote__icontains=value))

    # The type hint tells the schema the parameter is a party's slug.
    def filter_party(
        self, queryset: QuerySet[Statement], name: str, value: Party
    ) -> QuerySet[Statement]:
        return queryset.filter(Q(about=value) | Q(said_by=value))
