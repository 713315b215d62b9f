"""The database itself refuses sources and citations that break the archive's rules.

Rows are written with ``create``/``update``, which skip model validation, so each test
shows what PostgreSQL and SQLite enforce on their own. Every refused row breaks one
constraint only, and the error must name it.
"""

from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from people.factories import PersonFactory, RoleFactory
from sources.factories import CitationFactory, SourceFactory
from sources.models import Citation, Source
from ventures.factories import FundingFlowFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@contextmanager
def refused(constraint: str):
    """Expect the database to refuse the write, naming ``constraint`` in its error.

    The savepoint keeps the test's transaction usable after the error (PostgreSQL
    aborts a transaction on any IntegrityError).
    """
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    assert constraint in str(excinfo.value).lower()


TARGETS = {
    "party": PersonFactory,
    "role": RoleFactory,
    "flow": FundingFlowFactory,
    "place": PlaceFactory,
}

# Sources


@pytest.mark.parametrize("field", ["publication_state", "visibility"])
def test_source_invalid_choice_is_refused(field):
    source = SourceFactory()
    with refused(f"sources_source_{field}_valid"):
        Source.objects.filter(pk=source.pk).update(**{field: "bogus"})


def test_source_without_text_is_refused():
    with refused("sources_source_has_text"):
        SourceFactory(full_text="")


def test_source_slug_twice_is_refused():
    SourceFactory(slug="defectors-fund-defectors")
    with refused("slug"):
        SourceFactory(slug="defectors-fund-defectors")


def test_deleting_source_with_citations_is_refused():
    citation = CitationFactory()
    with pytest.raises(ProtectedError), transaction.atomic():
        citation.source.delete()
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_deleting_source_without_citations_is_accepted():
    source = SourceFactory()
    source.delete()
    assert not Source.objects.filter(slug=source.slug).exists()


# Citations


def test_citation_without_quote_is_refused():
    with refused("sources_citation_has_quote"):
        CitationFactory(quote="")


def test_citation_backing_no_record_is_refused():
    source = SourceFactory()
    with refused("sources_citation_backs_exactly_one_record"):
        Citation.objects.create(source=source, quote="received 20,000 yuan")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("party", "role"),
        ("party", "flow"),
        ("party", "place"),
        ("role", "flow"),
        ("role", "place"),
        ("flow", "place"),
    ],
)
def test_citation_backing_two_records_is_refused(first, second):
    targets = {first: TARGETS[first](), second: TARGETS[second]()}
    source = SourceFactory()
    with refused("sources_citation_backs_exactly_one_record"):
        Citation.objects.create(source=source, quote="received 20,000 yuan", **targets)


def test_citation_backing_every_record_is_refused():
    targets = {name: factory() for name, factory in TARGETS.items()}
    with refused("sources_citation_backs_exactly_one_record"):
        Citation.objects.create(source=SourceFactory(), quote="received 20,000 yuan", **targets)


@pytest.mark.parametrize("target", list(TARGETS))
def test_citation_backing_one_record_is_accepted(target):
    record = TARGETS[target]()
    citation = CitationFactory(**{target: record})
    assert citation.target == record


@pytest.mark.parametrize("target", list(TARGETS))
def test_deleting_cited_record_deletes_its_citations(target):
    record = TARGETS[target]()
    citation = CitationFactory(**{target: record})
    record.delete()
    assert not Citation.objects.filter(pk=citation.pk).exists()
