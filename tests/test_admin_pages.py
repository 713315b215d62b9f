"""Every admin page an archivist opens renders, costs a fixed number of queries, and saves.

The records are built here with the factories, one of each kind, so these tests do
not depend on the article fixtures.
"""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.records import Qualifier
from people.factories import (
    OrganizationFactory,
    PartyAliasFactory,
    PartyRelationFactory,
    PersonFactory,
    RoleFactory,
)
from people.models import Organization, Party, PartyAlias, Person, Role, RoleKind
from sources.factories import QUOTE, CitationFactory, SourceFactory, StatementFactory
from sources.models import Citation
from tests.admin.pages import add_inline_row, admin_url, form_data, form_errors
from tests.conftest import shared_data
from ventures.factories import (
    ExchangeRateFactory,
    FundingFlowFactory,
    GoodsItemFactory,
    PlaceAliasFactory,
    PlaceFactory,
    SectorFactory,
    StatedConversionFactory,
    VentureFactory,
)
from ventures.models import FundingFlow, Venture

APPS = {"people", "ventures", "sources"}
MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in APPS),
    key=lambda model: model._meta.label,
)
# Parties are added as a person, organisation or venture, never as a bare Party.
READ_ONLY = {Party}
QUERY_BUDGET = 15


def label(model) -> str:
    return model._meta.label


@shared_data()
def records():
    """One record of every kind, linked the way the articles link them."""
    place = PlaceFactory(name="Pyongyang")
    PlaceAliasFactory(place=place, name="평양")
    venture = VentureFactory(place=place, sectors=[SectorFactory()])
    founder = PersonFactory(name="Kim Min-ji")
    PartyAliasFactory(party=founder, name="Minji Kim")
    role = RoleFactory(person=founder, organization=venture)
    flow = FundingFlowFactory(recipient=venture)
    StatedConversionFactory(flow=flow)
    GoodsItemFactory(flow__recipient=venture)
    ExchangeRateFactory(year=2019)
    source = SourceFactory(publisher=OrganizationFactory(), authors=[PersonFactory()])
    relation = PartyRelationFactory(party=venture)
    for target in (
        {"party": founder},
        {"role": role},
        {"flow": flow},
        {"place": place},
        {"relation": relation},
    ):
        CitationFactory(source=source, **target)
    StatementFactory(source=source, about=venture, place=place)


@shared_data(base="records")
def many_records():
    """Twenty more people, each funding the venture, each flow converted and cited."""
    venture = Venture.objects.get()
    source = SourceFactory()
    for _ in range(20):
        person = PersonFactory()
        PartyAliasFactory(party=person)
        flow = FundingFlowFactory(funder=person, recipient=venture)
        StatedConversionFactory(flow=flow)
        CitationFactory(source=source, flow=flow)


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_changelist_renders(admin_client, records, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", [m for m in MODELS if m not in READ_ONLY], ids=label)
def test_add_page_renders(admin_client, records, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_change_page_renders(admin_client, records, model):
    obj = model._default_manager.first()
    assert obj is not None, f"the records fixture has no {label(model)}"
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_party_cannot_be_added_or_edited_as_a_bare_party(admin_client, records):
    party = Party.objects.get(kind="person", name="Kim Min-ji")
    # The add page asks which kind of party, and holds no form for a bare one.
    add = admin_client.get(admin_url(Party, "add"))
    assert "adminform" not in add.context
    assert admin_url(Person, "add") in add.content.decode()
    page = admin_client.get(admin_url(Party, "change", party.pk))
    assert admin_url(Person, "change", party.pk) in page.content.decode()
    assert not page.context["has_change_permission"]


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_changelist_stays_within_query_budget(
    admin_client, many_records, model, django_assert_max_num_queries
):
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", [Person, FundingFlow, Citation, Role], ids=label)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, records, model):
    url = admin_url(model, "changelist")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for _ in range(20):
        person = PersonFactory()
        role = RoleFactory(person=person)
        flow = FundingFlowFactory(funder=person)
        CitationFactory(flow=flow)
        CitationFactory(role=role)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert response.context["cl"].result_count > 20
    assert len(many) == len(few)


def test_search_finds_a_person_by_alias(admin_client, records):
    response = admin_client.get(admin_url(Person, "changelist"), {"q": "Minji Kim"})
    assert [p.name for p in response.context["cl"].result_list] == ["Kim Min-ji"]


def test_search_finds_a_flow_by_its_funders_alias(admin_client, records):
    funder = PersonFactory()
    PartyAliasFactory(party=funder, name="Kang Ho-dong")
    flow = FundingFlowFactory(funder=funder)
    response = admin_client.get(admin_url(FundingFlow, "changelist"), {"q": "Ho-dong"})
    assert list(response.context["cl"].result_list) == [flow]


@pytest.mark.parametrize("model", [Person, Organization, Venture], ids=label)
def test_alias_and_citation_inlines_save_against_the_party(admin_client, records, model):
    party = model.objects.first()
    source = SourceFactory()
    url = admin_url(model, "change", party.pk)
    page = admin_client.get(url)
    data = form_data(page)
    add_inline_row(page, data, PartyAlias, name="KMJ", kind="acronym")
    add_inline_row(page, data, Citation, source=source.pk, quote=QUOTE)

    response = admin_client.post(url, data)

    assert response.status_code == 302, form_errors(response)
    assert PartyAlias.objects.filter(party_id=party.pk, name="KMJ", kind="acronym").exists()
    assert Citation.objects.filter(party_id=party.pk, source=source).exists()


def test_role_held_in_a_person_is_refused_with_a_form_error(admin_client, records):
    url = admin_url(Role, "add")
    data = form_data(admin_client.get(url))
    data.update(
        person=PersonFactory().pk,
        organization=PersonFactory().pk,
        kind=RoleKind.FOUNDER,
        title="founder",
    )
    roles_before = Role.objects.count()

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert form_errors(response)["organization"] == [
        "A role is held in an organisation or venture, not a person."
    ]
    assert Role.objects.count() == roles_before


def test_role_inline_on_a_person_refuses_a_person_as_organisation(admin_client, records):
    person = Person.objects.get(name="Kim Min-ji")
    url = admin_url(Person, "change", person.pk)
    page = admin_client.get(url)
    data = form_data(page)
    add_inline_row(
        page,
        data,
        Role,
        organization=PersonFactory().pk,
        kind=RoleKind.MEMBER,
        title="member",
        publication_state="draft",
        visibility="public",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert form_errors(response)["roles"][-1] == {
        "organization": ["A role is held in an organisation or venture, not a person."]
    }
    assert person.roles.count() == 1


def test_role_organisation_autocomplete_leaves_people_out(admin_client, records):
    PersonFactory(name="Kim Organiser")
    OrganizationFactory(name="Kim Foundation")
    params = {"app_label": "people", "model_name": "role", "field_name": "organization"}
    response = admin_client.get(reverse("admin:autocomplete"), {**params, "term": "Kim"})
    assert [r["text"] for r in response.json()["results"]] == ["Kim Foundation"]


def test_saving_a_flow_derives_its_usd_estimate(admin_client, records):
    flow = FundingFlowFactory(
        amount_low=Decimal("6900"),
        amount_high=Decimal("6900"),
        amount_qualifier=Qualifier.EXACT,
        currency="CNY",
        start_year=2019,
    )
    url = admin_url(FundingFlow, "change", flow.pk)

    response = admin_client.post(url, form_data(admin_client.get(url)))

    assert response.status_code == 302, form_errors(response)
    flow.refresh_from_db()
    assert (flow.usd_low, flow.usd_high, flow.usd_rate_years) == (1000, 1000, "2019")


def test_source_full_text_is_in_a_collapsed_fieldset(admin_client, records):
    source = SourceFactory()
    page = admin_client.get(admin_url(source, "change", source.pk))
    fieldset = next(fs for fs in page.context["adminform"] if "full_text" in fs.fields)
    assert "collapse" in fieldset.classes


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_change_and_history_pages_stay_within_query_budget(
    admin_client, many_records, model, django_assert_max_num_queries
):
    # The venture on the first page receives 21 flows, each shown inline.
    obj = model._default_manager.order_by("pk").first()
    for view in ("change", "history"):
        with django_assert_max_num_queries(QUERY_BUDGET):
            response = admin_client.get(admin_url(model, view, obj.pk))
        assert response.status_code == 200, view


def test_party_page_lists_the_flows_it_gives_and_receives(admin_client, records):
    venture = Venture.objects.get()
    given = FundingFlowFactory(funder=venture, recipient=PersonFactory(name="Kim Recipient"))

    page = admin_client.get(admin_url(Venture, "change", venture.pk))

    inlines = {
        inline.formset.prefix: inline.formset for inline in page.context["inline_admin_formsets"]
    }
    assert [form.instance for form in inlines["flows_out"].forms] == [given]
    assert set(inlines["flows_in"].queryset) == set(FundingFlow.objects.filter(recipient=venture))
    html = page.content.decode()
    assert "Kim Recipient" in html
    assert "CNY 20,000–30,000 per recipient" in html


def test_a_flow_added_inline_on_a_person_page_has_the_person_as_funder(admin_client, records):
    person = Person.objects.get(name="Kim Min-ji")
    recipient = VentureFactory()
    url = admin_url(Person, "change", person.pk)
    page = admin_client.get(url)
    data = form_data(page)
    add_inline_row(
        page,
        data,
        FundingFlow,
        fk_name="funder",
        recipient=recipient.pk,
        kind="investment",
        status="reported",
        publication_state="draft",
        visibility="public",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, form_errors(response)
    flow = FundingFlow.objects.get(recipient=recipient)
    assert flow.funder_id == person.pk


def test_a_flow_from_a_party_to_itself_is_a_form_error_not_a_crash(admin_client, records):
    person = Person.objects.get(name="Kim Min-ji")
    url = admin_url(Person, "change", person.pk)
    page = admin_client.get(url)
    data = form_data(page)
    add_inline_row(
        page,
        data,
        FundingFlow,
        fk_name="funder",
        recipient=person.pk,
        kind="loan",
        status="reported",
        publication_state="draft",
        visibility="public",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert form_errors(response)["flows_out"][0]
    assert not FundingFlow.objects.filter(funder=person).exists()


def test_flow_changelist_reads_amount_as_stated_usd_estimate_and_period(admin_client, db):
    FundingFlowFactory(usd_low=Decimal("3015.63"), usd_high=Decimal("4523.44"), end_year=2020)

    page = admin_client.get(admin_url(FundingFlow, "changelist"))

    html = page.content.decode()
    assert "CNY 20,000–30,000 per recipient" in html
    assert "US$3,016–4,523" in html
    assert "2019 – 2020" in html


def test_search_finds_a_person_by_a_spelling_variant(admin_client, records):
    response = admin_client.get(admin_url(Person, "changelist"), {"q": "kim minji"})
    assert [p.name for p in response.context["cl"].result_list] == ["Kim Min-ji"]


def test_venture_operator_autocomplete_leaves_people_out(admin_client, records):
    PersonFactory(name="Kim Operator")
    OrganizationFactory(name="Kim Operations Ltd")
    params = {"app_label": "ventures", "model_name": "venture", "field_name": "operated_by"}
    response = admin_client.get(reverse("admin:autocomplete"), {**params, "term": "Kim Oper"})
    assert [r["text"] for r in response.json()["results"]] == ["Kim Operations Ltd"]
