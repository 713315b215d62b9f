"""Every number the archive stores has an honest range, said in words by forms and the
API (a 400 or a form error, never a 500, even for a value the column could not hold)
and kept by a named CHECK in the database for writes that skip validation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.factories import OrganizationFactory, PersonFactory, RoleFactory
from people.models import Organization, Party, Person, Role
from tests.admin.pages import admin_url, form_data
from ventures.factories import (
    ExchangeRateFactory,
    FundingFlowFactory,
    GoodsItemFactory,
    StatedConversionFactory,
    VentureFactory,
)
from ventures.models import ExchangeRate, FundingFlow, GoodsItem, StatedConversion, Venture

HUGE = 10**12  # more than a 32-bit column holds
# (factory, model, field, too low, too high, a value in range)
NUMBERS = [
    (PersonFactory, Person, "birth_year_low", 1799, 2101, 1981),
    (PersonFactory, Person, "birth_year_high", 1799, HUGE, 1982),
    (OrganizationFactory, Organization, "founded_year", 1799, 2101, 1990),
    (OrganizationFactory, Organization, "founded_month", 0, 13, 5),
    (OrganizationFactory, Organization, "founded_day", 0, 32, 5),
    (VentureFactory, Venture, "founded_year", 1799, 20015, 2009),
    (VentureFactory, Venture, "closed_year", None, HUGE, 2015),
    (RoleFactory, Role, "start_year", 1799, 2101, 2010),
    (RoleFactory, Role, "end_month", 0, 13, None),
    (FundingFlowFactory, FundingFlow, "start_year", 1799, HUGE, 2015),
    (FundingFlowFactory, FundingFlow, "payment_count", 0, 100_000_001, 171),
    (FundingFlowFactory, FundingFlow, "usd_high", None, Decimal(10**17) + 1, None),
    (StatedConversionFactory, StatedConversion, "to_amount", None, Decimal(10**15) + 1, None),
    (GoodsItemFactory, GoodsItem, "quantity_high", None, HUGE, None),
    (ExchangeRateFactory, ExchangeRate, "year", 1799, 2101, 2016),
    (ExchangeRateFactory, ExchangeRate, "units_per_usd", Decimal("0.001"), Decimal(10**10), None),
]


def cases(storable_only: bool = False) -> list:
    """Each out-of-range value; ``storable_only`` leaves out those the column itself
    could not hold (the database refuses them before any CHECK)."""
    found = []
    for factory, model, field, low, high, _ in NUMBERS:
        for bad in (low, high):
            if bad is None or (storable_only and bad == HUGE):
                continue
            found.append(
                pytest.param(factory, model, field, bad, id=f"{model.__name__}.{field}={bad}")
            )
    return found


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "model", "field", "bad"), cases())
def test_the_model_says_the_range_in_words(factory, model, field, bad):
    record = factory()
    setattr(record, field, bad)
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    [message] = refused.value.message_dict[field]
    assert " must be between " in message


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "model", "field", "bad"), cases(storable_only=True))
def test_the_database_refuses_it_by_a_named_check(factory, model, field, bad):
    record = factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        model._base_manager.filter(pk=record.pk).update(**{field: bad})


def test_group_sizes_are_bounded(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.filter(pk=PersonFactory().pk).update(
            is_group=True, group_size_qualifier="at_least", group_size_low=100_000_001
        )


# Through the API and the admin: words, not a 500 -----------------------------------


def test_an_exchange_rate_year_out_of_range_is_a_400(editor):
    body = {"currency": "CNY", "year": 20016, "units_per_usd": "6.6", "source_kind": "official"}
    body["source"] = "A typo in the year."
    response = editor.post("/api/v1/exchange-rates/", body, format="json")
    assert response.status_code == 400
    # DRF words the model's range its own way.
    assert response.json()["errors"]["year"] == ["Ensure this value is less than or equal to 2100."]
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("payment_count", HUGE),
        ("payment_count", 2**63),
        ("start_year", 99999),
        ("amount_low", "1e16"),
        ("amount_low", "99999999999999999999999"),
    ],
)
def test_a_flow_number_the_column_could_not_hold_is_a_400(editor, field, value):
    body = {
        "funder": OrganizationFactory().pk,
        "recipient": PersonFactory().pk,
        "kind": "donation",
        "amount_qualifier": "at_least",
        "amount_low": "100",
        "currency": "USD",
        field: value,
    }
    response = editor.post("/api/v1/funding-flows/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not FundingFlow.objects.exists()


def test_a_birth_year_out_of_range_is_a_400_on_update(editor):
    person = PersonFactory()
    response = editor.patch(f"/api/v1/people/{person.pk}/", {"birth_year_low": 70000})
    assert response.status_code == 400
    assert "birth_year_low" in response.json()["errors"]


def test_a_group_size_out_of_range_is_a_form_error_in_the_admin(admin_client, db):
    organization = OrganizationFactory()
    url = admin_url(Organization, "change", organization.pk)
    data = form_data(admin_client.get(url))
    data |= {"is_group": "on", "group_size_qualifier": "at_least", "group_size_low": HUGE}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["group_size_low"] == ["A count must be between 0 and 100,000,000."]
    assert Organization.objects.get(pk=organization.pk).group_size_low is None


def test_a_month_without_a_year_is_said_in_words_in_the_admin(admin_client, db):
    organization = OrganizationFactory()
    url = admin_url(Organization, "change", organization.pk)
    response = admin_client.post(url, {**form_data(admin_client.get(url)), "founded_month": 5})
    assert response.status_code == 200
    text = str(response.context["adminform"].form.errors)
    assert "A month needs a year" in text
    assert "founded_month_needs_year" not in text


def test_an_amount_beyond_the_bound_is_a_form_error_in_the_admin(admin_client, db):
    flow = FundingFlowFactory()
    url = admin_url(FundingFlow, "change", flow.pk)
    data = form_data(admin_client.get(url))
    data |= {"amount_qualifier": "at_least", "amount_low": "2000000000000000", "currency": "KRW"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "amount_low" in response.context["adminform"].form.errors
