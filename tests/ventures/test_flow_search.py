"""A flow search (``?q=`` on the flows listing and the API, the site search's flows)
finds a flow by either end's name, its purpose, its unnamed ends, its goods or its
currency, whichever way the matches are read.

On PostgreSQL a narrow search reads the matching flows' keys first and a broad one (more
than ``MATCHED_FLOWS_CAP``) keeps one ``OR``; both must find the same flows. The ``OR``
is asked of indexes only: a bitmap of index reads, never a subquery tested per row.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from core.lookups import Keys
from core.records import PUBLIC, Visibility
from people.factories import OrganizationFactory, PersonFactory
from ventures import search as flow_search
from ventures.factories import FundingFlowFactory, GoodsItemFactory
from ventures.filters import FundingFlowFilter
from ventures.models import FundingFlow
from ventures.search import matching_flows
from ventures.selectors import flows_for


@pytest.fixture
def flows(db):
    """Flows each found by "seongwon" through one field only, and two that are not."""
    found = {
        "funder": FundingFlowFactory(funder=OrganizationFactory(name="Seongwon Trading")),
        "recipient": FundingFlowFactory(recipient=PersonFactory(name="Kim Seongwon")),
        "purpose": FundingFlowFactory(purpose="Start-up money for a Seongwon noodle shop"),
        "unnamed funder": FundingFlowFactory(
            funder=None, funder_description="A church in SEONGWON county"
        ),
        "unnamed recipient": FundingFlowFactory(
            recipient=None, recipient_description="traders from seongwon"
        ),
        "goods": GoodsItemFactory(item="Seongwon-brand sewing machines").flow,
    }
    unrelated = FundingFlowFactory(purpose="A loan for a bakery")
    # A hidden party lends its name to no flow, even one a staff listing shows.
    hidden = FundingFlowFactory(
        recipient=PersonFactory(name="Pyo Hyangsuk", visibility=Visibility.RESTRICTED)
    )
    return found, unrelated, hidden


def searched(query: str, queryset=None) -> set[int]:
    queryset = flows_for(PUBLIC) if queryset is None else queryset
    filterset = FundingFlowFilter(QueryDict(f"q={query}"), queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "cap, hashed",
    [
        (flow_search.MATCHED_FLOWS_CAP, flow_search.HASHED_KEYS),
        (0, flow_search.HASHED_KEYS),
        (0, (0, 10)),
    ],
    ids=["keys", "or", "or of hashed sets"],
)
def test_a_search_finds_a_flow_by_each_field_either_way(flows, monkeypatch, cap, hashed):
    # Cap 0: every search is "broad" on PostgreSQL and filters by the OR itself; with
    # ``hashed`` from 0, each arm of keys is a set the database hashes (``_among``).
    monkeypatch.setattr(flow_search, "MATCHED_FLOWS_CAP", cap)
    monkeypatch.setattr(flow_search, "HASHED_KEYS", hashed)
    found, _unrelated, hidden = flows
    assert searched("seongwon") == {flow.pk for flow in found.values()}
    assert searched("noodle") == {found["purpose"].pk}
    assert searched("sewing machine") == {found["goods"].pk}
    assert searched("yuan") == set(
        FundingFlow.objects.filter(currency="CNY").values_list("pk", flat=True)
    ) - {hidden.pk}
    assert searched("Pyo Hyangsuk", FundingFlow.objects.all()) == set()
    assert searched("nothing like it") == set()


def test_a_search_reads_its_matches_once_however_often_a_listing_applies_it(flows):
    filterset = FundingFlowFilter(QueryDict("q=seongwon"), queryset=flows_for(PUBLIC))
    assert filterset.is_valid()
    first = filterset.filter_q(flows_for(PUBLIC), "q", "seongwon")
    with CaptureQueriesContext(connection) as queries:
        again = filterset.filter_q(flows_for(PUBLIC).filter(kind="donation"), "q", "seongwon")
    assert len(queries) == 0
    assert set(again.values_list("pk", flat=True)) <= set(first.values_list("pk", flat=True))


def test_a_narrow_search_is_the_keys_of_its_flows(postgres, flows):
    found, _, _ = flows
    condition = matching_flows("seongwon", "default")
    ((lookup, keys),) = condition.children
    assert lookup == "pk__among"
    # Handed to ``__among`` whole (``Keys``), not walked key by key by Django.
    assert isinstance(keys, Keys)
    assert set(keys.values) == {flow.pk for flow in found.values()}


def test_a_broad_search_reads_the_flows_its_texts_name_as_keys(postgres, flows, monkeypatch):
    """More parties match than the cap, and few texts: the search walks the flows, and
    tests each against keys only; the texts' ``LIKE`` ran once, through its index."""
    found, _, _ = flows
    monkeypatch.setattr(flow_search, "MATCHED_FLOWS_CAP", 2)
    named = [
        FundingFlowFactory(funder=OrganizationFactory(name=f"Noodle Works {n}")) for n in "ABC"
    ]
    condition = matching_flows("noodle", "default")
    lookups = [lookup for lookup, _ in condition.children]
    assert "funder__among" in lookups and "pk__among" in lookups
    assert not [lookup for lookup in lookups if lookup.endswith("icontains")]
    assert searched("noodle") == {found["purpose"].pk, *(flow.pk for flow in named)}


def test_a_broad_search_hashes_its_long_lists_of_keys_once(postgres, flows, monkeypatch):
    """A long arm of keys is ``IN (SELECT unnest(…))``, which PostgreSQL plans without
    estimating each key and hashes once: a hashed subplan, never one run per flow."""
    monkeypatch.setattr(flow_search, "MATCHED_FLOWS_CAP", 0)
    monkeypatch.setattr(flow_search, "HASHED_KEYS", (1, 10))
    condition = matching_flows("seongwon", "default")  # two parties, one goods item
    sql, params = flows_for(PUBLIC).filter(condition).values("pk").query.sql_with_params()
    assert sql.count("unnest") == 2  # each end's arm; the goods' single key stays a list
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.count("(hashed SubPlan") == 2
    assert "(SubPlan" not in plan  # none tested by running it for each flow


def test_the_longest_hashed_arm_is_hashed_at_postgresql_s_default_memory(postgres):
    """Past the memory a hash may take, PostgreSQL would run the subplan for every flow:
    the longest arm ``_among`` hashes must fit PostgreSQL's default ``work_mem``."""
    longest = flow_search.HASHED_KEYS[1]
    condition = flow_search._among("funder", list(range(1, longest + 1)))
    sql, params = flows_for(PUBLIC).filter(condition | Q(currency="KPW")).query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '4MB'")
        cursor.execute("SET LOCAL hash_mem_multiplier = 2")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "(hashed SubPlan" in plan
    assert "(SubPlan" not in plan


def test_the_search_is_a_bitmap_of_index_reads(postgres, flows, monkeypatch):
    """The OR (what a broad search filters by, and what a narrow one reads its keys
    with) can be answered from indexes alone: each end's keys, the texts' trigrams and
    the currency, with no subquery tested on each flow of a scan."""
    monkeypatch.setattr(flow_search, "MATCHED_FLOWS_CAP", 0)
    condition = matching_flows("seongwon", "default")
    # Unordered, as matching_flows reads its keys: in the model's order, the index over
    # every flow in that order (ventures/0018) lets a planner told to avoid scans walk it
    # whole instead, on this small archive.
    keys = FundingFlow.objects.filter(condition).order_by().values("pk")
    sql, params = keys.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "BitmapOr" in plan
    assert "ventures_flow_texts_trgm" in plan
    assert "Seq Scan" not in plan
    assert "SubPlan" not in plan


def test_a_search_s_totals_read_only_what_the_totals_index_holds(postgres, flows, monkeypatch):
    """A search's totals and charts (``LiveStats``) read only what ``ventures/0023``'s
    index holds of the public flows, so PostgreSQL can read that index alone, not every
    flow's row (0.38 → 0.22 s for "kim" at a million flows, docs/BENCHMARKS.md). Which
    plan this small archive gets is not asked: with no page of it marked all-visible (no
    ``VACUUM`` inside a test's transaction), an index-only scan costs what an index scan
    does, and the planner takes either."""
    from ventures.flow_stats import LiveStats

    monkeypatch.setattr(flow_search, "MATCHED_FLOWS_CAP", 0)  # broad: the ends' keys
    with CaptureQueriesContext(connection) as captured:
        LiveStats(flows_for(PUBLIC).filter(matching_flows("trading", "default")))
    (sql,) = [q["sql"] for q in captured.captured_queries if "GROUP BY" in q["sql"]]
    read = set(re.findall(r'"ventures_fundingflow"\."(\w+)"', sql))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
            " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
            " WHERE i.indexrelid = 'ventures_public_flow_totals'::regclass"
        )
        held = {name for (name,) in cursor.fetchall()}
    assert {"funder_id", "start_year", "usd_low"} <= read
    assert read <= held | {"publication_state", "visibility", "ends_public"}, read - held
