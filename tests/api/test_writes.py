"""Writes validate like the admin (full_clean, quotes in their source, bounds in order),
turn database refusals into 400s, keep derived values in step and record who wrote."""

from decimal import Decimal

from django.contrib.auth.models import Permission, User

from core.records import PublicationState
from people.factories import OrganizationFactory, PersonFactory
from people.models import Person
from sources.factories import QUOTE, SourceFactory
from sources.models import Citation
from tests.api.conftest import client_for
from ventures import services
from ventures.factories import ExchangeRateFactory, FundingFlowFactory, SectorFactory
from ventures.models import FundingFlow, Venture
from ventures.services import refresh_usd_estimates


def test_a_person_is_created_with_aliases_and_found_by_them(editor):
    body = {
        "name": "Lee Hyeon-seo",
        "slug": "lee-hyeon-seo",
        "aliases": [{"name": "Park Min-young", "kind": "pseudonym"}],
        "origin_country": "KP",
        "publication_state": "published",
    }
    response = editor.post("/api/v1/people/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["aliases"] == [{"name": "Park Min-young", "kind": "pseudonym"}]
    found = editor.get("/api/v1/people/?q=park+minyoung").json()["results"]
    assert [p["slug"] for p in found] == ["lee-hyeon-seo"]


def test_the_writer_is_recorded_in_history(editor):
    editor.post("/api/v1/people/", {"name": "Kim A", "slug": "kim-a"}, format="json")
    assert Person.history.get(slug="kim-a").history_user.username == "editor"


def test_a_quote_must_occur_in_its_source(editor):
    source, person = SourceFactory(), PersonFactory()
    wrong = {"source": source.pk, "quote": "Words the article never said.", "party": person.pk}
    response = editor.post("/api/v1/citations/", wrong, format="json")
    assert response.status_code == 400
    assert "quote" in response.json()["errors"]
    # Curly quotes and spacing do not matter; the words do.
    right = {"source": source.pk, "quote": QUOTE.replace(" ", "  "), "party": person.pk}
    assert editor.post("/api/v1/citations/", right, format="json").status_code == 201
    assert Citation.objects.filter(party=person).count() == 1


def test_a_citation_backs_exactly_one_record(editor):
    source, person = SourceFactory(), PersonFactory()
    flow = FundingFlowFactory()
    both = {"source": source.pk, "quote": QUOTE, "party": person.pk, "flow": flow.pk}
    response = editor.post("/api/v1/citations/", both, format="json")
    assert response.status_code == 400
    assert "exactly one" in str(response.json()["errors"])
    neither = {"source": source.pk, "quote": QUOTE}
    assert editor.post("/api/v1/citations/", neither, format="json").status_code == 400


def test_amount_bounds_must_be_in_order_and_match_their_qualifier(editor):
    funder, recipient = OrganizationFactory(), PersonFactory()
    flow = {
        "funder": funder.pk,
        "recipient": recipient.pk,
        "kind": "donation",
        "amount_low": "30000",
        "amount_high": "20000",
        "amount_qualifier": "range",
        "currency": "CNY",
    }
    response = editor.post("/api/v1/funding-flows/", flow, format="json")
    assert response.status_code == 400, response.content
    assert "amount" in str(response.json()["errors"])
    assert not FundingFlow.objects.exists()


def test_a_flow_may_not_fund_itself(editor):
    party = OrganizationFactory()
    flow = {"funder": party.pk, "recipient": party.pk, "kind": "grant"}
    assert editor.post("/api/v1/funding-flows/", flow, format="json").status_code == 400


def test_a_role_is_held_in_an_organisation_not_a_person(editor):
    role = {
        "person": PersonFactory().pk,
        "organization": PersonFactory().pk,
        "kind": "founder",
        "title": "founder",
    }
    response = editor.post("/api/v1/roles/", role, format="json")
    assert response.status_code == 400
    assert "organization" in response.json()["errors"]


def test_a_duplicate_slug_is_a_400(editor):
    PersonFactory(slug="taken")
    response = editor.post("/api/v1/people/", {"name": "X", "slug": "taken"}, format="json")
    assert response.status_code == 400
    assert "slug" in response.json()["errors"]


def test_a_link_to_a_record_the_writer_cannot_see_is_invalid(db):
    hidden = PersonFactory(publication_state=PublicationState.DRAFT)
    # May add roles, but was not given the permission to see hidden records.
    writer = User.objects.create_user("writer", password="a long enough password")
    writer.user_permissions.add(Permission.objects.get(codename="add_role"))
    response = client_for(writer).post(
        "/api/v1/roles/",
        {"person": hidden.pk, "organization": OrganizationFactory().pk, "kind": "head"},
        format="json",
    )
    assert response.status_code == 400
    assert "person" in response.json()["errors"]


def test_a_flow_gets_its_usd_estimate_on_write(editor):
    ExchangeRateFactory(currency="CNY", year=2019, units_per_usd=Decimal("7"))
    flow = {
        "funder": OrganizationFactory().pk,
        "recipient": PersonFactory().pk,
        "kind": "donation",
        "amount_low": "7000",
        "amount_high": "14000",
        "amount_qualifier": "range",
        "currency": "CNY",
        "start_year": 2019,
        "goods": [],
        "conversions": [
            {"from_amount": "7000", "to_currency": "USD", "to_amount": "1000", "as_stated": "($1k)"}
        ],
    }
    body = editor.post("/api/v1/funding-flows/", flow, format="json").json()
    assert (body["usd_low"], body["usd_high"]) == ("1000.00", "2000.00")
    assert body["conversions"][0]["to_currency"] == "USD"


def test_a_new_rate_updates_the_estimates_that_use_it(editor):
    flow = FundingFlowFactory(start_year=2019)  # CNY, no rate yet
    assert flow.usd_low is None
    rate = {"currency": "CNY", "year": 2019, "units_per_usd": "5", "source_kind": "official"}
    rate["source"] = "A test table"
    assert editor.post("/api/v1/exchange-rates/", rate, format="json").status_code == 201
    flow.refresh_from_db()
    assert flow.usd_low == Decimal("4000.00")


def test_a_venture_takes_sectors_by_slug(editor):
    SectorFactory(slug="floristry", name="Floristry")
    body = {"name": "Blooms", "slug": "blooms", "kind": "startup", "sectors": ["floristry"]}
    response = editor.post("/api/v1/ventures/", body, format="json")
    assert response.status_code == 201, response.content
    assert [s["name"] for s in response.json()["sectors"]] == ["Floristry"]
    assert Venture.objects.get(slug="blooms").sectors.get().slug == "floristry"


def test_deleting_a_party_that_flows_refer_to_is_a_409(editor):
    flow = FundingFlowFactory()
    response = editor.delete(f"/api/v1/organizations/{flow.funder_id}/")
    assert response.status_code == 409
    assert response.json()["errors"]["id"] == ["funding flow"]


def test_a_failed_write_leaves_nothing_behind(editor):
    body = {
        "name": "Half",
        "slug": "half",
        "aliases": [{"name": "A", "kind": "alias"}, {"name": "A", "kind": "alias"}],
    }
    assert editor.post("/api/v1/people/", body, format="json").status_code == 400
    assert not Person.objects.filter(slug="half").exists()


def test_moving_a_rate_to_another_currency_redoes_both(editor):
    rate = ExchangeRateFactory(currency="CNY", year=2019, units_per_usd=Decimal("5"))
    flow = FundingFlowFactory(start_year=2019)
    refresh_usd_estimates([flow])
    flow.refresh_from_db()
    assert flow.usd_low == Decimal("4000.00")
    response = editor.patch(
        f"/api/v1/exchange-rates/{rate.pk}/", {"currency": "JPY"}, format="json"
    )
    assert response.status_code == 200
    flow.refresh_from_db()
    assert flow.usd_low is None


def test_a_rate_moved_to_another_year_redoes_both_years(editor):
    rate = ExchangeRateFactory(currency="CNY", year=2019, units_per_usd=Decimal("5"))
    of_2018 = FundingFlowFactory(start_year=2018, amount_low=8000, amount_high=8000)
    of_2019 = FundingFlowFactory(start_year=2019)
    refresh_usd_estimates([of_2018, of_2019])
    assert (of_2018.usd_low, of_2019.usd_low) == (None, Decimal("4000.00"))
    response = editor.patch(f"/api/v1/exchange-rates/{rate.pk}/", {"year": 2018}, format="json")
    assert response.status_code == 200
    of_2018.refresh_from_db()
    of_2019.refresh_from_db()
    assert of_2018.usd_low == Decimal("1600.00")
    assert (of_2019.usd_low, of_2019.usd_high) == (None, None)


def test_a_rate_many_flows_use_says_how_many_wait_for_the_command(editor, monkeypatch):
    monkeypatch.setattr(services, "RATE_WRITE_LIMIT", 1)
    rate = ExchangeRateFactory(currency="CNY", year=2019, units_per_usd=Decimal("5"))
    flows = [FundingFlowFactory(start_year=2019) for _ in range(2)]
    response = editor.patch(
        f"/api/v1/exchange-rates/{rate.pk}/", {"units_per_usd": "4"}, format="json"
    )
    assert response.status_code == 200
    assert response["X-USD-Estimates-Pending"] == "2"
    assert [FundingFlow.objects.get(pk=flow.pk).usd_low for flow in flows] == [None, None]
    # Few enough: done in the request, and no header.
    monkeypatch.setattr(services, "RATE_WRITE_LIMIT", 2)
    response = editor.patch(
        f"/api/v1/exchange-rates/{rate.pk}/", {"units_per_usd": "5"}, format="json"
    )
    assert "X-USD-Estimates-Pending" not in response
    assert [FundingFlow.objects.get(pk=flow.pk).usd_low for flow in flows] == [
        Decimal("4000.00")
    ] * 2
