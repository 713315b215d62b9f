"""What a 304 costs: the feed's newest position, read by index, and nothing else.

The ETag of a list is computed before the list is read (core.api.ConditionalMixin), so a
client that already holds the page costs the server one indexed query: no count, no
page, no prefetch, no facet, and no serializer.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.api import ArchiveViewSet

FILTERED_FLOWS = "/api/v1/funding-flows/?currency=CNY&year_from=2010&year_to=2012"


@pytest.fixture
def no_serializer(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a 304 built a serializer")

    monkeypatch.setattr(ArchiveViewSet, "get_serializer", refuse)


@pytest.mark.parametrize("url", [FILTERED_FLOWS, "/api/v1/ventures/?sector=software&_facet=kind"])
def test_a_304_runs_one_query_on_the_feed_and_no_serializer(archive, anonymous, url, request):
    etag = anonymous.get(url).headers["ETag"]
    request.getfixturevalue("no_serializer")
    with CaptureQueriesContext(connection) as queries:
        response = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert len(queries) == 1
    assert '"core_feedevent"' in queries[0]["sql"]


def test_the_304s_query_reads_the_feed_by_index(archive, anonymous, postgres):
    etag = anonymous.get(FILTERED_FLOWS).headers["ETag"]
    with CaptureQueriesContext(connection) as queries:
        anonymous.get(FILTERED_FLOWS, HTTP_IF_NONE_MATCH=etag)
    with connection.cursor() as cursor:
        # The test archive's feed is small enough to scan; ask whether an index serves.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan
    assert plan.count("Backward") == 2  # each MAX is the last entry of an index
