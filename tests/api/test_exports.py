"""Formats: CSV for every list, the JSON Lines dump, and FollowTheMoney entities that the
``followthemoney`` library reads back and validates."""

import csv
import io
import json
from decimal import Decimal

import pytest
from followthemoney import model

from people.factories import OrganizationFactory, PartyRelationFactory
from people.models import OrganizationKind, PartyRelation, Person, RelationKind
from sources.models import Source
from ventures.models import FundingFlow

LISTS = [
    "people",
    "organizations",
    "ventures",
    "roles",
    "funding-flows",
    "places",
    "sectors",
    "exchange-rates",
    "sources",
    "citations",
]


def lines(response) -> list[dict]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("resource", LISTS)
def test_every_list_comes_as_csv_with_the_same_rows(archive, anonymous, resource):
    as_json = anonymous.get(f"/api/v1/{resource}/?page_size=500").json()["results"]
    response = anonymous.get(f"/api/v1/{resource}/?page_size=500&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [int(row["id"]) for row in rows] == [record["id"] for record in as_json]


def test_csv_honours_the_filters_and_flattens_summaries(archive, anonymous):
    response = anonymous.get("/api/v1/funding-flows/?recipient=chongryon&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["recipient.name"] for row in rows} == {"Chongryon"}
    assert {row["funder.name"] for row in rows} == {"Kim Jong Un", "Government of North Korea"}
    assert json.loads(rows[0]["citations"])[0]["quote"]


def test_csv_cells_never_start_a_spreadsheet_formula(db, anonymous):
    from people.factories import PersonFactory

    PersonFactory(name="=HYPERLINK(1)", description="@SUM(A1)")
    row = next(csv.DictReader(io.StringIO(anonymous.get("/api/v1/people/?format=csv").text)))
    assert row["name"] == "'=HYPERLINK(1)"
    assert row["description"] == "'@SUM(A1)"


def test_the_dump_holds_every_public_record_as_the_api_shows_it(archive, anonymous):
    records = lines(anonymous.get("/api/v1/exports/archive.jsonl"))
    meta, rest = records[0], records[1:]
    assert meta["type"] == "meta" and meta["taken_at"]
    by_type = {}
    for record in rest:
        by_type.setdefault(record["type"], []).append(record)
    assert len(by_type["person"]) == Person.objects.public().count()
    assert len(by_type["funding-flow"]) == FundingFlow.objects.public().count()
    assert len(by_type["source"]) == Source.objects.public().count()
    flow = next(r for r in by_type["funding-flow"] if r["id"] == 11)
    assert flow["data"] == anonymous.get("/api/v1/funding-flows/11/").json()
    response = anonymous.get("/api/v1/exports/archive.jsonl")
    assert response["Content-Type"] == "application/x-ndjson"
    assert "attachment" in response["Content-Disposition"]


def test_the_dump_costs_a_bounded_number_of_queries(archive, anonymous):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        lines(anonymous.get("/api/v1/exports/archive.jsonl"))
    # Ten resources, each a few chunked reads with their prefetches: not one per row.
    assert len(captured) < 120


def ftm_entities(client) -> list[dict]:
    return lines(client.get("/api/v1/exports/ftm.json"))


def test_followthemoney_reads_back_and_validates_every_entity(archive, anonymous):
    entities = ftm_entities(anonymous)
    ids = {entity["id"] for entity in entities}
    assert len(ids) == len(entities)
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)  # re-cleans every value
        schema = proxy.schema
        assert schema.name == data["schema"]
        assert not schema.abstract
        unknown = set(data["properties"]) - set(schema.properties)
        assert not unknown, (data["id"], unknown)
        # Values the library would drop or change on cleaning were not valid.
        cleaned = proxy.to_dict()["properties"]
        for name, values in data["properties"].items():
            assert sorted(cleaned.get(name, [])) == sorted(values), (data["id"], name)
        schema.validate(data)
        for name in schema.required:
            assert data["properties"].get(name), (data["id"], name)
        # Every entity another points at is in the export.
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in ids, (data["id"], prop.name, value)


def test_followthemoney_export_maps_each_kind_of_record(archive, anonymous):
    entities = ftm_entities(anonymous)
    by_id = {entity["id"]: entity for entity in entities}
    schemata = {entity["schema"] for entity in entities}
    assert {"Article", "Person", "Organization", "Company", "Payment", "Documentation"} <= schemata
    assert {"Membership", "Directorship"} & schemata
    grant = by_id["nkfa-flow-11"]
    assert grant["schema"] == "Payment"
    assert grant["properties"]["payer"] == ["nkfa-organization-208"]
    assert grant["properties"]["beneficiary"] == ["nkfa-organization-210"]
    assert grant["properties"]["currency"] == ["JPY"]
    assert grant["properties"]["proof"] == ["nkfa-article-3"]  # an article with no publisher
    assert by_id["nkfa-flow-1"]["properties"]["publisher"] == ["The Straits Times"]
    assert by_id["nkfa-person-102"]["properties"]["proof"]


def test_an_unnamed_end_becomes_an_entity_of_its_own(archive, anonymous):
    flow = FundingFlow.objects.public().filter(funder__isnull=True).first()
    by_id = {entity["id"]: entity for entity in ftm_entities(anonymous)}
    payer = by_id[f"nkfa-flow-{flow.pk}"]["properties"]["payer"][0]
    assert by_id[payer]["properties"]["name"] == [flow.funder_description]


def test_followthemoney_payments_carry_ranged_and_open_ended_amounts(archive, anonymous):
    by_id = {entity["id"]: entity for entity in ftm_entities(anonymous)}
    for flow in FundingFlow.objects.public().prefetch_related("citations"):
        payment = by_id[f"nkfa-flow-{flow.pk}"]["properties"]
        stated = {v for v in (flow.amount_low, flow.amount_high) if v is not None}
        assert {Decimal(v) for v in payment.get("amount", [])} == stated, flow.pk
        in_usd = {v for v in (flow.usd_low, flow.usd_high) if v is not None}
        assert {Decimal(v) for v in payment.get("amountUsd", [])} == in_usd, flow.pk
        # Provenance: the articles as proof, each quote in the description.
        for citation in flow.citations.all():
            if citation.source.is_public:
                assert f"nkfa-article-{citation.source_id}" in payment["proof"]
                assert citation.quote in payment["description"]


def test_followthemoney_links_each_public_relation_between_parties(archive, anonymous):
    by_id = {entity["id"]: entity for entity in ftm_entities(anonymous)}
    relations = PartyRelation.objects.public().select_related("party", "related")
    assert relations
    for relation in relations.prefetch_related("citations__source"):
        link = by_id[f"nkfa-relation-{relation.pk}"]
        assert link["schema"] == "UnknownLink"  # no fixture relation is a company's parent
        properties = link["properties"]
        assert properties["object"] == [f"nkfa-{relation.party.kind}-{relation.party_id}"]
        (subject,) = properties["subject"]
        if relation.related_id:
            assert subject == f"nkfa-{relation.related.kind}-{relation.related_id}"
        else:
            # "the two Koreas": the article names no party, so an entity of its own.
            assert by_id[subject]["schema"] == "LegalEntity"
            assert by_id[subject]["properties"]["name"] == [relation.related_description]
        assert properties["role"] == [relation.related_role]
        assert properties["summary"] == [relation.as_stated]
        for citation in relation.citations.all():
            if citation.source.is_public:
                assert f"nkfa-article-{citation.source_id}" in properties["proof"]
                assert citation.quote in properties["description"]
    founded = relations.get(kind=RelationKind.CO_FOUNDER)
    assert by_id[f"nkfa-relation-{founded.pk}"]["properties"]["startDate"] == ["2010"]


def test_a_parent_organisation_owns_a_company_and_is_linked_to_anything_else(db, anonymous):
    parent = OrganizationFactory(name="Hyundai Group", org_kind=OrganizationKind.COMPANY)
    company = OrganizationFactory(name="Hyundai Asan", org_kind=OrganizationKind.COMPANY)
    agency = OrganizationFactory(name="A Ministry", org_kind=OrganizationKind.STATE_AGENCY)
    owned = PartyRelationFactory(party=company, related=parent, kind=RelationKind.PARENT)
    linked = PartyRelationFactory(party=agency, related=parent, kind=RelationKind.PARENT)
    hidden = PartyRelationFactory(
        party=company, related=agency, kind=RelationKind.BACKER, visibility="restricted"
    )
    by_id = {entity["id"]: entity for entity in ftm_entities(anonymous)}
    ownership = by_id[f"nkfa-relation-{owned.pk}"]
    assert ownership["schema"] == "Ownership"
    assert ownership["properties"]["owner"] == [f"nkfa-organization-{parent.pk}"]
    assert ownership["properties"]["asset"] == [f"nkfa-organization-{company.pk}"]
    assert ownership["properties"]["role"] == ["parent organisation"]
    assert by_id[f"nkfa-relation-{linked.pk}"]["schema"] == "UnknownLink"
    assert f"nkfa-relation-{hidden.pk}" not in by_id
    for entity in by_id.values():
        model.get_proxy(entity)  # each reads back as valid FtM
