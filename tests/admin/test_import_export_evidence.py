"""A flow's CSV carries its goods and its citations, out and back in."""

import json

from people.factories import OrganizationFactory
from sources.factories import QUOTE, SourceFactory
from tests.admin.test_import_export import confirm, export, upload
from ventures.factories import FundingFlowFactory, GoodsItemFactory
from ventures.models import FundingFlow

HEADER = (
    "funder,recipient,kind,amount_qualifier,currency,publication_state,visibility,goods,citations\n"
)


def csv_cell(value) -> str:
    return '"' + json.dumps(value, ensure_ascii=False).replace('"', '""') + '"'


def test_the_flow_export_carries_goods_and_citations(editor_client):
    flow = FundingFlowFactory(
        amount_qualifier="unknown", amount_low=None, amount_high=None, currency=""
    )
    GoodsItemFactory(
        flow=flow,
        item="LED desk lamps",
        quantity_qualifier="at_least",
        quantity_low=3000,
        quantity_high=None,
    )
    source = SourceFactory(slug="seed-article")
    flow.citations.create(source=source, quote=QUOTE)

    text = export(editor_client, FundingFlow, "json").content
    [row] = json.loads(text)

    assert json.loads(row["goods"])[0]["item"] == "LED desk lamps"
    assert json.loads(row["citations"]) == [{"source": "seed-article", "quote": QUOTE}]


def test_an_import_adds_a_flow_with_its_goods_and_citations(editor_client):
    OrganizationFactory(slug="the-bridge")
    OrganizationFactory(slug="the-school")
    SourceFactory(slug="seed-article")
    goods = [{"item": "LED desk lamps", "quantity_qualifier": "at_least", "quantity_low": 3000}]
    citations = [{"source": "seed-article", "quote": QUOTE}]
    csv = HEADER + (
        f"the-bridge,the-school,in_kind,unknown,,draft,public,{csv_cell(goods)},"
        f"{csv_cell(citations)}\n"
    )

    confirm(editor_client, FundingFlow, upload(editor_client, FundingFlow, csv))

    flow = FundingFlow.objects.get()
    assert [(g.item, g.quantity_low) for g in flow.goods.all()] == [("LED desk lamps", 3000)]
    assert [(c.source.slug, c.quote) for c in flow.citations.all()] == [("seed-article", QUOTE)]


def test_a_quote_not_in_its_source_is_a_row_error(editor_client):
    OrganizationFactory(slug="the-bridge")
    OrganizationFactory(slug="the-school")
    SourceFactory(slug="seed-article")
    citations = [{"source": "seed-article", "quote": "Words the article never says."}]
    csv = (
        HEADER + f"the-bridge,the-school,donation,unknown,,draft,public,[],{csv_cell(citations)}\n"
    )

    preview = upload(editor_client, FundingFlow, csv)

    [invalid] = preview.context["result"].invalid_rows
    assert "is not in" in " ".join(invalid.error_dict["citations"])
    assert not FundingFlow.objects.exists()


def test_goods_the_archive_cannot_hold_are_a_row_error(editor_client):
    OrganizationFactory(slug="the-bridge")
    OrganizationFactory(slug="the-school")
    goods = [{"item": "lamps", "quantity_qualifier": "at_least", "quantity_high": 3000}]
    csv = HEADER + f"the-bridge,the-school,in_kind,unknown,,draft,public,{csv_cell(goods)},\n"

    preview = upload(editor_client, FundingFlow, csv)

    [invalid] = preview.context["result"].invalid_rows
    assert "“more than” only a low bound" in " ".join(invalid.error_dict["goods"])


def test_reimporting_an_exported_flow_with_evidence_changes_nothing(editor_client):
    flow = FundingFlowFactory(
        amount_qualifier="unknown", amount_low=None, amount_high=None, currency=""
    )
    GoodsItemFactory(flow=flow, item="Sewing machines")
    flow.citations.create(source=SourceFactory(slug="seed-article"), quote=QUOTE)
    csv = export(editor_client, FundingFlow, "csv").content.decode()

    preview = upload(editor_client, FundingFlow, csv)

    assert [row.import_type for row in preview.context["result"].rows] == ["skip"]
