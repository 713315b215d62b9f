"""Funding totals per group, honouring the flow filters; and the network around a party."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.records import PublicationState
from ventures.api import flow_groups
from ventures.factories import FundingFlowFactory
from ventures.models import FundingFlow


def summary(client, query: str) -> dict:
    response = client.get(f"/api/v1/funding-flows/summary/?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_every_flow_to_chongryon_with_totals(archive, anonymous):
    body = summary(anonymous, "recipient=chongryon&group_by=funder")
    flows = FundingFlow.objects.public().filter(recipient__slug="chongryon")
    assert body["total"]["count"] == flows.count() == 2
    # The ¥287 million is presumably part of the ¥49.988 billion to date: summed once.
    assert Decimal(body["total"]["usd_low"]) == flows.get(whole=None).usd_low
    assert "counted once" in body["counting_rule"]
    assert {group["label"] for group in body["results"]} == {
        "Government of North Korea",
        "Kim Jong Un",
    }
    assert sum(group["count"] for group in body["results"]) == 2
    largest = body["results"][0]
    assert largest["party"]["type"] == "organization"
    assert largest["key"] == str(largest["party"]["id"])


@pytest.mark.parametrize("group_by", ["funder", "recipient", "year", "kind", "currency"])
def test_groups_add_up_to_the_total(archive, anonymous, group_by):
    body = summary(anonymous, f"group_by={group_by}&page_size=500")
    assert body["group_by"] == group_by
    assert sum(group["count"] for group in body["results"]) == body["total"]["count"]
    low = sum(Decimal(group["usd_low"]) for group in body["results"])
    assert low == Decimal(body["total"]["usd_low"])
    assert body["count"] == len(body["results"])


def test_an_open_ended_flow_counts_its_low_bound_in_the_high_total(archive, anonymous):
    body = summary(anonymous, "funder=kim-jong-un")  # "over ¥287 million": no high bound
    flow = FundingFlow.objects.get(funder__slug="kim-jong-un", recipient__slug="chongryon")
    assert flow.usd_high is None
    assert Decimal(body["total"]["usd_high"]) == Decimal(body["total"]["usd_low"]) == flow.usd_low


def test_years_run_in_order_with_undated_last(archive, anonymous):
    labels = [group["label"] for group in summary(anonymous, "group_by=year")["results"]]
    assert labels[-1] == "undated"
    assert labels[:-1] == sorted(labels[:-1])


def test_unnamed_ends_group_by_their_description(archive, anonymous):
    body = summary(anonymous, "group_by=recipient&page_size=500")
    unnamed = [group for group in body["results"] if group["key"] is None]
    assert unnamed
    assert all(group["party"] is None and group["label"] for group in unnamed)


def test_without_group_by_only_the_total(archive, anonymous):
    body = summary(anonymous, "kind=in_kind")
    assert body["results"] == [] and body["count"] == 0
    assert body["total"]["without_usd"] == body["total"]["count"] > 0


@pytest.mark.parametrize(
    "query",
    ["", "currency=CNY", "kind=in_kind", "currency=cny&year_from=2010&year_to=2017", "q=grocery"],
)
def test_the_total_is_the_flow_listing_s(archive, anonymous, client, query):
    # A whole and two parts in the same set, one part with no USD estimate: each flow
    # counts, only the whole adds money, the part without an estimate is "without USD".
    whole = FundingFlowFactory(currency="CNY", start_year=2012, usd_low=1000, usd_high=3000)
    FundingFlowFactory(currency="CNY", start_year=2012, whole=whole, usd_low=400, usd_high=500)
    FundingFlowFactory(currency="CNY", start_year=2012, whole=whole, usd_low=None, usd_high=None)
    body = summary(anonymous, query)
    shown = client.get(f"/flows/?{query}").context["totals"]
    # One figure wherever it is read: the API's total is the flow listing's, whether both
    # read it from the summary kept on write or live.
    assert body["total"]["count"] == shown.count
    assert Decimal(body["total"]["usd_low"]) == shown.usd_low
    assert Decimal(body["total"]["usd_high"]) == shown.usd_high
    assert body["total"]["without_usd"] == shown.without_usd
    # ... and the flows themselves say so, parts included.
    listed = FundingFlow.objects.filter(pk__in=[row["id"] for row in every_flow(anonymous, query)])
    assert shown.count == listed.count()
    assert shown.without_usd == listed.filter(usd_low=None, usd_high=None).count()


def every_flow(client, query: str) -> list[dict]:
    rows, url = [], f"/api/v1/funding-flows/?{query}&page_size=500&fields=id"
    while url:
        page = client.get(url).json()
        rows += page["results"]
        url = page["next"]
    return rows


@pytest.mark.parametrize("grouped", ["", "&group_by=year", "&group_by=kind", "&group_by=currency"])
def test_a_public_reader_s_figures_are_read_from_the_summary(archive, anonymous, grouped):
    with CaptureQueriesContext(connection) as queries:
        body = summary(anonymous, f"currency=JPY{grouped}")
    assert body["total"]["count"] > 0
    if grouped:
        assert sum(group["count"] for group in body["results"]) == body["total"]["count"]
    sums = [query["sql"] for query in queries if "SUM(" in query["sql"].upper()]
    # The summary's groups, and one sum over flows: the few parts whose whole is in the
    # set, taken out of the money. No sum over every matching flow, grouped or not.
    assert any("ventures_flowsummary" in sql for sql in sums), sums
    over_flows = [sql for sql in sums if "ventures_flowsummary" not in sql]
    assert len(over_flows) == 1, over_flows
    assert '"ventures_fundingflow"."whole_id" IS NOT NULL' in over_flows[0]


@pytest.mark.parametrize("side", ["funder", "recipient"])
def test_the_ranking_of_ends_pages_from_the_summary(archive, anonymous, archivist, side):
    FundingFlowFactory(usd_low=None, usd_high=None, publication_state=PublicationState.DRAFT)
    live = list(flow_groups(FundingFlow.objects.public(), side))
    with CaptureQueriesContext(connection) as queries:
        first = summary(anonymous, f"group_by={side}&page_size=3")
    second = summary(anonymous, f"group_by={side}&page_size=3&page=2")
    assert first["count"] == len(live)
    shown = [(group["key"], group["count"], group["usd_high"]) for group in first["results"]]
    shown += [(group["key"], group["count"], group["usd_high"]) for group in second["results"]]
    expected = [
        (
            None if row["key"] is None else str(row["key"]),
            row["flows"],
            f"{row['total_usd_high']:.2f}",
        )
        for row in live[:6]
    ]
    assert shown == expected
    # No grouping of every flow by its end: the summary's rows, a page at a time.
    grouped = [query["sql"] for query in queries if f'"{side}_id" AS "key"' in query["sql"]]
    assert grouped == []
    # A reader who sees drafts has them counted, live.
    assert summary(archivist, f"group_by={side}")["count"] >= first["count"]
    assert summary(archivist, f"group_by={side}")["total"]["count"] == first["total"]["count"] + 1


def test_a_reader_who_sees_drafts_has_them_in_the_total(archive, anonymous, archivist):
    FundingFlowFactory(
        currency="SGD", usd_low=70, usd_high=70, publication_state=PublicationState.DRAFT
    )
    public = summary(anonymous, "currency=SGD")["total"]
    seen = summary(archivist, "currency=SGD")["total"]
    assert seen["count"] == public["count"] + 1
    assert Decimal(seen["usd_low"]) == Decimal(public["usd_low"]) + 70


def test_the_graph_around_chongryon(archive, anonymous):
    body = anonymous.get("/api/v1/graph/?party=chongryon").json()
    assert body["party"]["name"] == "Chongryon"
    assert body["truncated"] is False
    names = {node["name"] for node in body["nodes"]}
    assert {"Chongryon", "Government of North Korea", "Kim Jong Un"} <= names
    flows = {edge["id"] for edge in body["edges"] if edge["type"] == "flow"}
    assert {"flow:10", "flow:11"} <= flows
    ids = {node["id"] for node in body["nodes"]}
    for edge in body["edges"]:
        assert edge["source"] is None or edge["source"] in ids
        assert edge["target"] is None or edge["target"] in ids


def test_the_graph_grows_with_depth_and_includes_roles(archive, anonymous):
    one = anonymous.get("/api/v1/graph/?party=ryu-ae&depth=1").json()
    two = anonymous.get("/api/v1/graph/?party=306&depth=2").json()
    assert {edge["type"] for edge in one["edges"]} == {"role"}
    assert len(two["nodes"]) >= len(one["nodes"])
    assert max(node["depth"] for node in two["nodes"]) <= 2
    assert one["party"] == two["party"]


def test_the_graph_links_relations_between_parties(archive, anonymous):
    body = anonymous.get("/api/v1/graph/?party=asan-nanum-foundation").json()
    names = {node["id"]: node["name"] for node in body["nodes"]}
    (runs,) = [edge for edge in body["edges"] if edge["type"] == "relation"]
    assert names[runs["source"]] == "Hyundai Group" == runs["source_label"]
    assert runs["target"] == body["party"]["id"]
    assert (runs["kind"], runs["label"]) == ("operator", "operator")
    assert runs["url"].endswith(f"/api/v1/party-relations/{runs['id'].split(':')[1]}/")
    # The article names no co-founder of PUST: the edge has no source node, only words.
    body = anonymous.get(
        "/api/v1/graph/?party=pyongyang-university-of-science-and-technology"
    ).json()
    (founded,) = [edge for edge in body["edges"] if edge["type"] == "relation"]
    assert founded["source"] is None
    assert founded["source_label"] == "the two Koreas (North and South Korea)"
    assert founded["label"] == "co-founder"


def test_the_graph_costs_three_queries_a_step(archive, anonymous, django_assert_max_num_queries):
    # Resolve the party, the archive version, then flows, roles and relations each step.
    with django_assert_max_num_queries(2 + 3 * 3):
        anonymous.get("/api/v1/graph/?party=kim-jong-un&depth=3")
