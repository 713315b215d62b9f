"""The flow summaries under concurrent writers, on PostgreSQL with real connections.

Two transactions writing flows of one funder meet on its ``FlowEndSummary`` row (and on
their ``FlowSummary`` group): the second waits for the first to commit, then adds to
what it committed. Neither write is lost, and the summaries equal the flows after.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from people.factories import OrganizationFactory
from tests.concurrency import another_writer
from ventures import flow_stats
from ventures.factories import FundingFlowFactory
from ventures.models import FlowEndSummary, FundingFlow

pytestmark = pytest.mark.django_db(transaction=True)


def kept() -> None:
    assert flow_stats.stored_summary() == flow_stats.live_summary()
    assert flow_stats.stored_ends() == flow_stats.live_ends()


def flow_of(funder, low: int) -> FundingFlow:
    return FundingFlowFactory(funder=funder, currency="SGD", usd_low=low, usd_high=low)


def test_two_writers_of_one_funder_s_flows_both_count(postgres):
    funder = OrganizationFactory()
    # The second write waits on the other transaction's rows for this funder and group.
    with another_writer(lambda: flow_of(funder, 10)), transaction.atomic():
        flow_of(funder, 1)
    row = FlowEndSummary.objects.get(side="funder", party_id=funder.pk)
    assert (row.flows, row.usd_low, row.usd_high) == (2, Decimal(11), Decimal(11))
    kept()


def test_a_bulk_update_racing_a_new_flow_loses_neither(postgres):
    funder = OrganizationFactory()
    first, second = flow_of(funder, 5), flow_of(funder, 7)
    with another_writer(lambda: flow_of(funder, 100)), transaction.atomic():
        FundingFlow.objects.filter(pk__in=[first.pk, second.pk]).update(usd_low=50, usd_high=70)
    row = FlowEndSummary.objects.get(side="funder", party_id=funder.pk)
    assert (row.flows, row.usd_low, row.usd_high) == (3, Decimal(200), Decimal(240))
    kept()
