"""Each resource's selector decides who sees what, for every surface that reads it.

Hidden records are seen by a permission (Archivists and Editors), never by the staff
flag; the API's shape of a read (``records``) holds exactly the selector's rows; and
records with equal names keep one order (name, then id), so paging never repeats or
skips one.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, User

from core.records import PUBLIC, Record, Visibility
from core.registry import resources
from people.factories import OrganizationFactory, PersonFactory
from sources.models import Citation, Source
from tests.api.conftest import staff_member
from tests.conftest import shared_data
from ventures.factories import PlaceFactory

USERS = ["anonymous", "staff_no_group", "archivist", "editor"]
SEES_HIDDEN = {"archivist", "editor"}


def user_for(name: str, groups):
    if name == "anonymous":
        return AnonymousUser()
    if name == "staff_no_group":
        return User.objects.create_user("staffer", password="pw-long-enough", is_staff=True)
    return staff_member(name, groups[name.capitalize()])


def hide_one(declared) -> int | None:
    """Restrict one row of the resource (for a citation, its source); None for reference data."""
    model = declared.model
    if issubclass(model, Record):
        pk = declared.selector(PUBLIC).values_list("pk", flat=True).first()
        model.objects.filter(pk=pk).update(visibility=Visibility.RESTRICTED)
        return pk
    if model is Citation:
        citation = declared.selector(PUBLIC).first()
        Source.objects.filter(pk=citation.source_id).update(visibility=Visibility.RESTRICTED)
        return citation.pk
    return None


@pytest.mark.parametrize("declared", resources(), ids=lambda r: r.name)
@pytest.mark.parametrize("who", USERS)
def test_a_hidden_record_is_read_only_by_those_with_the_permission(
    archive, review_groups, declared, who
):
    user = user_for(who, review_groups)
    everything = declared.model._base_manager.count()
    hidden = hide_one(declared)
    rows = list(declared.selector(user).values_list("pk", flat=True))
    assert len(rows) == len(set(rows))
    if hidden is None:
        # Reference data (sectors, rates): the same rows for everyone.
        assert len(rows) == everything
        return
    assert (hidden in rows) is (who in SEES_HIDDEN)
    assert len(rows) > 0


@pytest.mark.parametrize("declared", resources(), ids=lambda r: r.name)
@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_the_api_shape_holds_exactly_the_selectors_rows(archive, review_groups, declared, who):
    user = user_for(who, review_groups)
    hide_one(declared)
    selected = list(declared.selector(user).values_list("pk", flat=True))
    assert [record.pk for record in declared.records(user)] == selected


EQUAL = "Zz Same Name"


@shared_data(archive=True)
def equal_names():
    """Records whose names tie, made in an order unlike their ids' to catch a lost tie-break."""
    made = {
        "person": [PersonFactory(name=EQUAL) for _ in range(25)],
        "organization": [OrganizationFactory(name=EQUAL) for _ in range(25)],
        "place": [PlaceFactory(name=EQUAL) for _ in range(25)],
    }
    return {name: sorted(record.pk for record in records) for name, records in made.items()}


@pytest.mark.parametrize("name", ["person", "organization", "place"])
def test_selectors_order_equal_names_by_id(equal_names, name):
    (declared,) = [r for r in resources() if r.name == name]
    tied = [record.pk for record in declared.selector(PUBLIC) if record.name == EQUAL]
    assert tied == equal_names[name]


@pytest.mark.parametrize(
    ("path", "name"),
    [("people", "person"), ("organizations", "organization"), ("places", "place")],
)
@pytest.mark.parametrize("ordering", ["", "name", "-name"])
def test_api_pages_of_equal_names_neither_repeat_nor_skip(
    anonymous, equal_names, path, name, ordering
):
    seen = []
    url = f"/api/v1/{path}/?page_size=7&q=zz+same&ordering={ordering}"
    while url:
        body = anonymous.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == equal_names[name]


@pytest.mark.parametrize(
    ("path", "name"),
    [("people", "person"), ("organisations", "organization"), ("places", "place")],
)
@pytest.mark.parametrize("ordering", ["", "name", "-name"])
def test_site_pages_of_equal_names_neither_repeat_nor_skip(
    client, equal_names, path, name, ordering
):
    """The site pages 20 at a time; 25 equal names span two pages."""
    from people.models import Organization, Person
    from ventures.models import Place

    model = {"person": Person, "organization": Organization, "place": Place}[name]
    slugs = []
    for number in (1, 2):
        # An empty parameter is redirected away by the site; leave it out instead.
        sort = f"&ordering={ordering}" if ordering else ""
        content = client.get(f"/{path}/?q=zz+same{sort}&page={number}")
        assert content.status_code == 200
        slugs += [
            record.slug
            for record in content.context["page"].object_list
            if isinstance(record, model)
        ]
    by_slug = dict(model.objects.filter(name=EQUAL).values_list("slug", "pk"))
    assert [by_slug[slug] for slug in slugs] == equal_names[name]
