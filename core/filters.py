"""The base every listing's FilterSet extends: text search and "changed since".

One FilterSet per listing serves both the public page and the API (DESIGN.md), so a
filter can never mean one thing on the site and another in the API. Every parameter
is a declared form field: bad input (an unknown choice, a malformed date, a NUL byte)
is a form error, a 400 in the API, never a 500.
"""

from __future__ import annotations

from datetime import UTC

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import IsoDateTimeField

from core.search import search


class SearchField(forms.CharField):
    """Free text, trimmed, at most 200 characters; Django already refuses NUL bytes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("strip", True)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, read as the UTC instant it names.

    PostgreSQL refuses some offsets Python accepts ("+21:05" is a 500 there), and an
    instant near year 1 can overflow when shifted; both become form errors instead.
    """

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(UTC)
        except OverflowError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class ChangedSinceFilter(django_filters.IsoDateTimeFilter):
    """``updated_since``: records changed at or after this time (ISO 8601)."""

    field_class = UtcDateTimeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("label", "Changed since (ISO 8601)")
        super().__init__(*args, **kwargs)


class StrictNullBooleanSelect(forms.NullBooleanSelect):
    """Django's yes/no/unknown select, except that a value it does not know is passed on
    to the field to refuse, instead of being read as "unknown" and ignored."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        raw = data.get(name)
        if value is None and raw not in (None, "", "unknown"):
            return raw
        return value


class StrictBooleanField(forms.NullBooleanField):
    widget = StrictNullBooleanSelect

    def to_python(self, value):
        if value in (True, False, None):
            return value
        raise forms.ValidationError("Use true or false.", code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    """A yes/no filter: "true" or "false" (or absent); anything else is an error."""

    field_class = StrictBooleanField


class RecordFilterSet(django_filters.FilterSet):
    """``q`` searches names and aliases in every variant; ``updated_since`` serves sync."""

    q = SearchFilter(method="filter_q", label="Search")
    updated_since = ChangedSinceFilter()

    #: Whether the model stores ``search_vector`` (full-text search on PostgreSQL).
    search_vector = False

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value, vector=self.search_vector)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts empty values last on both backends, then by primary key: a total order.

    PostgreSQL puts NULLs first when sorting descending and SQLite puts them first when
    ascending; and without a unique last key, rows that tie (ventures founded the same
    year) may move between pages.
    """

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = []
        for param in value:
            if param in EMPTY_VALUES:
                continue
            field = self.get_ordering_value(param)
            expression = F(field.lstrip("-"))
            ordering.append(
                expression.desc(nulls_last=True)
                if field.startswith("-")
                else expression.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "pk")
