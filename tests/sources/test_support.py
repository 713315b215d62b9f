"""Every stated field has a quote that says it: the support check over the archive."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from archive.attention import needs_attention
from people.models import Person
from sources.evidence import check_evidence
from sources.models import Addition, Citation, EvidenceCheck
from sources.support import record_gaps, unsupported_records
from ventures.models import FundingFlow, Venture


def gaps(record) -> dict[str, str]:
    return {gap.field: gap.problem for gap in record_gaps(record)}


def test_every_stated_field_of_the_archive_is_supported(archive):
    assert [record.describe() for record in unsupported_records()] == []


def test_a_quote_supporting_a_name_must_contain_the_name_or_an_alias(archive):
    noko = Venture.objects.get(slug="noko-jeans")
    naming = noko.citations.get(quote="Noko Jeans")
    naming.quote = "Although this venture only lasted from 2009 to 2011"
    naming.save()
    assert "does not contain 'Noko Jeans'" in gaps(noko)["name"]


def test_a_pronoun_only_quote_needs_a_second_quote_that_names_the_record(archive):
    noko = Venture.objects.get(slug="noko-jeans")
    pronoun_only = noko.citations.get(quote__startswith="Although this venture only lasted")
    assert "name" not in pronoun_only.fields and "founded" in pronoun_only.fields
    noko.citations.filter(quote="Noko Jeans").delete()
    assert gaps(noko)["name"] == "no citation supports it"


def test_a_quote_supporting_an_amount_must_contain_the_amount_as_stated(archive):
    flow = FundingFlow.objects.get(amount_as_stated__startswith="¥49.988 billion")
    assert gaps(flow) == {}
    flow.amount_as_stated = "¥50 billion"
    flow.save()
    assert "does not contain '¥50 billion'" in gaps(flow)["amount"]


def test_a_quote_supporting_a_date_must_contain_the_date_phrase(archive):
    ryu_ae = Venture.objects.get(slug="ryu-ae")
    ryu_ae.founded_as_stated = "In 2018"
    ryu_ae.save()
    assert "does not contain 'In 2018'" in gaps(ryu_ae)["founded"]


def test_a_value_no_article_states_is_an_addition_with_its_reason(archive):
    ji = Person.objects.get(slug="ji-seong-ho")
    addition = ji.additions.get(field="native_name")
    assert addition.value == ji.native_name == "지성호"
    assert addition.reason and addition.reference.url.startswith("https://")
    addition.delete()
    assert gaps(ji) == {"native_name": "'지성호' occurs in none of its quotes"}


def test_a_citation_names_only_fields_its_record_states(archive):
    citation = Citation.objects.filter(party__slug="ji-seong-ho").first()
    citation.fields = ["name", "amount"]
    with pytest.raises(ValidationError) as refused:
        citation.full_clean()
    assert "amount: not a field this record states" in str(refused.value)
    addition = Addition(party=citation.party, field="basis", reason="Because.")
    with pytest.raises(ValidationError, match="basis: not a field"):
        addition.full_clean()


def test_verify_citations_exits_non_zero_naming_each_unsupported_record(archive):
    Venture.objects.get(slug="noko-jeans").citations.filter(quote="Noko Jeans").delete()
    flow = FundingFlow.objects.get(amount_as_stated="$2,000")
    flow.citations.all().delete()
    with pytest.raises(CommandError) as failed:
        call_command("verify_citations", stderr=io.StringIO())
    message = str(failed.value)
    assert "2 records have stated fields no quote supports" in message
    assert "venture 310" in message and f"funding flow {flow.pk}" in message
    # The failing check is kept for the admin's panel, with what it found.
    kept = EvidenceCheck.objects.latest()
    assert kept.unsupported == {"ventures.venture": 1, "ventures.fundingflow": 1}
    assert kept.uncited["ventures.fundingflow"] == 1 and kept.uncited["ventures.venture"] == 0
    assert kept.citations == Citation.objects.count() and kept.failing_quotes == 0


def test_a_check_of_quotes_only_keeps_no_support_figures(archive, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    Citation.objects.filter(pk=Citation.objects.order_by("pk")[0].pk).update(quote="Never said.")
    with pytest.raises(CommandError, match=r"1 of \d+ citations do not match"):
        call_command("verify_citations", "--quotes-only", stderr=io.StringIO())

    sections = {section.title: section for section in needs_attention(admin)}
    assert sections["Stated fields no quote supports"].items == []
    assert "read quotes only" in sections["Stated fields no quote supports"].note
    assert [(i.label, i.count) for i in sections["Quotes not found in their source"].items] == [
        ("Citations", 1)
    ]


def test_the_attention_panel_counts_unsupported_records(archive, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")

    def unsupported() -> dict[str, int]:
        check_evidence()
        sections = {section.title: section for section in needs_attention(admin)}
        return {
            item.label: item.count for item in sections["Stated fields no quote supports"].items
        }

    assert set(unsupported().values()) == {0}
    Venture.objects.get(slug="noko-jeans").citations.filter(quote="Noko Jeans").delete()
    assert unsupported()["Ventures"] == 1
