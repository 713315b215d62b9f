"""A list page is exactly what the read serializer makes of its rows, for every resource.

Lists represent their page through a plan of the read serializer
(``core.api_lists.lean_representation``) instead of DRF's per-row ``serializer.data``.
Each list here is fetched both ways, for the public and for an Editor (who sees drafts,
restricted records and a source's text), with ``fields=``/``omit=``, as CSV and on its
next page, and the two responses must be the same bytes with the same ETag: on the
archive of the five articles, and on a synthetic archive around it.
"""

import re
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive import synthetic
from core import api, api_lists
from core.registry import resources
from people.models import Organization
from ventures.models import Place, Venture


def full_representation(serializer, key=None):
    return serializer.data


def without_cursors(content: bytes) -> bytes:
    # A cursor is signed with the time it was made: two requests a second apart differ.
    return re.sub(rb"cursor=[^&\"]*", b"cursor=", content)


def both_ways(client, monkeypatch, url: str):
    cache.clear()  # the anonymous rate limit: this test makes a few hundred requests
    lean = client.get(url)
    with monkeypatch.context() as patched:
        patched.setattr(api, "lean_representation", full_representation)
        full = client.get(url)
    assert lean.status_code == full.status_code == 200, (url, lean.content[:300])
    assert without_cursors(lean.content) == without_cursors(full.content), url
    assert lean["ETag"] == full["ETag"], url
    return lean


def compare_every_list(client, monkeypatch) -> int:
    """Every resource's list, compared both ways; how many records were compared."""
    compared = 0
    for declared in resources():
        url = f"/api/v1/{declared.path}/"
        body = both_ways(client, monkeypatch, f"{url}?page_size=100").json()
        rows = body["results"]
        assert rows, url
        compared += len(rows)
        names = list(rows[0])
        both_ways(client, monkeypatch, f"{url}?fields={','.join(names[1:4])}")
        both_ways(client, monkeypatch, f"{url}?omit={','.join(names[2:6])}")
        both_ways(client, monkeypatch, f"{url}?format=csv&page_size=100")
        following = both_ways(client, monkeypatch, f"{url}?page_size=3").json()["next"]
        if following:
            both_ways(client, monkeypatch, following)
    return compared


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_lists_equal_the_read_serializer_on_the_archive(request, monkeypatch, archive, who):
    client = request.getfixturevalue(who)
    assert compare_every_list(client, monkeypatch) > 100


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_lists_equal_the_read_serializer_on_synthetic_data(request, monkeypatch, archive, who):
    synthetic.generate(ventures=60, flows=300, seed=7)
    client = request.getfixturevalue(who)
    assert compare_every_list(client, monkeypatch) > 500


def test_a_hidden_place_or_operator_is_null_on_a_list_as_on_the_record(
    anonymous, editor, monkeypatch, archive
):
    venture = Venture.objects.public().order_by("name", "pk").first()
    place = Place.objects.public().first()
    operator = Organization.objects.public().first()
    Venture.objects.filter(pk=venture.pk).update(place=place, operated_by=operator)
    Place.objects.filter(pk=place.pk).update(visibility="restricted")
    Organization.objects.filter(pk=operator.pk).update(publication_state="draft")

    def listed(client) -> dict:
        rows = both_ways(client, monkeypatch, "/api/v1/ventures/?page_size=500").json()["results"]
        return next(row for row in rows if row["id"] == venture.pk)

    public = listed(anonymous)
    assert (public["place"], public["operated_by"]) == (None, None)
    staff = listed(editor)
    assert (staff["place"]["id"], staff["operated_by"]["id"]) == (place.pk, operator.pk)


def test_record_urls_are_those_django_reverses(rf, settings):
    settings.ALLOWED_HOSTS = ["archive.example.org"]
    request = rf.get("/api/v1/", HTTP_HOST="archive.example.org")
    for declared in resources():
        for pk in (1, 42, 10**17):
            expected = request.build_absolute_uri(
                reverse(f"api:{declared.name}-detail", kwargs={"pk": pk})
            )
            assert api.detail_url(request, declared.name, pk) == expected
            assert api.detail_url(None, declared.name, pk) == expected.removeprefix(
                "http://archive.example.org"
            )
        listing = reverse(f"api:{declared.name}-list")
        assert api.absolute_url(
            request, f"api:{declared.name}-list", {"q": "Kim Ŏ & co"}
        ) == request.build_absolute_uri(f"{listing}?{urlencode({'q': 'Kim Ŏ & co'})}")


def test_a_kept_plan_serves_each_reader_its_own_fields_and_keeps_no_request(
    anonymous, editor, monkeypatch, archive
):
    # Plans are kept per reader and field choice: a source's text is staff-only, so the
    # public and an Editor, alternating, each get their own plan (and the same bytes
    # as the read serializer); none keeps a request or a page after its response.
    api_lists._plans.__dict__.clear()
    for client, sees_text in ((anonymous, False), (editor, True)) * 2:
        for url in ("/api/v1/sources/", "/api/v1/sources/?omit=slug,title"):
            rows = both_ways(client, monkeypatch, url).json()["results"]
            assert rows and all(("full_text" in row) is sees_text for row in rows), url
    plans = api_lists._plans.plans
    assert len(plans) == 4
    for root, _ in plans.values():
        assert root._context == {} and root.instance is None


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_a_field_asked_for_alone_is_what_the_whole_record_shows_and_loads_no_more(
    request, django_assert_max_num_queries, archive, who
):
    # ``fields=`` leaves out the prefetches only the fields left out read (roles,
    # citations, aliases...): each field alone must still show what the whole record
    # shows, on every resource, in no more queries than the whole record takes.
    synthetic.generate(ventures=30, flows=120, seed=11)
    client = request.getfixturevalue(who)
    for declared in resources():
        url = f"/api/v1/{declared.path}/?page_size=100"
        cache.clear()
        with CaptureQueriesContext(connection) as whole_queries:
            whole = client.get(url).json()["results"]
        for name in whole[0]:
            with django_assert_max_num_queries(len(whole_queries)):
                alone = client.get(f"{url}&fields={name}").json()["results"]
            assert alone == [{"id": row["id"], name: row[name]} for row in whole], (url, name)


def test_ventures_asked_for_by_name_load_no_roles_citations_or_sectors(anonymous, archive):
    url = "/api/v1/ventures/?page_size=100"
    with CaptureQueriesContext(connection) as whole:
        anonymous.get(url)
    with CaptureQueriesContext(connection) as named:
        rows = anonymous.get(f"{url}&fields=id,name").json()["results"]
    assert rows and all(set(row) == {"id", "name"} for row in rows)
    tables = ("people_role", "sources_citation", "ventures_sector", "people_partyalias")
    assert all(table in " ".join(q["sql"] for q in whole.captured_queries) for table in tables)
    assert not any(table in query["sql"] for query in named.captured_queries for table in tables)
    assert len(named) == len(whole) - len(tables)


def test_a_list_keeps_the_nested_lists_its_plan_reads_as_plain_lists(archive):
    # Django keeps a prefetched relation as a queryset per record, built through a
    # related manager for each row; a list's plan reads sectors and aliases (a flow's
    # conversions and goods) as plain lists instead. Roles and citations keep their own
    # ``to_attr``; a place's aliases, which its serializer reads another way, stay as
    # Django keeps them.
    from core.records import PUBLIC
    from ventures.selectors import flow_records, place_records, venture_records
    from ventures.serializers import FundingFlowSerializer, PlaceSerializer, VentureSerializer

    for records, serializer_class, plain in (
        (venture_records, VentureSerializer, {"sectors", "aliases"}),
        (flow_records, FundingFlowSerializer, {"conversions", "goods"}),
        (place_records, PlaceSerializer, set()),
    ):
        names = api_lists.plain_lists(serializer_class(many=True))
        assert names >= plain
        rows = list(api_lists.as_plain_lists(records(PUBLIC), names)[:30])
        assert rows
        for row in rows:
            cached = getattr(row, "_prefetched_objects_cache", {})
            for name in plain:
                assert isinstance(row.__dict__[api_lists.LISTED + name], list)
                assert name not in cached
            if not plain:
                assert not any(key.startswith(api_lists.LISTED) for key in row.__dict__)


def selected_columns(sql: str) -> str:
    """The select list of a query: what it reads, not what it filters on."""
    return sql.split(" FROM ", 1)[0]


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_lists_and_the_dump_read_no_stored_search_column(request, archive, who):
    # A party's folded names and tsvector are most of its row; no list or export shows
    # them, so none loads them, for its own rows or the records it joins or prefetches.
    # Searching still works: ``q`` filters on the columns the rows do not load.
    client = request.getfixturevalue(who)
    urls = [f"/api/v1/{declared.path}/?page_size=100" for declared in resources()]
    urls.append("/api/v1/exports/archive.jsonl")
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, url
        assert body, url
        read = [selected_columns(query["sql"]) for query in queries.captured_queries]
        assert not any("search_text" in sql or "search_vector" in sql for sql in read), url
    found = client.get("/api/v1/ventures/?q=kaesong&fields=name").json()["results"]
    assert found and all("Kaeseong" in row["name"] for row in found)


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_a_list_without_a_joined_field_neither_joins_it_nor_reads_its_bookkeeping(
    request, archive, who
):
    # ``fields=`` leaves out the declared join only an omitted field reads (a venture's
    # operator: its LEFT JOIN and its visibility subquery) and the bookkeeping columns
    # only omitted fields of the same name show; the rows are what the whole records say.
    client = request.getfixturevalue(who)
    venture = Venture.objects.public().order_by("name", "pk").first()
    operator = Organization.objects.public().first()
    Venture.objects.filter(pk=venture.pk).update(operated_by=operator)
    url = "/api/v1/ventures/?page_size=100"
    whole = {row["id"]: row for row in client.get(url).json()["results"]}
    assert whole[venture.pk]["operated_by"]["id"] == operator.pk
    for fields, joined in (("id,name,place", False), ("id,name,operated_by", True)):
        with CaptureQueriesContext(connection) as queries:
            rows = client.get(f"{url}&fields={fields}").json()["results"]
        shown = fields.split(",")
        assert rows == [{name: row[name] for name in shown} for row in whole.values()]
        listed = next(q["sql"] for q in queries.captured_queries if "ventures_venture" in q["sql"])
        assert ("visible_operator_shown" in listed) is joined, fields
        columns = selected_columns(listed)
        assert '"people_party"."updated_at"' not in columns, fields
        assert '"people_party"."publication_state"' not in columns, fields
    # Asked for, they are read and shown.
    kept = client.get(f"{url}&fields=id,updated_at,publication_state").json()["results"]
    assert kept == [
        {name: row[name] for name in ("id", "updated_at", "publication_state")}
        for row in whole.values()
    ]


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_a_list_reads_no_timestamps_of_the_records_it_names_but_does_not_show(
    request, archive, who
):
    # A flow names its funder and recipient and lists its conversions, goods and
    # citations (with their sources); no nested serializer shows their timestamps or
    # version, so no row of theirs loads them, and none is fetched later, row by row.
    client = request.getfixturevalue(who)
    related = ("people_party", "ventures_statedconversion", "ventures_goodsitem")
    related += ("sources_citation", "sources_source")
    counts = {}
    for size in (1, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/funding-flows/?page_size={size}")
        assert response.status_code == 200
        counts[size] = len(queries.captured_queries)
        read = [selected_columns(query["sql"]) for query in queries.captured_queries]
        for table in related:
            for column in ("created_at", "updated_at", "version"):
                assert not any(f'"{table}"."{column}"' in sql for sql in read), (table, column)
    assert counts[1] == counts[100]
    rows = response.json()["results"]
    assert any(row["conversions"] for row in rows) and any(row["goods"] for row in rows)
    assert any(row["citations"] for row in rows) and all(row["created_at"] for row in rows)
