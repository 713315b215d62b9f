"""The base every listing's FilterSet extends: text search and "changed since".

One FilterSet per listing serves both the public page and the API (DESIGN.md), so a
filter can never mean one thing on the site and another in the API. Every parameter
is a declared form field: bad input (an unknown choice, a malformed date, a NUL byte)
is a form error, a 400 in the API, never a 500.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from archive.search import search


class SearchField(forms.CharField):
    """Free text, trimmed, at most 200 characters; Django already refuses NUL bytes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("strip", True)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class RecordFilterSet(django_filters.FilterSet):
    """``q`` searches names and aliases in every variant; ``updated_since`` serves sync."""

    q = SearchFilter(method="filter_q", label="Search")
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed since (ISO 8601)",
    )

    #: Whether the model stores ``search_vector`` (full-text search on PostgreSQL).
    search_vector = False

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value, vector=self.search_vector)
