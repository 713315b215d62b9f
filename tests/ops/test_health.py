"""/healthz says the process is alive; /readyz that it can serve the archive."""

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings


def test_healthz_answers_without_touching_the_database(client):
    # No `db` fixture: pytest-django makes any database access here an error.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_ok_when_the_database_answers_and_migrations_are_applied(db, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_readyz_answers_503_naming_an_unapplied_migration(db, client):
    # Forget one applied migration (rolled back with the test): the code now has one
    # the database has not seen, as after a deploy that skipped `migrate`.
    MigrationRecorder.Migration.objects.filter(app="sources").order_by("-id").first().delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"].startswith("1 unapplied: sources.")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_probes_answer_only_get_and_head(db, client, method):
    assert getattr(client, method)("/readyz").status_code == 405
    assert client.head("/readyz").status_code == 200


@override_settings(SECURE_SSL_REDIRECT=True)
def test_probes_are_not_redirected_to_https_but_pages_are(db, client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    page = client.get("/sources/")
    assert page.status_code == 301
    assert page["Location"] == "https://testserver/sources/"
