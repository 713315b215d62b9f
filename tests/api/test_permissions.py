"""Who may read, write and publish through the API: the admin's groups, the same rules.

Anonymous users and tokens without a group read published public records only; an
Archivist (staff) reads everything and writes, but cannot publish, unpublish, reveal a
restricted record or delete; an Editor may do all of it.
"""

import pytest

from core.records import PublicationState, Visibility
from people.factories import PersonFactory
from people.models import Person

USERS = ["anonymous", "outsider", "archivist", "editor"]


def person(visibility: str, state: str = PublicationState.PUBLISHED) -> Person:
    return PersonFactory(visibility=visibility, publication_state=state)


EXPECTED_READ = {
    ("anonymous", "public"): 200,
    ("outsider", "public"): 200,
    ("archivist", "public"): 200,
    ("editor", "public"): 200,
    ("anonymous", "restricted"): 404,
    ("outsider", "restricted"): 404,
    ("archivist", "restricted"): 200,
    ("editor", "restricted"): 200,
}
EXPECTED_WRITE = {
    "anonymous": 401,
    "outsider": 403,
    # A published record's change waits for an Editor (tests/api/test_reviewed_writes.py).
    "archivist": 202,
    "editor": 200,
}
EXPECTED_PUBLISH = {
    "anonymous": 401,
    "outsider": 403,
    "archivist": 403,
    "editor": 200,
}


@pytest.mark.parametrize("visibility", ["public", "restricted"])
@pytest.mark.parametrize("user", USERS)
def test_read(request, user, visibility):
    client = request.getfixturevalue(user)
    record = person(visibility)
    response = client.get(f"/api/v1/people/{record.pk}/")
    assert response.status_code == EXPECTED_READ[user, visibility]
    listed = {p["id"] for p in client.get("/api/v1/people/").json()["results"]}
    assert (record.pk in listed) == (response.status_code == 200)


@pytest.mark.parametrize("visibility", ["public", "restricted"])
@pytest.mark.parametrize("user", USERS)
def test_write(request, user, visibility):
    client = request.getfixturevalue(user)
    record = person(visibility)
    response = client.patch(
        f"/api/v1/people/{record.pk}/", {"description": "Edited."}, format="json"
    )
    assert response.status_code == EXPECTED_WRITE[user], response.content
    record.refresh_from_db()
    assert (record.description == "Edited.") == (response.status_code == 200)


@pytest.mark.parametrize("visibility", ["public", "restricted"])
@pytest.mark.parametrize("user", USERS)
def test_publish(request, user, visibility):
    client = request.getfixturevalue(user)
    record = person(visibility, PublicationState.DRAFT)
    response = client.patch(
        f"/api/v1/people/{record.pk}/", {"publication_state": "published"}, format="json"
    )
    assert response.status_code == EXPECTED_PUBLISH[user], response.content
    record.refresh_from_db()
    published = record.publication_state == PublicationState.PUBLISHED
    assert published == (response.status_code == 200)


def test_a_refusal_names_the_field_and_the_rule(archivist):
    record = person(Visibility.PUBLIC, PublicationState.DRAFT)
    body = archivist.patch(
        f"/api/v1/people/{record.pk}/", {"publication_state": "published"}, format="json"
    ).json()
    assert "publication_state" in body["errors"]
    assert "Editor" in body["errors"]["publication_state"][0]


def test_an_archivist_creates_drafts_but_not_published_records(archivist):
    new = {"name": "Kim New", "slug": "kim-new"}
    assert archivist.post("/api/v1/people/", new, format="json").status_code == 201
    assert Person.objects.get(slug="kim-new").publication_state == PublicationState.DRAFT
    published = {"name": "Kim Two", "slug": "kim-two", "publication_state": "published"}
    assert archivist.post("/api/v1/people/", published, format="json").status_code == 403
    assert not Person.objects.filter(slug="kim-two").exists()


def test_an_editor_creates_published_records(editor):
    new = {"name": "Kim New", "slug": "kim-new", "publication_state": "published"}
    response = editor.post("/api/v1/people/", new, format="json")
    assert response.status_code == 201
    assert response.headers["Location"] == response.json()["url"]
    assert response.json()["publication_state"] == "published"


def test_an_archivist_may_restrict_but_not_reveal(archivist, editor):
    record = person(Visibility.PUBLIC)
    url = f"/api/v1/people/{record.pk}/"
    assert archivist.patch(url, {"visibility": "restricted"}, format="json").status_code == 200
    assert archivist.patch(url, {"visibility": "public"}, format="json").status_code == 403
    assert editor.patch(url, {"visibility": "public"}, format="json").status_code == 200


@pytest.mark.parametrize(("user", "status"), [("archivist", 403), ("editor", 204)])
def test_only_editors_delete(request, user, status):
    client = request.getfixturevalue(user)
    record = person(Visibility.PUBLIC)
    assert client.delete(f"/api/v1/people/{record.pk}/").status_code == status
    assert Person.objects.filter(pk=record.pk).exists() == (status != 204)


def test_an_unknown_token_is_refused(db, anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = anonymous.get("/api/v1/people/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_token_is_obtained_with_a_password(review_groups, anonymous):
    from django.contrib.auth.models import User

    User.objects.create_user("writer", password="correct horse battery staple")
    response = anonymous.post(
        "/api/v1/auth/token/",
        {"username": "writer", "password": "correct horse battery staple"},
        format="json",
    )
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40
    wrong = anonymous.post(
        "/api/v1/auth/token/", {"username": "writer", "password": "wrong"}, format="json"
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"]
