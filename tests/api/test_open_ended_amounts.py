"""An open-ended amount ("more than US$2.04M") is at least its bound in every view of it."""

from decimal import Decimal

from ventures.models import FundingFlow


def open_ended() -> FundingFlow:
    flow = FundingFlow.objects.public().filter(usd_high__isnull=True, usd_low__isnull=False)
    return flow.order_by("-usd_low").first()


def test_usd_min_keeps_a_flow_that_is_at_least_the_bound(archive, anonymous):
    flow = open_ended()
    below = int(flow.usd_low) - 1
    ids = [
        row["id"]
        for row in anonymous.get(f"/api/v1/funding-flows/?usd_min={below}&page_size=500").json()[
            "results"
        ]
    ]
    assert flow.pk in ids


def test_the_list_and_the_summary_agree_on_usd_min(archive, anonymous):
    for bound in (1_000, 1_000_000, 100_000_000):
        listed = anonymous.get(f"/api/v1/funding-flows/?usd_min={bound}&count=true").json()
        summary = anonymous.get(f"/api/v1/funding-flows/summary/?usd_min={bound}").json()
        assert listed["count"] == summary["total"]["count"], bound


def test_usd_max_keeps_a_flow_known_only_as_nearly_x(db, anonymous):
    from ventures.factories import FundingFlowFactory

    nearly = FundingFlowFactory(usd_low=None, usd_high=Decimal("500"))
    plenty = FundingFlowFactory(usd_low=Decimal("5000"), usd_high=Decimal("6000"))
    ids = [
        row["id"] for row in anonymous.get("/api/v1/funding-flows/?usd_max=1000").json()["results"]
    ]
    assert nearly.pk in ids and plenty.pk not in ids


def test_ordering_by_usd_ranks_an_open_ended_flow_by_its_bound(archive, anonymous):
    flow = open_ended()
    rows = anonymous.get("/api/v1/funding-flows/?ordering=-usd&page_size=500").json()["results"]
    reach = [Decimal(row["usd_high"] or row["usd_low"] or "-1") for row in rows]
    assert reach[: len([r for r in reach if r >= 0])] == sorted(
        [r for r in reach if r >= 0], reverse=True
    )
    assert flow.pk in [row["id"] for row in rows]
