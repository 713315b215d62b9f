"""The exports' fast row assembly says exactly what the slow, obvious reading says.

The JSON Lines dump compiles each read serializer once (``archive.exports``) and the FtM
export reads citations as plain rows a batch at a time (``archive.ftm``). Both are held
here to the API's own per-record serializer and to the ORM's relations, on the real
archive and on a small synthetic one (draft and restricted records, vague amounts,
unnamed ends, many citations per record).
"""

import json

import pytest
from django.core.management import call_command
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from archive import ftm
from core.records import PUBLIC, Visibility
from core.registry import resources
from people.models import Person, Role
from sources.models import Source
from ventures.models import FundingFlow


@pytest.fixture(params=["articles", "articles and synthetic"])
def archives(request, archive):
    if request.param == "articles and synthetic":
        call_command("generate_synthetic", "--ventures", "15", "--flows", "40", verbosity=0)
    return request.param


def dump(client) -> list[dict]:
    response = client.get("/api/v1/exports/archive.jsonl")
    assert response.status_code == 200
    return [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]


def test_every_dump_line_is_the_api_serializers_own_representation(archives, anonymous):
    request = Request(APIRequestFactory().get("/api/v1/exports/archive.jsonl"))
    records = dump(anonymous)[1:]
    for resource in resources():
        lines = [line for line in records if line["type"] == resource.name]
        public = resource.records(PUBLIC).order_by("pk")
        assert [line["id"] for line in lines] == [record.pk for record in public]
        for line, record in zip(lines, public, strict=True):
            expected = resource.read_serializer(record, context={"request": request}).data
            # Compared as JSON text: the same keys in the same order, the same values.
            assert json.dumps(line["data"]) == json.dumps(json.loads(json.dumps(expected))), (
                resource.name,
                record.pk,
            )
    assert {line["type"] for line in records} <= {resource.name for resource in resources()}


def slow_quotes(record) -> list[ftm.Quote]:
    """What the FtM export used to read: the record's citations from public sources."""
    return [
        ftm.Quote(
            citation.pk,
            citation.quote,
            citation.source_id,
            citation.source.url,
            citation.source.publisher.name
            if citation.source.publisher is not None and citation.source.publisher.is_public
            else None,
        )
        for citation in record.citations.filter(source__in=Source.objects.public())
    ]


@pytest.mark.parametrize(
    ("model", "owner"),
    [(Person, "party"), (FundingFlow, "flow"), (Role, "role")],
)
def test_ftm_evidence_is_each_records_public_citations_in_order(archives, model, owner):
    records = list(model.objects.order_by("pk"))
    assert records
    quotes = ftm.public_quotes(owner, [record.pk for record in records])
    cited = 0
    for record in records:
        assert quotes.get(record.pk, []) == slow_quotes(record), record.pk
        cited += bool(quotes.get(record.pk))
    assert cited


def test_ftm_evidence_leaves_out_quotes_from_sources_that_are_not_public(archive):
    source = Source.objects.filter(citations__flow__isnull=False).first()
    flows = list(FundingFlow.objects.filter(citations__source=source).values_list("pk", flat=True))
    before = ftm.public_quotes("flow", flows)
    assert any(quote.source_id == source.pk for rows in before.values() for quote in rows)
    Source.objects.filter(pk=source.pk).update(visibility=Visibility.RESTRICTED)
    after = ftm.public_quotes("flow", flows)
    assert not any(quote.source_id == source.pk for rows in after.values() for quote in rows)


def test_ftm_batches_cover_every_row_once_in_key_order(archive):
    rows = [row.pk for batch in ftm.batches(Source.objects.all(), size=2) for row in batch]
    assert rows == sorted(Source.objects.values_list("pk", flat=True))
    assert len(rows) > 2
