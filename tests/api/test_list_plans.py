"""A first page of roles, sources, citations, statements and relations reads only the rows
it shows, and still hides every row whose linked record is hidden.

The visibility of a linked record is asked for each row read (on the joined row, or by a
lookup by key), never as a set of every visible party, role or flow hashed before the
first row (530 ms for the first page of citations at national scale); and the lists in
a human order (roles by organisation, sources newest first) walk an index over the public
rows that gives that order. The plans are read with EXPLAIN on PostgreSQL; on the small
test archive the planner would rather sort, so the tests forbid sorts and sequential
scans to ask whether the index *can* give the page.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction

from core.keyset import Keyset
from core.records import PUBLIC, PublicationState, Visibility
from people.factories import OrganizationFactory, PartyRelationFactory, PersonFactory, RoleFactory
from people.selectors import party_relations_for, roles_for
from sources.factories import CitationFactory, SourceFactory, StatementFactory
from sources.selectors import citations_for, sources_for, statements_for

HIDDEN = {"visibility": Visibility.RESTRICTED}
DRAFT = {"publication_state": PublicationState.DRAFT}


def first_page_plan(queryset, *settings: str) -> str:
    """The plan of the list's first page, as the API's keyset paginator asks for it."""
    keyset = Keyset.of(queryset)
    page = keyset.queryset.order_by(*(key.order() for key in keyset.keys))[:51]
    sql, params = page.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting}")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


WALK = ("enable_seqscan = off", "enable_sort = off", "enable_hashjoin = off")


def sorts_every_row(plan: str) -> bool:
    """A full sort (not an incremental one, which sorts one organisation's roles at a time)."""
    return re.search(r"(?<!Incremental )Sort  \(", plan) is not None


def test_a_page_of_roles_walks_the_public_names_in_order(postgres):
    RoleFactory.create_batch(3)
    plan = first_page_plan(roles_for(PUBLIC), *WALK)
    assert "Index Scan using people_party_public_name" in plan
    assert not sorts_every_row(plan)
    assert "hashed SubPlan" not in plan


def test_a_page_of_sources_walks_the_public_sources_newest_first(postgres):
    SourceFactory.create_batch(3)
    plan = first_page_plan(sources_for(PUBLIC), *WALK)
    assert "sources_source_public_order" in plan
    assert not sorts_every_row(plan)


@pytest.mark.parametrize(
    "selector", [citations_for, statements_for, party_relations_for], ids=lambda s: s.__name__
)
def test_a_page_hashes_no_set_of_visible_records(postgres, selector):
    CitationFactory()
    StatementFactory(about=PersonFactory(), said_by=OrganizationFactory())
    PartyRelationFactory()
    plan = first_page_plan(selector(PUBLIC))
    assert "hashed SubPlan" not in plan
    assert "SubPlan" in plan or selector is party_relations_for


def test_a_citation_shows_only_while_its_source_and_its_record_are_public(db):
    shown = CitationFactory()
    hidden_source = CitationFactory(source=SourceFactory(**HIDDEN))
    hidden_party = CitationFactory(party=PersonFactory(**DRAFT))
    role_of_hidden_person = CitationFactory(role=RoleFactory(person=PersonFactory(**HIDDEN)))
    role_in_hidden_org = CitationFactory(
        role=RoleFactory(organization=OrganizationFactory(**DRAFT))
    )
    public_role = CitationFactory(role=RoleFactory())
    relation_to_hidden = CitationFactory(
        relation=PartyRelationFactory(related=OrganizationFactory(**HIDDEN))
    )
    relation_unnamed = CitationFactory(
        relation=PartyRelationFactory(related=None, related_description="a state agency")
    )

    visible = set(citations_for(PUBLIC).values_list("pk", flat=True))

    assert visible == {shown.pk, public_role.pk, relation_unnamed.pk}
    for hidden in (
        hidden_source,
        hidden_party,
        role_of_hidden_person,
        role_in_hidden_org,
        relation_to_hidden,
    ):
        assert hidden.pk not in visible


def test_a_role_shows_only_while_both_its_ends_are_public(db):
    shown = RoleFactory()
    RoleFactory(person=PersonFactory(**HIDDEN))
    RoleFactory(organization=OrganizationFactory(**DRAFT))
    RoleFactory(**HIDDEN)

    assert list(roles_for(PUBLIC)) == [shown]


def test_a_statement_shows_only_while_its_source_and_named_parties_are_public(db):
    unnamed = StatementFactory()
    named = StatementFactory(about=PersonFactory(), said_by=OrganizationFactory())
    StatementFactory(source=SourceFactory(**HIDDEN))
    StatementFactory(about=PersonFactory(**HIDDEN))
    StatementFactory(said_by=OrganizationFactory(**DRAFT))

    assert set(statements_for(PUBLIC)) == {unnamed, named}


def test_a_relation_shows_only_while_its_named_ends_are_public(db):
    named = PartyRelationFactory()
    unnamed = PartyRelationFactory(related=None, related_description="a state agency")
    PartyRelationFactory(party=OrganizationFactory(**HIDDEN))
    PartyRelationFactory(related=OrganizationFactory(**DRAFT))

    assert set(party_relations_for(PUBLIC)) == {named, unnamed}
