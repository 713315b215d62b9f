"""The shared record rules: who may see a record, timestamps, partial dates, bounds wording."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from core.records import (
    DatePrecision,
    PartialDate,
    PublicationState,
    Qualifier,
    Visibility,
    describe_bounds,
    describe_period,
    now,
)
from people.factories import OrganizationFactory, PersonFactory, RoleFactory
from people.models import Party, PartyKind, Role
from sources.factories import SourceFactory
from ventures.factories import FundingFlowFactory, PlaceFactory, VentureFactory
from ventures.models import FundingFlow

RECORD_FACTORIES = [
    PersonFactory,
    OrganizationFactory,
    VentureFactory,
    PlaceFactory,
    SourceFactory,
    RoleFactory,
    FundingFlowFactory,
]

DRAFT = {"publication_state": PublicationState.DRAFT}
RESTRICTED = {"visibility": Visibility.RESTRICTED}
HIDDEN_STATES = [
    pytest.param(DRAFT, id="draft"),
    pytest.param(RESTRICTED, id="restricted"),
    pytest.param({**DRAFT, **RESTRICTED}, id="draft-and-restricted"),
]


@pytest.fixture
def one_of_each(request):
    """A published public record and three hidden ones, all of one model."""
    factory = request.param
    return {
        "public": factory(),
        "draft": factory(**DRAFT),
        "restricted": factory(**RESTRICTED),
        "draft_restricted": factory(**DRAFT, **RESTRICTED),
    }


def view_hidden() -> Permission:
    return Permission.objects.get(codename="view_hidden_record")


def manager(records):
    return type(records["public"]).objects


# Who may see a record


@pytest.mark.django_db
@pytest.mark.parametrize("one_of_each", RECORD_FACTORIES, indirect=True)
def test_public_shows_only_published_public_records(one_of_each):
    assert list(manager(one_of_each).public()) == [one_of_each["public"]]


@pytest.mark.django_db
@pytest.mark.parametrize("one_of_each", RECORD_FACTORIES, indirect=True)
def test_a_user_allowed_to_see_hidden_records_sees_every_record(one_of_each, django_user_model):
    archivist = django_user_model.objects.create_user("archivist", is_staff=True)
    archivist.user_permissions.add(view_hidden())
    visible = set(manager(one_of_each).visible_to(archivist))
    assert visible == set(one_of_each.values())


@pytest.mark.django_db
@pytest.mark.parametrize("one_of_each", RECORD_FACTORIES, indirect=True)
def test_anonymous_visitor_sees_only_published_public_records(one_of_each):
    visible = list(manager(one_of_each).visible_to(AnonymousUser()))
    assert visible == [one_of_each["public"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user_fields",
    [
        pytest.param({"is_staff": False}, id="signed-in-reader"),
        pytest.param({"is_staff": True}, id="staff-without-the-permission"),
        pytest.param({"is_staff": True, "is_active": False}, id="deactivated-with-permission"),
    ],
)
def test_only_the_permission_shows_hidden_records(user_fields, django_user_model):
    public, draft = PlaceFactory(), PlaceFactory(**DRAFT)
    user = django_user_model.objects.create_user("reader", **user_fields)
    if not user.is_active:
        user.user_permissions.add(view_hidden())
    assert list(type(public).objects.visible_to(user)) == [public]
    assert draft not in type(public).objects.visible_to(user)


@pytest.mark.django_db
def test_no_user_sees_only_published_public_records():
    public = PlaceFactory()
    PlaceFactory(**RESTRICTED)
    assert list(type(public).objects.visible_to(None)) == [public]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({}, True, id="published-public"),
        pytest.param(DRAFT, False, id="draft"),
        pytest.param(RESTRICTED, False, id="restricted"),
    ],
)
def test_is_public(fields, expected):
    assert PlaceFactory.build(**fields).is_public is expected


# Flows and roles hide links to hidden parties


@pytest.mark.django_db
@pytest.mark.parametrize("end", ["funder", "recipient"])
@pytest.mark.parametrize("hidden", HIDDEN_STATES)
def test_public_flows_hide_a_flow_with_a_hidden_party(end, hidden):
    shown = FundingFlowFactory()
    FundingFlowFactory(**{end: PersonFactory(**hidden)})
    assert list(FundingFlow.objects.public()) == [shown]


@pytest.mark.django_db
@pytest.mark.parametrize("end", ["funder", "recipient"])
def test_public_flows_show_a_flow_with_an_unnamed_party(end):
    flow = FundingFlowFactory(**{end: None, f"{end}_description": "relatives in China"})
    assert list(FundingFlow.objects.public()) == [flow]


@pytest.mark.django_db
@pytest.mark.parametrize("hidden", HIDDEN_STATES)
def test_public_flows_hide_a_hidden_flow_between_public_parties(hidden):
    FundingFlowFactory(**hidden)
    assert not FundingFlow.objects.public().exists()


@pytest.mark.django_db
def test_archivists_see_flows_with_hidden_parties(django_user_model):
    flow = FundingFlowFactory(funder=PersonFactory(**RESTRICTED))
    staff = django_user_model.objects.create_user("archivist", is_staff=True)
    staff.user_permissions.add(view_hidden())
    assert list(FundingFlow.objects.visible_to(staff)) == [flow]
    assert list(FundingFlow.objects.visible_to(AnonymousUser())) == []


@pytest.mark.django_db
@pytest.mark.parametrize("end", ["person", "organization"])
@pytest.mark.parametrize("hidden", HIDDEN_STATES)
def test_public_roles_hide_a_role_with_a_hidden_party(end, hidden):
    shown = RoleFactory()
    hidden_party = (PersonFactory if end == "person" else OrganizationFactory)(**hidden)
    RoleFactory(**{end: hidden_party})
    assert list(Role.objects.public()) == [shown]


@pytest.mark.django_db
def test_public_roles_show_a_role_in_a_public_venture():
    role = RoleFactory(organization=VentureFactory())
    assert list(Role.objects.public()) == [role]


@pytest.mark.django_db
@pytest.mark.parametrize("hidden", HIDDEN_STATES)
def test_public_roles_hide_a_hidden_role_between_public_parties(hidden):
    RoleFactory(**hidden)
    assert not Role.objects.public().exists()


# Timestamps

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def aged_place():
    """A place whose timestamps say it was last touched long ago."""
    place = PlaceFactory()
    type(place).objects.filter(pk=place.pk).update(created_at=LONG_AGO, updated_at=LONG_AGO)
    place.refresh_from_db()
    return place


@pytest.mark.django_db
def test_save_bumps_updated_at():
    place = aged_place()
    before = now()
    place.name = "Kaesong"
    place.save()
    place.refresh_from_db()
    assert place.updated_at >= before
    assert place.created_at == LONG_AGO


@pytest.mark.django_db
def test_save_with_update_fields_bumps_updated_at():
    place = aged_place()
    before = now()
    place.name = "Kaesong"
    place.save(update_fields=["name"])
    place.refresh_from_db()
    assert place.name == "Kaesong"
    assert place.updated_at >= before


@pytest.mark.django_db
def test_save_of_a_party_bumps_updated_at_in_the_party_table():
    person = PersonFactory()
    type(person).objects.filter(pk=person.pk).update(updated_at=LONG_AGO)
    person.refresh_from_db()
    person.save(update_fields=["name"])
    person.refresh_from_db()
    assert person.updated_at > LONG_AGO


# Partial dates


@pytest.mark.parametrize(
    ("date", "precision", "text"),
    [
        (PartialDate(), DatePrecision.UNKNOWN, "unknown"),
        (PartialDate(2015), DatePrecision.YEAR, "2015"),
        (PartialDate(2020, 3), DatePrecision.MONTH, "March 2020"),
        (PartialDate(2020, 3, 5), DatePrecision.DAY, "5 March 2020"),
    ],
)
def test_partial_date_precision_and_text(date, precision, text):
    assert date.precision == precision
    assert str(date) == text


@pytest.mark.parametrize(("date", "truth"), [(PartialDate(), False), (PartialDate(2015), True)])
def test_partial_date_is_true_only_when_its_year_is_known(date, truth):
    assert bool(date) is truth


def test_partial_date_of_reads_the_prefixed_columns():
    flow = FundingFlowFactory.build(start_year=2019, start_month=6, end_year=2020)
    assert flow.start == PartialDate(2019, 6)
    assert flow.end == PartialDate(2020)


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (PartialDate(2015), PartialDate(2019), "2015 – 2019"),
        (PartialDate(2015), PartialDate(2015), "2015"),
        (PartialDate(2020, 3), PartialDate(), "March 2020"),
        (PartialDate(), PartialDate(2019), "until 2019"),
        (PartialDate(), PartialDate(), ""),
    ],
)
def test_describe_period(start, end, text):
    assert describe_period(start, end) == text


# Bounds read back as a person would say them


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "unit", "text"),
    [
        (Decimal("3000"), Decimal("3000"), Qualifier.EXACT, "", "3,000"),
        (Decimal("4100.50"), Decimal("4100.50"), Qualifier.EXACT, "", "4,100.5"),
        (Decimal("0"), Decimal("0"), Qualifier.EXACT, "", "0"),
        (Decimal("30000"), Decimal("30000"), Qualifier.APPROXIMATE, "", "about 30,000"),
        (Decimal("3000"), None, Qualifier.AT_LEAST, "", "more than 3,000"),
        (3000, None, Qualifier.AT_LEAST, "lamps", "more than 3,000 lamps"),
        (None, Decimal("30000"), Qualifier.AT_MOST, "", "nearly 30,000"),
        (Decimal("20000"), Decimal("30000"), Qualifier.RANGE, "", "20,000–30,000"),
        (
            Decimal("100000"),
            Decimal("999999"),
            Qualifier.ORDER_OF_MAGNITUDE,
            "",
            "on the order of 100,000–999,999",
        ),
        (None, None, Qualifier.UNKNOWN, "", "amount not stated"),
    ],
)
def test_describe_bounds(low, high, qualifier, unit, text):
    assert describe_bounds(low, high, qualifier, unit) == text


def test_flow_amount_reads_as_the_article_states_it():
    flow = FundingFlowFactory.build()
    assert flow.amount_display == "CNY 20,000–30,000 per recipient"


@pytest.mark.django_db
def test_save_of_a_party_loaded_through_party_keeps_its_kind():
    person = PersonFactory()
    party = Party.objects.get(pk=person.pk)
    party.name = "Kim Renamed"
    party.save()
    party.refresh_from_db()
    assert party.kind == PartyKind.PERSON
