"""The sources' search by title or section (``sources.filters.SourceFilter.filter_q``):
the site's /sources/ and the API's ``?q=``, read through trigram indexes on PostgreSQL
(``sources/0011``) rather than by reading every public source in the listing's order."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sources.factories import SourceFactory
from sources.models import Source
from tests.plans import plan_of


def found(client, term: str) -> list[str]:
    response = client.get("/api/v1/sources/", {"q": term, "fields": "id,title"})
    assert response.status_code == 200
    return sorted(row["title"] for row in response.json()["results"])


def test_a_search_finds_sources_by_a_part_of_their_title_or_section(client, db):
    SourceFactory(title="Kim opens a noodle shop", section="Business")
    SourceFactory(title="Markets of Sinuiju", section="Kimchi and commerce")
    SourceFactory(title="A bakery in Seoul", section="Culture")
    assert found(client, "KIM") == ["Kim opens a noodle shop", "Markets of Sinuiju"]
    assert found(client, "noodle sh") == ["Kim opens a noodle shop"]
    assert found(client, "pyongyang") == []


def test_the_search_reads_the_title_and_section_trigrams_on_postgresql(admin_client, db, postgres):
    """Asked by a reader who sees every source, so that the only other way to the
    matches is to read every source; a public reader's query may start from the public
    sources' index, which a small archive's plan prefers."""
    SourceFactory(title="Kim opens a noodle shop", section="Business")
    with CaptureQueriesContext(connection) as captured:
        assert found(admin_client, "noodle") == ["Kim opens a noodle shop"]
    table = Source._meta.db_table
    (search,) = [
        query["sql"]
        for query in captured.captured_queries
        if f'FROM "{table}"' in query["sql"] and "LIKE" in query["sql"]
    ]
    assert "publication_state" not in search.split("WHERE", 1)[1]
    # The archive is small: tell the planner that reading every source, in any order, is
    # dear, as it is at scale. A condition no index answers would read them all the same.
    plan = plan_of(search, settings=("enable_seqscan = off", "enable_indexscan = off"))
    assert "sources_source_title_trgm" in plan, plan
    assert "sources_source_section_trgm" in plan, plan
