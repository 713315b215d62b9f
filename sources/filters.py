"""FilterSet for the source listing (page and API alike)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from archive.filters import SearchFilter
from people.models import Organization
from sources.models import Source


class SourceFilter(django_filters.FilterSet):
    q = SearchFilter(method="filter_q", label="Search titles")
    publisher = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.public(), to_field_name="slug", label="Publisher"
    )
    year = django_filters.NumberFilter(
        field_name="published_on__year", min_value=1800, max_value=2100, label="Year published"
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label="Changed since (ISO 8601)"
    )
    ordering = django_filters.OrderingFilter(
        fields=(("published_on", "published"), ("title", "title")), label="Sort by"
    )

    class Meta:
        model = Source
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(section__icontains=value))
