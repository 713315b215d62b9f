"""LeanFilterSet (core/filters.py) builds the same filters and form as django-filter's
deep copies, and each FilterSet's filters and form are its own."""

import pytest
from django.http import QueryDict
from django_filters.filters import FilterMethod
from django_filters.filterset import BaseFilterSet

from core.filters import LeanFilterSet
from people.filters import OrganizationFilter, PartyRelationFilter, PersonFilter, RoleFilter
from sources.filters import CitationFilter, SourceFilter, StatementFilter
from ventures.filters import (
    ExchangeRateFilter,
    FundingFlowFilter,
    PlaceFilter,
    SectorFilter,
    VentureFilter,
)

FILTERSETS = [
    VentureFilter,
    FundingFlowFilter,
    PlaceFilter,
    PersonFilter,
    OrganizationFilter,
    RoleFilter,
    PartyRelationFilter,
    SourceFilter,
    CitationFilter,
    StatementFilter,
    SectorFilter,
    ExchangeRateFilter,
]
QUERIES = [
    "",
    "q=kim&updated_since=2020-01-01T00:00:00Z",
    "country=KP&founded_from=2005&founded_to=2015&sector=software",
    "currency=CNY&year_from=2010&year_to=2012&kind=nope",
    "country=XX&updated_since=yesterday",
]


def stock(cls, data, queryset):
    """The FilterSet as django-filter builds it: every filter deep-copied, a new form."""
    filterset = cls.__new__(cls)
    BaseFilterSet.__init__(filterset, data, queryset=queryset)
    filterset.get_form_class = lambda: BaseFilterSet.get_form_class(filterset)
    return filterset


def shape(filterset):
    form = filterset.form
    valid = form.is_valid()
    fields = [
        (
            name,
            type(field),
            field.label,
            list(getattr(field, "choices", [])) if not hasattr(field, "queryset") else None,
        )
        for name, field in form.fields.items()
    ]
    return valid, dict(form.errors), fields


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FILTERSETS)
@pytest.mark.parametrize("query", QUERIES)
def test_same_form_errors_and_query_as_django_filter(archive, cls, query):
    assert issubclass(cls, LeanFilterSet)
    data = QueryDict(query).copy()
    for name in list(data):
        if name not in cls.base_filters:
            del data[name]
    queryset = cls._meta.model._default_manager.all()
    lean, plain = cls(data, queryset=queryset), stock(cls, data, queryset)
    assert shape(lean) == shape(plain)
    if lean.is_valid():
        assert list(lean.qs.values_list("pk", flat=True)) == list(
            plain.qs.values_list("pk", flat=True)
        )


@pytest.mark.django_db
def test_each_filterset_has_its_own_filters_and_form(archive):
    first = VentureFilter(QueryDict("country=KP"), queryset=VentureFilter._meta.model.objects.all())
    second = VentureFilter(
        QueryDict("country=CN"), queryset=VentureFilter._meta.model.objects.all()
    )
    for name, filter_ in first.filters.items():
        other = second.filters[name]
        assert filter_ is not other and filter_ is not VentureFilter.base_filters[name]
        assert filter_.parent is first and other.parent is second
        assert filter_.extra is not other.extra
        if filter_.method is not None:
            assert isinstance(filter_.filter, FilterMethod)
            assert filter_.filter.f is filter_ and other.filter.f is other
    assert first.form is not second.form
    assert first.form.fields["country"] is not second.form.fields["country"]
    assert first.is_valid() and second.is_valid()
    assert first.form.cleaned_data["country"] == "KP"
    assert second.form.cleaned_data["country"] == "CN"
    assert str(first.qs.query) != str(second.qs.query)
