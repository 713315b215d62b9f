"""The base every listing's FilterSet extends: text search and "changed since".

One FilterSet per listing serves both the public page and the API (DESIGN.md), so a
filter can never mean one thing on the site and another in the API. Every parameter
is a declared form field: bad input (an unknown choice, a malformed date, a NUL byte)
is a form error, a 400 in the API, never a 500.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from datetime import UTC
from typing import ClassVar

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.http import QueryDict
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import IsoDateTimeField
from django_filters.filters import QuerySetRequestMixin

from core.search import search


class SearchField(forms.CharField):
    """Free text, trimmed, at most 200 characters; Django already refuses NUL bytes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("strip", True)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """Any of several values of the record's own column (``?kind=loan&kind=grant``).

    No row can match twice, so no ``DISTINCT``: django-filter adds one to every multiple
    choice by default, and under it PostgreSQL 15 cannot walk the list's index to its
    first page (roles ``?kind=founder`` sorted every match: 0.5 s at national scale,
    4 ms without), and a total over the list becomes an aggregate over a subquery."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


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


class _SharedChoices(dict):
    """A form class's fields, copied for each form as Django does except that a choice
    field's choices (a list, or django-filter's ChoiceIterator over one) are shared, not
    copied tuple by tuple (the country filter's ~250 on every request): nothing changes
    a field's choices in place, and its widget still gets its own copy."""

    def __deepcopy__(self, memo):
        for field in self.values():
            choices = getattr(field, "_choices", None)
            if choices is not None:
                memo[id(choices)] = choices
        return {name: copy.deepcopy(field, memo) for name, field in self.items()}


class LeanFilterSet(django_filters.FilterSet):
    """A FilterSet that costs less to build for every request, with the same filters.

    django-filter deep-copies every declared filter for each FilterSet (their choices,
    their querysets), then builds each filter's form field and a new form class, which
    Django copies again for the form. Here a filter is a shallow copy of the declared
    one (its own ``extra``, and its ``method`` bound to the new FilterSet), and the form
    class is built once per FilterSet class, unless a filter's choices depend on the
    request (a callable ``queryset``) or the class builds its own form class.
    """

    _form_classes: ClassVar[dict] = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        model = queryset.model
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = OrderedDict(
            (name, _copy_filter(declared)) for name, declared in self.base_filters.items()
        )
        for filter_ in self.filters.values():
            filter_.model = model
            filter_.parent = self

    def get_form_class(self):
        cls = type(self)
        form_class = LeanFilterSet._form_classes.get(cls)
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = _SharedChoices(form_class.base_fields)
            if _form_is_static(cls):
                LeanFilterSet._form_classes[cls] = form_class
        return form_class


def _copy_filter(declared):
    """What ``copy.deepcopy`` of a declared filter gives for filtering, without copying
    what no filter changes (choices, querysets, labels)."""
    filter_ = copy.copy(declared)
    filter_.__dict__.pop("_field", None)
    # QuerySetRequestMixin.field stores the queryset it resolved in ``extra``.
    filter_.extra = dict(declared.extra)
    if declared.method is not None:
        filter_.method = declared.method  # a FilterMethod calling the new FilterSet
    return filter_


def _form_is_static(cls) -> bool:
    """Whether every instance of ``cls`` builds the same form fields."""
    if cls.get_form_class is not LeanFilterSet.get_form_class:
        return False
    return not any(
        isinstance(filter_, QuerySetRequestMixin) and callable(filter_.queryset)
        for filter_ in cls.base_filters.values()
    )


class RecordFilterSet(LeanFilterSet):
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
