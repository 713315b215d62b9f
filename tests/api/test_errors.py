"""Every bad input is a 400 whose JSON body names the parameter and the reason."""

import pytest

BAD_QUERIES = [
    ("/api/v1/ventures/?kind=spaceship", "kind"),
    ("/api/v1/ventures/?sector=no-such-sector", "sector"),
    ("/api/v1/ventures/?founded_from=year", "founded_from"),
    ("/api/v1/ventures/?founded_from=1066", "founded_from"),
    ("/api/v1/ventures/?has_funding=maybe", "has_funding"),
    ("/api/v1/people/?updated_since=2026-13-45", "updated_since"),
    ("/api/v1/people/?updated_since=yesterday", "updated_since"),
    ("/api/v1/people/?country=XX", "country"),
    ("/api/v1/people/?page=-1", "page"),
    ("/api/v1/people/?page=0", "page"),
    ("/api/v1/people/?page=two", "page"),
    ("/api/v1/people/?page_size=1000000", "page_size"),
    ("/api/v1/people/?page_size=0", "page_size"),
    ("/api/v1/people/?page_size=-5", "page_size"),
    ("/api/v1/people/?ordering=bogus", "ordering"),
    ("/api/v1/people/?ordering=search_text", "ordering"),
    ("/api/v1/funding-flows/?currency=DOLLARS", "currency"),
    ("/api/v1/funding-flows/?usd_min=-1", "usd_min"),
    ("/api/v1/funding-flows/?status=rumoured", "status"),
    ("/api/v1/funding-flows/summary/?group_by=colour", "group_by"),
    ("/api/v1/funding-flows/summary/?kind=bribe&group_by=kind", "kind"),
    ("/api/v1/exchange-rates/?source_kind=guess", "source_kind"),
    ("/api/v1/citations/?flow=abc", "flow"),
    ("/api/v1/graph/", "party"),
    ("/api/v1/graph/?party=chongryon&depth=9", "depth"),
    ("/api/v1/graph/?party=chongryon&depth=0", "depth"),
    ("/api/v1/changes/?cursor=not-a-cursor", "cursor"),
    ("/api/v1/changes/?since=last+week", "since"),
    ("/api/v1/changes/?resource=secrets", "resource"),
    ("/api/v1/changes/?page_size=100000", "page_size"),
]

# Numbers past any column or integer type: each is refused by its parameter's form field,
# before it can overflow a database integer or decimal (a 500 on PostgreSQL if it did).
HUGE_NUMBERS = [
    ("/api/v1/citations/?flow=-253087560462246346752", "flow"),
    ("/api/v1/citations/?flow=9223372036854775808", "flow"),
    ("/api/v1/citations/?role=99999999999999999999999", "role"),
    ("/api/v1/ventures/?founded_from=99999999999999999999", "founded_from"),
    ("/api/v1/ventures/?founded_to=-99999999999999999999", "founded_to"),
    ("/api/v1/funding-flows/?usd_min=1e400", "usd_min"),
    ("/api/v1/funding-flows/?usd_min=99999999999999999999999999999", "usd_min"),
    ("/api/v1/funding-flows/?usd_max=1000000000000000001", "usd_max"),
    ("/api/v1/funding-flows/?usd_min=Infinity", "usd_min"),
    ("/api/v1/funding-flows/?usd_max=NaN", "usd_max"),
    ("/api/v1/funding-flows/?year_from=99999999999999999999", "year_from"),
    ("/api/v1/funding-flows/?year_to=-9223372036854775809", "year_to"),
    ("/api/v1/funding-flows/summary/?usd_min=1e400&group_by=kind", "usd_min"),
    ("/api/v1/sources/?year=99999999999999999999", "year"),
    ("/api/v1/exchange-rates/?year=-99999999999999999999", "year"),
    ("/api/v1/people/?page_size=99999999999999999999999", "page_size"),
    ("/api/v1/graph/?party=chongryon&depth=99999999999999999999", "depth"),
]

NUL_BYTES = [
    ("/api/v1/people/?q=%00", "q"),
    ("/api/v1/ventures/?sector=%00", "sector"),
    ("/api/v1/sources/?q=a%00b", "q"),
    ("/api/v1/funding-flows/?funder=%00", "funder"),
    ("/api/v1/graph/?party=%00", "party"),
    ("/api/v1/changes/?cursor=%00", "cursor"),
]


def assert_names(response, parameter: str) -> None:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["detail"]
    assert parameter in body["errors"], body
    assert all(isinstance(reason, str) and reason for reason in body["errors"][parameter])


@pytest.mark.parametrize(("url", "parameter"), BAD_QUERIES)
def test_bad_input_is_a_400_naming_the_parameter(archive, anonymous, url, parameter):
    assert_names(anonymous.get(url), parameter)


@pytest.mark.parametrize(("url", "parameter"), HUGE_NUMBERS)
def test_huge_numbers_are_a_400_naming_the_parameter(archive, anonymous, url, parameter):
    assert_names(anonymous.get(url), parameter)


def test_the_largest_usd_bound_a_flow_can_store_is_accepted(archive, anonymous):
    response = anonymous.get("/api/v1/funding-flows/?usd_max=1000000000000000000&count=true")
    assert response.status_code == 200
    assert response.json()["count"] > 0


@pytest.mark.parametrize(("url", "parameter"), NUL_BYTES)
def test_nul_bytes_are_refused_before_they_reach_the_database(archive, anonymous, url, parameter):
    assert_names(anonymous.get(url), parameter)


def test_an_error_is_json_even_when_csv_was_asked_for(archive, anonymous):
    assert_names(anonymous.get("/api/v1/ventures/?kind=spaceship&format=csv"), "kind")


def test_a_summary_page_past_the_end_is_a_404_naming_the_page(archive, anonymous):
    response = anonymous.get("/api/v1/funding-flows/summary/?group_by=kind&page=99")
    assert response.status_code == 404
    assert "page" in response.json()["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/people/99999/",
        "/api/v1/people/999999999999999999/",
        "/api/v1/people/abc/",
        "/api/v1/people/101/?format=xml",
    ],
)
def test_unknown_records_and_formats_are_404(archive, anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 404
    if response["Content-Type"] == "application/json":
        assert response.json()["detail"]


def test_a_person_is_not_an_organisation(archive, anonymous):
    assert anonymous.get("/api/v1/organizations/101/").status_code == 404


def test_writes_validate_like_the_admin(editor):
    bad = {"name": "", "slug": "not a slug", "kind": "guild"}
    body = editor.post("/api/v1/organizations/", bad, format="json").json()
    assert {"name", "slug", "kind"} <= set(body["errors"])


def test_a_malformed_body_is_a_400(editor):
    response = editor.generic(
        "POST", "/api/v1/people/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "since",
    ["1436-08-19T02:17:43%2B21:05", "0001-01-01T00:00:00%2B05:00", "9999-12-31T23:59:59-05:00"],
)
def test_times_out_of_the_databases_range_are_400s(archive, anonymous, since):
    response = anonymous.get(f"/api/v1/people/?updated_since={since}")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "updated_since" in response.json()["errors"]
    changes = anonymous.get(f"/api/v1/changes/?since={since}")
    assert changes.status_code in (200, 400)


@pytest.mark.parametrize("person", [-253087560462246346752, "99999999999999999999999", "x", True])
def test_an_impossible_id_in_a_body_is_a_400(editor, person):
    role = {"person": person, "organization": 1, "kind": "head", "title": "head"}
    response = editor.post("/api/v1/roles/", role, format="json")
    assert response.status_code == 400
    assert "person" in response.json()["errors"]


def test_a_nul_byte_in_a_body_is_a_400(editor):
    venture = {"name": "N", "slug": "n", "kind": "startup", "sectors": ["a\x00b"]}
    response = editor.post("/api/v1/ventures/", venture, format="json")
    assert response.status_code == 400
    assert "sectors" in response.json()["errors"]
