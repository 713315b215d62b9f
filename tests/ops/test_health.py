"""/healthz says the process is alive; /readyz that it can serve the archive."""

import pytest
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from core.health import unapplied


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
    # Forget the newest applied migration (rolled back with the test): the code now has
    # one the database has not seen, as after a deploy that skipped `migrate`. On a
    # database the squash built, that is the newest migration the squash replaces.
    MigrationRecorder.Migration.objects.filter(app="sources").order_by("-name").first().delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"].startswith("1 unapplied: sources.")


def test_readyz_names_the_squash_when_nothing_it_replaces_is_applied(db, client):
    # A database that has seen none of the sources app's migrations: ``migrate`` would
    # run its squash, and the probe names that, not the nine migrations it replaces.
    MigrationRecorder.Migration.objects.filter(app="sources").delete()
    body = client.get("/readyz").json()
    count, named = body["checks"]["migrations"].split(" unapplied: ")
    named = named.split(", ")
    squash = MigrationLoader(None, ignore_no_migrations=True).disk_migrations[
        ("sources", "0001_squashed_0009_quote_trigrams")
    ]
    assert named[0] == "sources.0001_squashed_0009_quote_trigrams"
    assert not {f"{app}.{name}" for app, name in squash.replaces} & set(named)
    # After the squash, the migrations written since it, each once.
    assert all(name.startswith("sources.") and name > "sources.0009" for name in named[1:])
    assert int(count) == len(named)


SQUASH = ("app", "0001_squashed_0003_c")
REPLACED = (("app", "0001_a"), ("app", "0002_b"), ("app", "0003_c"))


@pytest.mark.parametrize(
    ("applied", "expected"),
    [
        # Nothing applied: the squash runs.
        (set(), [SQUASH]),
        # Part of the history: the rest of it runs, as Django plans it.
        ({REPLACED[0]}, list(REPLACED[1:])),
        # All of it, with or without the squash's own row: nothing.
        (set(REPLACED), []),
        ({SQUASH, *REPLACED}, []),
        # The squash's row alone does not make it applied (Django's rule).
        ({SQUASH, REPLACED[0]}, list(REPLACED[1:])),
    ],
)
def test_what_migrate_would_apply_for_a_squash(applied, expected):
    assert unapplied(SQUASH, REPLACED, applied) == expected


def test_what_migrate_would_apply_for_a_migration():
    assert unapplied(("app", "0004_d"), (), {("app", "0004_d")}) == []
    assert unapplied(("app", "0004_d"), (), set()) == [("app", "0004_d")]


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
