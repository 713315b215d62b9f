"""The database itself refuses parties, aliases and roles that break the archive's rules.

Rows are written with ``create``/``update``, which skip model validation, so each test
shows what PostgreSQL and SQLite enforce on their own. Every refused row breaks one
constraint only, and the error must name it.
"""

from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction

from core.records import Qualifier
from people.factories import (
    OrganizationFactory,
    PartyAliasFactory,
    PersonFactory,
    RoleFactory,
)
from people.models import Organization, Party, PartyAlias, Role, RoleKind
from ventures.factories import VentureFactory

pytestmark = pytest.mark.django_db


@contextmanager
def refused(constraint: str):
    """Expect the database to refuse the write, naming ``constraint`` in its error.

    The savepoint keeps the test's transaction usable after the error (PostgreSQL
    aborts a transaction on any IntegrityError).
    """
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    assert constraint in str(excinfo.value).lower()


PARTY_FACTORIES = [PersonFactory, OrganizationFactory, VentureFactory]


# Publication state, visibility and kind


@pytest.mark.parametrize("field", ["publication_state", "visibility", "kind"])
def test_party_invalid_choice_is_refused(field):
    party = PersonFactory()
    with refused(f"people_party_{field}_valid"):
        Party.objects.filter(pk=party.pk).update(**{field: "bogus"})


@pytest.mark.parametrize("field", ["publication_state", "visibility"])
def test_role_invalid_choice_is_refused(field):
    role = RoleFactory()
    with refused(f"people_role_{field}_valid"):
        Role.objects.filter(pk=role.pk).update(**{field: "bogus"})


def test_role_invalid_kind_is_refused():
    with refused("people_role_kind_valid"):
        RoleFactory(kind="bogus")


def test_alias_invalid_kind_is_refused():
    with refused("people_alias_kind_valid"):
        PartyAliasFactory(kind="bogus")


def test_organization_invalid_kind_is_refused():
    with refused("people_organization_kind_valid"):
        OrganizationFactory(org_kind="bogus")


def test_bare_party_without_a_kind_is_refused():
    with refused("people_party_kind_valid"):
        Party.objects.create(name="Nobody in particular", slug="nobody")


# Slugs


@pytest.mark.parametrize("first", PARTY_FACTORIES)
@pytest.mark.parametrize("second", PARTY_FACTORIES)
def test_party_slug_shared_across_kinds_is_refused(first, second):
    first(slug="kim-family")
    with refused("slug"):
        second(slug="kim-family")


# Group size: bounds and qualifier


def test_group_size_only_for_groups():
    with refused("people_party_group_size_only_for_groups"):
        PersonFactory(is_group=False, group_size_qualifier=Qualifier.AT_LEAST, group_size_low=3)


def test_group_with_group_size_is_accepted():
    party = PersonFactory(is_group=True, group_size_qualifier=Qualifier.AT_LEAST, group_size_low=3)
    assert party.pk


def test_group_size_low_above_high_is_refused():
    with refused("people_party_group_size_low_le_high"):
        PersonFactory(
            is_group=True,
            group_size_qualifier=Qualifier.RANGE,
            group_size_low=30,
            group_size_high=20,
        )


# A negative bound also breaks the column check Django adds for a positive integer
# field; either way the error names the column.
@pytest.mark.parametrize(
    ("qualifier", "low", "high", "column"),
    [
        (Qualifier.AT_LEAST, -1, None, "group_size_low"),
        (Qualifier.AT_MOST, None, -1, "group_size_high"),
    ],
)
def test_group_size_negative_bound_is_refused(qualifier, low, high, column):
    with refused(column):
        PersonFactory(
            is_group=True,
            group_size_qualifier=qualifier,
            group_size_low=low,
            group_size_high=high,
        )


@pytest.mark.parametrize(
    ("qualifier", "low", "high"),
    [
        (Qualifier.EXACT, 3, 4),
        (Qualifier.EXACT, 3, None),
        (Qualifier.APPROXIMATE, None, None),
        (Qualifier.RANGE, 3, None),
        (Qualifier.RANGE, None, 4),
        (Qualifier.ORDER_OF_MAGNITUDE, None, None),
        (Qualifier.AT_LEAST, 3, 4),
        (Qualifier.AT_LEAST, None, None),
        (Qualifier.AT_MOST, 3, 4),
        (Qualifier.AT_MOST, 3, None),
        (Qualifier.UNKNOWN, 3, None),
        (Qualifier.UNKNOWN, None, 4),
        ("bogus", 3, 3),
    ],
)
def test_group_size_bounds_contradicting_qualifier_are_refused(qualifier, low, high):
    with refused("people_party_group_size_bounds_match_qualifier"):
        PersonFactory(
            is_group=True,
            group_size_qualifier=qualifier,
            group_size_low=low,
            group_size_high=high,
        )


@pytest.mark.parametrize(
    ("qualifier", "low", "high"),
    [
        (Qualifier.EXACT, 3, 3),
        (Qualifier.APPROXIMATE, 0, 0),
        (Qualifier.RANGE, 3, 3),
        (Qualifier.ORDER_OF_MAGNITUDE, 10, 99),
        (Qualifier.AT_LEAST, 0, None),
        (Qualifier.AT_MOST, None, 30000),
        (Qualifier.UNKNOWN, None, None),
    ],
)
def test_group_size_bounds_matching_qualifier_are_accepted(qualifier, low, high):
    party = PersonFactory(
        is_group=True, group_size_qualifier=qualifier, group_size_low=low, group_size_high=high
    )
    assert party.pk


# Person


def test_person_both_pseudonym_and_unnamed_is_refused():
    with refused("people_person_pseudonym_or_unnamed"):
        PersonFactory(is_pseudonym=True, is_unnamed=True)


@pytest.mark.parametrize(("pseudonym", "unnamed"), [(True, False), (False, True)])
def test_person_pseudonym_or_unnamed_alone_is_accepted(pseudonym, unnamed):
    assert PersonFactory(is_pseudonym=pseudonym, is_unnamed=unnamed).pk


def test_person_birth_years_inverted_are_refused():
    with refused("people_person_birth_years_ordered"):
        PersonFactory(birth_year_low=1985, birth_year_high=1975)


@pytest.mark.parametrize(("low", "high"), [(1975, 1975), (1975, 1985), (1975, None), (None, 1985)])
def test_person_birth_years_in_order_are_accepted(low, high):
    assert PersonFactory(birth_year_low=low, birth_year_high=high).pk


# Aliases


def test_alias_twice_for_one_party_is_refused():
    alias = PartyAliasFactory(name="KHD")
    with refused("unique"):
        PartyAlias.objects.create(party=alias.party, name="KHD")


def test_same_alias_for_two_parties_is_accepted():
    PartyAliasFactory(name="KHD")
    assert PartyAliasFactory(name="KHD").pk


# Organisation


def test_organization_own_parent_is_refused():
    organization = OrganizationFactory()
    with refused("people_organization_not_own_parent"):
        Organization.objects.filter(pk=organization.pk).update(parent=organization)


def test_organization_with_another_parent_is_accepted():
    parent = OrganizationFactory()
    assert OrganizationFactory(parent=parent).parent == parent


def test_deleting_parent_organization_keeps_its_children():
    parent = OrganizationFactory()
    child = OrganizationFactory(parent=parent)
    parent.delete()
    child.refresh_from_db()
    assert child.parent is None


# Roles


def test_role_twice_of_one_kind_is_refused():
    role = RoleFactory(kind=RoleKind.FOUNDER)
    with refused("unique"):
        Role.objects.create(
            person=role.person, organization=role.organization, kind=RoleKind.FOUNDER, title="x"
        )


def test_role_of_another_kind_in_same_organization_is_accepted():
    role = RoleFactory(kind=RoleKind.FOUNDER)
    other = RoleFactory(person=role.person, organization=role.organization, kind=RoleKind.CEO)
    assert other.pk


def test_role_start_after_end_is_refused():
    with refused("people_role_start_before_end"):
        RoleFactory(start_year=2020, end_year=2019)


def test_role_starting_and_ending_in_one_year_is_accepted():
    assert RoleFactory(start_year=2019, start_month=12, end_year=2019, end_month=1).pk


# Partial dates: every prefix of every model that stores one.

PARTIAL_DATES = [
    pytest.param(OrganizationFactory, "people_organization", "founded", id="organization-founded"),
    pytest.param(RoleFactory, "people_role", "start", id="role-start"),
    pytest.param(RoleFactory, "people_role", "end", id="role-end"),
]

INVALID_DATES = [
    pytest.param({"month": 3}, "month_needs_year", id="month-without-year"),
    pytest.param({"year": 2015, "month": 13}, "month_needs_year", id="month-13"),
    pytest.param({"year": 2015, "month": 0}, "month_needs_year", id="month-0"),
    pytest.param({"year": 2015, "day": 5}, "day_needs_month", id="day-without-month"),
    pytest.param({"year": 2015, "month": 3, "day": 32}, "day_needs_month", id="day-32"),
    pytest.param({"year": 2015, "month": 3, "day": 0}, "day_needs_month", id="day-0"),
    pytest.param({"year": 1799}, "year_plausible", id="year-1799"),
    pytest.param({"year": 2101}, "year_plausible", id="year-2101"),
]

VALID_DATES = [
    pytest.param({}, id="unknown"),
    pytest.param({"year": 1800}, id="year-1800"),
    pytest.param({"year": 2100, "month": 12}, id="december-2100"),
    pytest.param({"year": 2015, "month": 1, "day": 1}, id="first-day"),
    pytest.param({"year": 2015, "month": 12, "day": 31}, id="last-day"),
]


def date_fields(prefix: str, parts: dict) -> dict:
    return {f"{prefix}_{part}": value for part, value in parts.items()}


@pytest.mark.parametrize(("factory", "table", "prefix"), PARTIAL_DATES)
@pytest.mark.parametrize(("parts", "constraint"), INVALID_DATES)
def test_impossible_partial_date_is_refused(factory, table, prefix, parts, constraint):
    with refused(f"{table}_{prefix}_{constraint}"):
        factory(**date_fields(prefix, parts))


@pytest.mark.parametrize(("factory", "table", "prefix"), PARTIAL_DATES)
@pytest.mark.parametrize("parts", VALID_DATES)
def test_partial_date_at_its_bounds_is_accepted(factory, table, prefix, parts):
    assert factory(**date_fields(prefix, parts)).pk
