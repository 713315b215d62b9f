"""Conditional writes: a record's ETag names the version a client read; a PUT, PATCH or
DELETE with an If-Match that no longer matches is refused with 412 and changes nothing.
Writes without If-Match are allowed (as GitHub's and most APIs allow them), and are
still refused (409) if the record changes while they are processed."""

import pytest
from django.contrib.auth.models import User

from core.records import Visibility
from people.factories import PartyAliasFactory, PersonFactory
from people.models import PartyAlias, Person
from tests.api.conftest import client_for, staff_member
from tests.concurrency import another_writer


@pytest.fixture
def second_editor(review_groups):
    return client_for(staff_member("brigitte", review_groups["Editor"]))


def url_of(person) -> str:
    return f"/api/v1/people/{person.pk}/"


def test_a_typo_fix_with_a_stale_etag_does_not_undo_a_restriction(editor, second_editor):
    person = PersonFactory(name="Kim Min-ji")
    etag_a = editor.get(url_of(person))["ETag"]

    etag_b = second_editor.get(url_of(person))["ETag"]
    restricted = second_editor.patch(
        url_of(person), {"visibility": "restricted"}, format="json", HTTP_IF_MATCH=etag_b
    )
    assert restricted.status_code == 200

    response = editor.patch(
        url_of(person), {"name": "Kim Min-jee"}, format="json", HTTP_IF_MATCH=etag_a
    )

    assert response.status_code == 412
    body = response.json()
    assert body["detail"].startswith("This record changed since you read it; nothing was saved.")
    assert "changed by brigitte at" in body["errors"]["If-Match"][0]
    stored = Person.objects.get(pk=person.pk)
    assert (stored.name, stored.visibility) == ("Kim Min-ji", Visibility.RESTRICTED)


def test_a_write_with_the_current_etag_succeeds_and_returns_the_next(editor):
    person = PersonFactory()
    etag = editor.get(url_of(person))["ETag"]
    first = editor.patch(url_of(person), {"description": "One."}, HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    assert first["ETag"] != etag
    assert first["ETag"] == editor.get(url_of(person))["ETag"]
    second = editor.patch(url_of(person), {"description": "Two."}, HTTP_IF_MATCH=first["ETag"])
    assert second.status_code == 200
    assert Person.objects.get(pk=person.pk).description == "Two."


def test_the_etag_names_the_version(editor):
    person = PersonFactory()
    assert editor.get(url_of(person))["ETag"].startswith('"v1-')
    person.save()
    assert editor.get(url_of(person))["ETag"].startswith('"v2-')


def test_put_with_a_stale_etag_is_refused(editor):
    person = PersonFactory()
    etag = editor.get(url_of(person))["ETag"]
    person.description = "Changed meanwhile."
    person.save()
    body = {"name": person.name, "slug": person.slug, "publication_state": "published"}
    response = editor.put(url_of(person), body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert Person.objects.get(pk=person.pk).description == "Changed meanwhile."


def test_an_alias_added_meanwhile_is_not_lost_to_a_stale_put(editor):
    person = PersonFactory()
    etag = editor.get(url_of(person))["ETag"]
    PartyAliasFactory(party=person, name="Added meanwhile")
    body = {"name": person.name, "slug": person.slug, "aliases": []}
    response = editor.put(url_of(person), body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert PartyAlias.objects.filter(party=person, name="Added meanwhile").exists()


def test_delete_with_a_stale_etag_is_refused(editor):
    person = PersonFactory()
    etag = editor.get(url_of(person))["ETag"]
    person.save()
    response = editor.delete(url_of(person), HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert Person.objects.filter(pk=person.pk).exists()
    fresh = editor.get(url_of(person))["ETag"]
    assert editor.delete(url_of(person), HTTP_IF_MATCH=fresh).status_code == 204
    assert not Person.objects.filter(pk=person.pk).exists()


def test_if_match_star_and_csv_etags_are_accepted(editor):
    person = PersonFactory()
    assert editor.patch(url_of(person), {"description": "a"}, HTTP_IF_MATCH="*").status_code == 200
    csv_etag = editor.get(url_of(person) + "?format=csv")["ETag"]
    response = editor.patch(url_of(person), {"description": "b"}, HTTP_IF_MATCH=csv_etag)
    assert response.status_code == 200


@pytest.mark.parametrize("header", ["v1", 'W/"v1-abc"', '"not-an-etag-we-gave"', ""])
def test_an_if_match_that_is_not_a_current_etag_is_refused(editor, header):
    person = PersonFactory()
    response = editor.patch(url_of(person), {"description": "x"}, HTTP_IF_MATCH=header)
    assert response.status_code == 412
    assert set(response.json()) == {"detail", "errors"}
    assert Person.objects.get(pk=person.pk).description == ""


def test_a_write_without_if_match_is_allowed(editor):
    person = PersonFactory()
    response = editor.patch(url_of(person), {"description": "No precondition."})
    assert response.status_code == 200
    assert response["ETag"].startswith('"v2-')


def test_a_hidden_record_answers_404_before_any_precondition(outsider, db):
    person = PersonFactory(visibility=Visibility.RESTRICTED)
    response = outsider.patch(url_of(person), {"description": "x"}, HTTP_IF_MATCH='"v1-x"')
    assert response.status_code in (403, 404)
    assert Person.objects.get(pk=person.pk).description == ""


def test_if_match_is_in_the_schema(anonymous, db):
    schema = anonymous.get("/api/v1/schema/?format=json").json()
    patch = schema["paths"]["/api/v1/people/{id}/"]["patch"]
    assert "If-Match" in [p["name"] for p in patch["parameters"]]
    assert {"409", "412"} <= set(patch["responses"])


# Two real connections (PostgreSQL) -------------------------------------------------


def restrict(pk: int, username: str):
    def write() -> None:
        person = Person.objects.get(pk=pk)
        person.visibility = Visibility.RESTRICTED
        person._history_user = User.objects.get(username=username)
        person.save()

    return write


@pytest.mark.django_db(transaction=True)
def test_a_stale_write_waiting_on_a_concurrent_one_is_refused(postgres, review_groups):
    editor = client_for(staff_member("editor", review_groups["Editor"]))
    staff_member("brigitte", review_groups["Editor"])
    person = PersonFactory(name="Kim Min-ji")
    etag = editor.get(url_of(person))["ETag"]

    # B holds the row; A's write waits for B's commit, then compares If-Match with
    # the record as B left it.
    with another_writer(restrict(person.pk, "brigitte")):
        response = editor.patch(url_of(person), {"name": "Kim Min-jee"}, HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert "changed by brigitte" in response.json()["errors"]["If-Match"][0]
    stored = Person.objects.get(pk=person.pk)
    assert (stored.name, stored.visibility) == ("Kim Min-ji", Visibility.RESTRICTED)


@pytest.mark.django_db(transaction=True)
def test_a_patch_without_if_match_waits_and_keeps_the_concurrent_change(postgres, review_groups):
    editor = client_for(staff_member("editor", review_groups["Editor"]))
    staff_member("brigitte", review_groups["Editor"])
    person = PersonFactory(name="Kim Min-ji")

    with another_writer(restrict(person.pk, "brigitte")):
        response = editor.patch(url_of(person), {"name": "Kim Min-jee"})

    assert response.status_code == 200
    stored = Person.objects.get(pk=person.pk)
    assert (stored.name, stored.visibility, stored.version) == (
        "Kim Min-jee",
        Visibility.RESTRICTED,
        3,
    )
