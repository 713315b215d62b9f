"""Who sees hidden records is a permission (``people.view_hidden_record``), not the staff
flag: Archivists, Editors and superusers see drafts, restricted records and full texts;
anonymous visitors, token users without a group and staff accounts without one see
only what the public sees, on every surface of the API and in the admin."""

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from core.records import PublicationState, Visibility, sees_hidden_records
from people.models import Person
from tests.api.conftest import client_for, staff_member

SECRET = "ji-seong-ho"  # person 102, restricted below
DRAFT = "kim-jong-un"  # made a draft below
ROLES = ["anonymous", "token_no_group", "staff_no_group", "archivist", "editor", "superuser"]
SEES_HIDDEN = {"archivist", "editor", "superuser"}


def user_for(role: str, groups) -> User | None:
    if role == "anonymous":
        return None
    if role == "token_no_group":
        return User.objects.create_user("reader", password="a long enough password")
    if role == "staff_no_group":
        return User.objects.create_user("staffer", password="pw-long-enough", is_staff=True)
    if role == "superuser":
        return User.objects.create_superuser("root", password="a long enough password")
    return staff_member(role, groups[role.capitalize()])


@pytest.fixture
def hidden(archive):
    Person.objects.filter(slug=SECRET).update(visibility=Visibility.RESTRICTED)
    Person.objects.filter(slug=DRAFT).update(publication_state=PublicationState.DRAFT)
    return {slug: Person.objects.get(slug=slug) for slug in (SECRET, DRAFT)}


@pytest.fixture(params=ROLES)
def role(request, review_groups, hidden):
    user = user_for(request.param, review_groups)
    return request.param, user, client_for(user)


def test_the_rule_is_the_permission(role):
    name, user, _ = role
    assert sees_hidden_records(user) is (name in SEES_HIDDEN)


def test_lists_and_details(role, hidden):
    name, _, client = role
    listed = {p["slug"] for p in client.get("/api/v1/people/?page_size=500").json()["results"]}
    for slug, person in hidden.items():
        detail = client.get(f"/api/v1/people/{person.pk}/")
        if name in SEES_HIDDEN:
            assert slug in listed
            assert detail.status_code == 200
        else:
            assert slug not in listed
            assert detail.status_code == 404


def test_graph(role, hidden):
    name, _, client = role
    # Ji Seong-ho heads NAUH: the organisation's network shows him only to those who
    # may see him.
    response = client.get("/api/v1/graph/?party=now-action-and-unity-for-human-rights")
    assert response.status_code == 200
    ids = {node["id"] for node in response.json()["nodes"]}
    assert any(str(hidden[SECRET].pk) in str(node) for node in ids) is (name in SEES_HIDDEN)


def test_graph_of_a_hidden_party(role, hidden):
    name, _, client = role
    response = client.get(f"/api/v1/graph/?party={hidden[SECRET].pk}")
    assert response.status_code == (200 if name in SEES_HIDDEN else 400)


def feed_of(client) -> list[tuple[str, int, str]]:
    events, url = [], "/api/v1/changes/?page_size=500"
    while url:
        body = client.get(url).json()
        events += [(e["resource"], e["id"], e["action"]) for e in body["results"]]
        url = body["next"]
    return events


def test_changes_feed(role, hidden):
    """The feed is the public archive's, whoever reads it: an edit of a restricted record
    is in no one's feed (staff see drafts in the admin and through the API's lists)."""
    _, _, client = role
    person = Person.objects.get(slug=SECRET)
    person.description = "Edited while restricted."
    person.save()
    events = feed_of(client)
    assert ("person", person.pk, "upsert") not in events
    assert events == feed_of(Client())


def test_exports_are_public_for_everyone(role, hidden):
    _, _, client = role
    dump = b"".join(client.get("/api/v1/exports/archive.jsonl").streaming_content).decode()
    slugs = {json.loads(line).get("slug") for line in dump.splitlines() if line}
    assert SECRET not in slugs
    assert DRAFT not in slugs
    assert '"full_text"' not in dump
    ftm = b"".join(client.get("/api/v1/exports/ftm.json").streaming_content).decode()
    assert f"nkfa-person-{hidden[SECRET].pk}" not in ftm


def test_full_text(role):
    name, _, client = role
    detail = client.get("/api/v1/sources/1/").json()
    listed = client.get("/api/v1/sources/?format=csv").content.decode()
    assert ("full_text" in detail) is (name in SEES_HIDDEN)
    assert ("full_text" in listed) is (name in SEES_HIDDEN)


# The admin -----------------------------------------------------------------------


def admin_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_admin(role, hidden):
    name, user, _ = role
    client = admin_client(user)
    response = client.get("/admin/people/person/?q=")
    if name in SEES_HIDDEN:
        listed = {p.slug for p in response.context["cl"].result_list}
        assert {SECRET, DRAFT} <= listed
        page = client.get(f"/admin/people/person/{hidden[SECRET].pk}/change/")
        assert page.status_code == 200
    elif name == "staff_no_group":
        assert response.status_code == 403
    else:
        assert response.status_code == 302  # to the login page


def test_model_permissions_alone_do_not_reveal_hidden_records_in_the_admin(hidden):
    viewer = User.objects.create_user("viewer", password="pw-long-enough", is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_person", "view_source", "view_partyalias"])
    )
    client = admin_client(viewer)
    listed = {p.slug for p in client.get("/admin/people/person/").context["cl"].result_list}
    assert SECRET not in listed
    assert DRAFT not in listed
    assert "ji-seong-ho" not in client.get("/admin/people/partyalias/").content.decode().lower()
    page = client.get(f"/admin/people/person/{hidden[SECRET].pk}/change/", follow=True)
    assert "doesn’t exist" in page.content.decode()
    source = client.get("/admin/sources/source/1/change/").content.decode()
    assert 'name="full_text"' not in source
    assert "full_text" not in str(
        client.get("/admin/sources/source/1/change/").context["adminform"].form.fields
    )
