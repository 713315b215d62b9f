"""The synthetic archive: deterministic, valid, verifiable, and removable without a trace."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from archive import synthetic
from archive.synthetic import schema
from core.models import NameKey
from core.records import Qualifier
from core.search import key_kinds, search
from people.models import Party, PartyAlias, Person, Role
from people.search import refresh_party_search
from sources.models import Citation, Source
from sources.selectors import citation_failures
from sources.support import unsupported_records
from tests.test_fixtures import snapshot
from ventures.models import (
    AmountBasis,
    ExchangeRate,
    FundingFlow,
    GoodsItem,
    Place,
    StatedConversion,
    Venture,
)
from ventures.services import estimate_usd, load_rate_table

SMALL = {"ventures": 80, "flows": 400}
SYNTHETIC = {"slug__startswith": schema.PREFIX}


def generate(**sizes) -> synthetic.Summary:
    return synthetic.generate(**(SMALL | sizes))


def synthetic_rows() -> dict[str, list]:
    """Every synthetic row, serialized, without the generation time."""
    rows = snapshot()
    kept = {}
    for label, objects in rows.items():
        for obj in objects:
            obj["fields"].pop("created_at", None)
            obj["fields"].pop("updated_at", None)
        kept[label] = objects
    return kept


def synthetic_flows():
    return FundingFlow.objects.filter(funder__slug__startswith=schema.PREFIX) | (
        FundingFlow.objects.filter(recipient__slug__startswith=schema.PREFIX)
    )


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(archive):
    generate(seed=3)
    first = synthetic_rows()
    synthetic.remove()
    generate(seed=3)
    assert synthetic_rows() == first
    synthetic.remove()
    generate(seed=4)
    assert synthetic_rows() != first


def test_remove_leaves_exactly_the_real_archive_even_after_edits(archive):
    before = snapshot()
    generate()
    # Edits through the models leave history rows; remove must take those too.
    venture = Venture.objects.filter(**SYNTHETIC).first()
    venture.description = "Edited after generation."
    venture.save()
    synthetic_flows().first().save()
    Citation.objects.filter(source__slug__startswith=schema.PREFIX).first().delete()
    assert Venture.history.filter(id=venture.pk).exists()
    synthetic.remove()
    assert snapshot() == before


def test_remove_refuses_when_a_real_record_sits_in_a_synthetic_place(archive):
    generate()
    real = Venture.objects.exclude(**SYNTHETIC).first()
    real.place = Place.objects.filter(**SYNTHETIC).first()
    real.save()
    parties = Party.objects.count()
    with pytest.raises(CommandError, match=r"Nothing removed: a real venture is placed in"):
        call_command("generate_synthetic", "--remove", verbosity=0)
    assert Party.objects.count() == parties


def test_generating_again_is_refused_and_adds_nothing(archive):
    generate()
    parties = Party.objects.count()
    with pytest.raises(CommandError, match=r"already holds synthetic data .*--remove"):
        call_command("generate_synthetic", "--ventures", "10", "--flows", "10", verbosity=0)
    assert Party.objects.count() == parties


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--ventures", "0", "at least 1"),
        ("--flows", "-5", "at least 0"),
        ("--ventures", "x", "whole"),
    ],
)
def test_bad_sizes_are_refused_naming_the_option(db, option, value, reason):
    with pytest.raises(CommandError, match=rf"{option} must be .*{reason}"):
        call_command("generate_synthetic", option, value, verbosity=0)
    assert not Party.objects.exists()


def test_the_command_reports_progress_and_a_summary(archive):
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_synthetic", "--ventures", "20", "--flows", "50", stdout=out, stderr=err)
    assert "flows" in err.getvalue() and "50 / 50" in err.getvalue()
    assert "  flow                       50" in out.getvalue()
    assert "Generated " in out.getvalue() and " rows in " in out.getvalue()
    out = io.StringIO()
    call_command("generate_synthetic", "--remove", stdout=out, stderr=io.StringIO())
    assert "  flow                       50" in out.getvalue()


def test_every_generated_quote_occurs_in_its_source_and_every_record_is_cited(archive):
    generate()
    assert list(citation_failures()) == []
    uncited = [
        *Party.objects.filter(citations=None, **SYNTHETIC),
        *Role.objects.filter(citations=None, person__slug__startswith=schema.PREFIX),
        *synthetic_flows().filter(citations=None),
        *Place.objects.filter(citations=None, **SYNTHETIC),
    ]
    assert uncited == []
    assert Source.objects.filter(**SYNTHETIC).exclude(url__startswith=schema.HOST).count() == 0


def test_every_generated_citation_says_which_fields_it_supports_and_they_hold(archive):
    """``verify_citations`` in full: quotes, and support for every stated field."""
    generate()
    synthetic_citations = Citation.objects.filter(source__slug__startswith=schema.PREFIX)
    assert not synthetic_citations.filter(fields=[]).exists()
    assert {"name", "amount", "dates", "person"} <= {
        name for fields in synthetic_citations.values_list("fields", flat=True) for name in fields
    }
    out = io.StringIO()
    call_command("verify_citations", stdout=out)
    assert "every stated field is supported" in out.getvalue()
    assert list(unsupported_records()) == []


def test_generated_rows_pass_model_validation(archive):
    """The database already enforces every CHECK; this adds choices and ``clean()`` rules."""
    generate()
    samples = [
        Person.objects.filter(**SYNTHETIC)[:40],
        Venture.objects.filter(**SYNTHETIC)[:40],
        Role.objects.filter(person__slug__startswith=schema.PREFIX)[:40],
        synthetic_flows()[:80],
        Place.objects.filter(**SYNTHETIC)[:40],
        Source.objects.filter(**SYNTHETIC)[:10],
        GoodsItem.objects.filter(flow__in=synthetic_flows())[:40],
        StatedConversion.objects.filter(flow__in=synthetic_flows())[:40],
        ExchangeRate.objects.filter(source__startswith=schema.HOST)[:40],
    ]
    checked = 0
    for queryset in samples:
        for obj in queryset:
            obj.full_clean()
            checked += 1
    assert checked > 300


def test_about_a_tenth_of_records_are_draft_or_restricted(archive):
    generate(ventures=400, flows=2000)
    shares = {}
    for name, records in {
        "parties": Party.objects.filter(**SYNTHETIC),
        "flows": synthetic_flows(),
        "roles": Role.objects.filter(person__slug__startswith=schema.PREFIX),
    }.items():
        total = records.count()
        public = records.filter(publication_state="published", visibility="public").count()
        shares[name] = 1 - public / total
    assert all(0.06 <= share <= 0.14 for share in shares.values()), shares


def test_usd_estimates_are_those_the_services_compute(archive):
    generate()
    rates = load_rate_table()
    flows = synthetic_flows().prefetch_related("citations__source")
    estimated = 0
    for flow in flows:
        estimate = estimate_usd(flow, rates)
        assert (flow.usd_low, flow.usd_high, flow.usd_rate_years) == (
            estimate.low,
            estimate.high,
            estimate.years,
        ), flow.pk
        estimated += estimate.low is not None or estimate.high is not None
    assert estimated > 150


def test_amounts_cover_every_currency_qualifier_and_basis(archive):
    generate(ventures=200, flows=1500)
    flows = synthetic_flows()
    assert set(flows.exclude(currency="").values_list("currency", flat=True)) == {
        "KRW",
        "USD",
        "CNY",
        "JPY",
        "SGD",
    }
    assert set(flows.values_list("amount_qualifier", flat=True)) == set(Qualifier.values)
    assert set(flows.values_list("basis", flat=True)) == set(AmountBasis.values)
    assert flows.filter(payment_count__isnull=False).exists()
    assert flows.filter(kind="in_kind", goods__isnull=False).exists()
    assert StatedConversion.objects.filter(flow__in=flows).exists()
    assert flows.filter(amount_qualifier="at_least", amount_high=None).exists()
    assert Party.objects.filter(is_group=True, **SYNTHETIC).exists()
    # Every stated amount is quoted word for word by its citation.
    for flow in flows.exclude(amount_as_stated="").prefetch_related("citations")[:200]:
        assert all(flow.amount_as_stated in c.quote for c in flow.citations.all()), flow.pk


def test_places_nest_from_country_to_province_to_town(archive):
    generate()
    towns = Place.objects.filter(kind__in=["city", "county", "zone"], **SYNTHETIC)
    town = towns.select_related("parent__parent").filter(parent__kind="province").first()
    assert town.parent.parent.kind == "country"
    assert town.parent.parent.country == town.country
    # The archive's own countries are reused, not duplicated.
    assert not Place.objects.filter(kind="country", **SYNTHETIC).exclude(country="SG").exists()


def test_names_come_with_romanisation_variants_that_search_finds(archive):
    generate()
    alias = PartyAlias.objects.filter(
        kind="romanisation", party__kind="person", party__slug__startswith=schema.PREFIX
    ).first()
    assert alias.name != alias.party.name
    assert alias.party in search(Party.objects.all(), alias.name)
    assert Person.objects.filter(**SYNTHETIC).exclude(native_name="").exists()


def names_and_words(party: Party) -> tuple[set[str], set[tuple[str, str]]]:
    """A party's folded names, and its tsvector's (word, weight) pairs.

    Compared as sets: the order of the names follows the database's collation in a
    refresh, and a tsvector's positions follow that order, but neither changes a match.
    """
    words = set(
        re.findall(r"'((?:[^']|'')*)':[\d,]*?([A-D])?(?=[ ,]|$)", party.search_vector or "")
    )
    return set(party.search_text.split(" | ")), words


def name_keys_of(pks) -> set[tuple]:
    rows = NameKey.objects.filter(kind__in=key_kinds("party"), record_id__in=list(pks))
    return set(rows.values_list("record_id", "key", "whole"))


def test_removing_takes_the_name_keys_of_synthetic_records_away(archive):
    before = set(NameKey.objects.values_list("kind", "record_id", "key", "whole"))
    generate()
    assert NameKey.objects.count() > len(before)
    synthetic.remove()
    assert set(NameKey.objects.values_list("kind", "record_id", "key", "whole")) == before


def test_search_columns_are_those_a_refresh_computes(archive):
    generate()
    parties = Party.objects.filter(**SYNTHETIC).order_by("pk")[:60]
    stored = {party.pk: names_and_words(party) for party in parties}
    stored_keys = name_keys_of(stored)
    assert stored_keys
    refresh_party_search(list(stored))
    fresh = {party.pk: names_and_words(party) for party in Party.objects.filter(pk__in=stored)}
    assert fresh == stored
    assert name_keys_of(stored) == stored_keys
    if connection.vendor == "postgresql":
        assert all(words for _, words in fresh.values())


def test_sectors_are_the_archive_s_own_plus_marked_new_ones(archive):
    generate(ventures=300)
    kinds = Counter(
        Venture.sectors.through.objects.filter(venture__slug__startswith=schema.PREFIX).values_list(
            "sector__slug", flat=True
        )
    )
    assert kinds["software"] > 0
    assert any(slug.startswith(schema.PREFIX) for slug in kinds)
