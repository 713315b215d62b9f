"""The archive built from the five articles loads, verifies and round-trips."""

import io
import json
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import CommandError, call_command

from people.models import Organization, Party, Person, Role
from sources.models import Citation, Source
from sources.selectors import citation_failures
from tests.conftest import FIXTURES
from ventures.models import ExchangeRate, FundingFlow, Place, Venture

ARCHIVE_APPS = ("people", "ventures", "sources")


def snapshot() -> dict[str, list]:
    """Every row of the archive's own tables, serialized, keyed by model."""
    rows = {}
    for app in ARCHIVE_APPS:
        for model in apps.get_app_config(app).get_models():
            data = serializers.serialize(
                "json", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
            )
            rows[model._meta.label] = json.loads(data)
    return rows


def test_fixture_files_are_one_per_kind_of_record():
    names = [Path(f).name for f in FIXTURES]
    assert names == sorted(names)
    assert len(names) >= 10


def test_fixtures_load_into_an_empty_database(db):
    assert not Party.objects.exists()
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert Source.objects.count() == 5
    assert Person.objects.count() >= 25
    assert Organization.objects.count() >= 30
    assert Venture.objects.count() >= 15
    assert Place.objects.count() >= 15
    assert Role.objects.count() >= 15
    assert FundingFlow.objects.count() >= 15
    assert ExchangeRate.objects.exists()


def test_loading_the_fixtures_twice_changes_nothing(archive):
    before = snapshot()
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert snapshot() == before


def test_every_fixture_record_is_published_and_public(archive):
    for model in (Party, Place, Role, FundingFlow, Source):
        assert model.objects.public().count() == model.objects.count(), model


def test_source_texts_are_the_articles_verbatim(archive):
    for source in Source.objects.all():
        article = Path(settings.ARTICLES_DIR) / source.file_name
        assert source.full_text == article.read_text(encoding="utf-8"), source.file_name


def test_the_project_ships_its_articles_one_file_per_source(archive):
    # A clone must carry its own ground truth: the folder holds exactly the articles the
    # sources name, and unless the environment says otherwise the project reads them there.
    shipped = Path(settings.BASE_DIR) / "fixtures" / "articles"
    if "ARTICLES_DIR" not in os.environ:
        assert Path(settings.ARTICLES_DIR).resolve() == shipped.resolve()
    files = sorted(path.name for path in shipped.glob("*.txt"))
    assert files == sorted(Source.objects.values_list("file_name", flat=True))
    assert len(files) == 5


def test_every_record_is_backed_by_a_citation(archive):
    uncited = [
        *Party.objects.filter(citations=None),
        *Role.objects.filter(citations=None),
        *FundingFlow.objects.filter(citations=None),
        *Place.objects.filter(citations=None),
    ]
    assert uncited == []


def test_every_fixture_quote_occurs_in_its_source(archive):
    assert list(citation_failures()) == []
    out = io.StringIO()
    call_command("verify_citations", stdout=out)
    assert f"All {Citation.objects.count()} citations match" in out.getvalue()


def test_verify_citations_names_the_failing_record_and_nearest_passage(archive):
    citation = Citation.objects.get(quote__startswith="Kang Ho-dong (alias)", party__isnull=False)
    citation.quote = "Kang Ho-dong (alias), who worked in Siberia before defecting to South Korea"
    citation.save()
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"1 of \d+ citations do not match"):
        call_command("verify_citations", stderr=err)
    report = err.getvalue()
    assert f"citation {citation.pk} backing person" in report
    assert "Kang Ho-dong" in report
    assert "who worked in Russia before defecting" in report


def test_unnamed_defector_stays_unnamed(archive):
    defector = Person.objects.get(slug="unnamed-defector-financier")
    assert defector.is_unnamed
    assert defector.aliases.count() == 0
    assert (defector.birth_year_low, defector.birth_year_high) == (1966, 1976)
    assert defector.age_as_stated.startswith("in his 40s")


@pytest.mark.django_db(transaction=True)
def test_dumpdata_then_loaddata_into_an_empty_database_gives_the_same_data(archive, tmp_path):
    before = snapshot()
    dump = tmp_path / "archive.json"
    call_command(
        "dumpdata",
        *ARCHIVE_APPS,
        natural_foreign=True,
        indent=1,
        output=str(dump),
        verbosity=0,
    )
    call_command("flush", interactive=False, verbosity=0)
    assert Party.objects.count() == 0
    call_command("loaddata", str(dump), verbosity=0)
    assert snapshot() == before


def test_load_archive_fills_an_empty_database_once(db):
    call_command("load_archive", verbosity=0)
    assert Source.objects.count() == 5
    person = Person.objects.get(slug="ji-seong-ho")
    person.description = "Edited by an archivist."
    person.save()
    out = io.StringIO()
    call_command("load_archive", stdout=out)
    assert "nothing loaded" in out.getvalue()
    person.refresh_from_db()
    assert person.description == "Edited by an archivist."


def test_load_archive_reload_restores_fixture_rows_without_duplicates(db):
    call_command("load_archive", verbosity=0)
    count = Party.objects.count()
    Person.objects.filter(slug="ji-seong-ho").update(description="Edited.")
    call_command("load_archive", reload=True, verbosity=0)
    assert Party.objects.count() == count
    assert Person.objects.get(slug="ji-seong-ho").description != "Edited."
