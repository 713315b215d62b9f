"""What every list takes besides its filters: strict and empty parameters, fields, facets."""

import pytest

from ventures.factories import SectorFactory, VentureFactory


def names_of_errors(response) -> set[str]:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return set(body["errors"])


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/ventures/?secter=software", "secter"),
        ("/api/v1/people/?page=2", "page"),
        ("/api/v1/people/101/?q=kim", "q"),
        ("/api/v1/funding-flows/summary/?cursor=x", "cursor"),
        ("/api/v1/?resources=1", "resources"),
        ("/api/v1/reconcile/?query=kim", "query"),
    ],
)
def test_an_unknown_parameter_is_a_400_naming_it(archive, anonymous, url, parameter):
    assert parameter in names_of_errors(anonymous.get(url))


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/ventures/?kind=",
        "/api/v1/funding-flows/?kind=&usd_min=&currency=&ordering=",
        "/api/v1/people/?cursor=&page_size=&count=&fields=&omit=&_facet=",
        "/api/v1/funding-flows/summary/?group_by=&kind=",
        "/api/v1/sectors/?ordering=",
    ],
)
def test_an_empty_parameter_means_absent(archive, anonymous, url):
    plain = anonymous.get(url.split("?")[0])
    response = anonymous.get(url)
    assert response.status_code == 200, response.content
    assert response.json() == plain.json()


def test_fields_keeps_only_the_named_fields(archive, anonymous):
    rows = anonymous.get("/api/v1/ventures/?fields=id,name").json()["results"]
    assert rows and all(set(row) == {"id", "name"} for row in rows)
    repeated = anonymous.get("/api/v1/ventures/?fields=id&fields=slug").json()["results"]
    assert all(set(row) == {"id", "slug"} for row in repeated)
    detail = anonymous.get("/api/v1/ventures/311/?fields=name").json()
    assert detail == {"id": 311, "name": "Nosotek"}  # the id always comes along


def test_the_id_is_always_returned_and_the_schema_says_which_fields_may_be_left_out(
    archive, anonymous
):
    response = anonymous.get("/api/v1/people/?omit=id,roles")
    assert response.status_code == 400
    assert "always returned" in response.json()["errors"]["omit"][0]
    rows = anonymous.get("/api/v1/people/?fields=name").json()["results"]
    assert rows and all(set(row) == {"id", "name"} for row in rows)
    schema = anonymous.get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    assert schema["Person"]["required"] == ["id"]
    assert "`id` always is" in schema["Person"]["description"]
    assert "name" in schema["PersonSummary"]["required"]  # nested records stay whole


def test_omit_drops_the_named_fields(archive, anonymous):
    full = anonymous.get("/api/v1/people/").json()["results"][0]
    lean = anonymous.get("/api/v1/people/?omit=citations,roles").json()["results"][0]
    assert set(full) - set(lean) == {"citations", "roles"}


def test_an_unknown_field_is_a_400_naming_it(archive, anonymous):
    response = anonymous.get("/api/v1/people/?fields=id,salary&omit=height")
    assert names_of_errors(response) == {"fields", "omit"}
    assert "salary" in response.json()["errors"]["fields"][0]


def test_facets_count_values_over_the_filtered_list(db, anonymous):
    software, food = SectorFactory(slug="software"), SectorFactory(slug="food")
    for _ in range(3):
        VentureFactory(sectors=[software], venture_kind="startup")
    VentureFactory(sectors=[food], venture_kind="startup")
    VentureFactory(sectors=[food], venture_kind="small_business")
    body = anonymous.get("/api/v1/ventures/?_facet=sector&_facet=kind&kind=startup").json()
    sectors = {row["value"]: row["count"] for row in body["facets"]["sector"]["results"]}
    assert sectors == {"software": 3, "food": 1}
    assert body["facets"]["kind"]["results"] == [{"value": "startup", "count": 4}]
    assert body["facets"]["kind"]["truncated"] is False


def test_facets_cost_one_query_each(archive, anonymous, django_assert_max_num_queries):
    plain = anonymous.get("/api/v1/funding-flows/")
    assert plain.status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        anonymous.get("/api/v1/funding-flows/")
    with CaptureQueriesContext(connection) as with_facets:
        anonymous.get("/api/v1/funding-flows/?_facet=kind&_facet=currency&_facet=year")
    # One "more than the bound?" probe, then one grouped count per facet.
    assert len(with_facets) == len(without) + 4


def test_an_unknown_facet_is_a_400_naming_the_choices(archive, anonymous):
    response = anonymous.get("/api/v1/people/?_facet=salary")
    assert names_of_errors(response) == {"_facet"}
    assert "origin_country" in response.json()["errors"]["_facet"][0]


def test_the_api_root_lists_every_resource(archive, anonymous):
    response = anonymous.get("/api/v1/")
    assert response.status_code == 200
    resources = response.json()["resources"]
    for name in ("people", "ventures", "funding-flows", "reconcile", "changes", "schema"):
        assert resources[name].startswith("http://testserver/api/v1/")
        assert anonymous.get(resources[name]).status_code == 200
