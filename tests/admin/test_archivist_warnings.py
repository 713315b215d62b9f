"""Warnings an archivist gets while recording: a possible duplicate name, a missing rate."""

from people.factories import PersonFactory
from people.models import Person
from tests.admin.pages import admin_url, form_data, messages_of
from ventures.factories import ExchangeRateFactory, FundingFlowFactory
from ventures.models import FundingFlow


def similar(client, model, name: str, **extra) -> list[str]:
    response = client.get(admin_url(model, "similar"), {"name": name, **extra})
    assert response.status_code == 200
    return [result["name"] for result in response.json()["results"]]


def test_a_name_being_typed_finds_its_spelling_variants(archivist_client):
    PersonFactory(name="Park Min-su")
    PersonFactory(name="Kim Yong-il")

    assert similar(archivist_client, Person, "Park Minsu") == ["Park Min-su"]
    assert similar(archivist_client, Person, "park min su") == ["Park Min-su"]
    assert similar(archivist_client, Person, "Lee Soon-ok") == []


def test_the_record_being_edited_is_not_its_own_duplicate(archivist_client):
    person = PersonFactory(name="Park Min-su")

    assert similar(archivist_client, Person, "Park Minsu", exclude=person.pk) == []


def test_the_name_field_asks_for_duplicates_as_it_is_typed(archivist_client):
    page = archivist_client.get(admin_url(Person, "add")).content.decode()

    assert f'data-similar-url="{admin_url(Person, "similar")}"' in page
    assert "archive/similar-names.js" in page


def test_saving_a_likely_duplicate_warns_without_javascript(archivist_client):
    PersonFactory(name="Park Min-su")
    page = archivist_client.get(admin_url(Person, "add"))
    data = form_data(page) | {"name": "Park Minsu", "slug": "park-minsu"}

    response = archivist_client.post(admin_url(Person, "add"), data, follow=True)

    assert any("Possible duplicate: “Park Min-su”" in m for m in messages_of(response))


def test_hidden_records_are_not_offered_to_a_user_who_may_not_see_them(client, db):
    from django.contrib.auth.models import Permission, User

    PersonFactory(name="Park Min-su", visibility="restricted")
    clerk = User.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(clerk)

    assert similar(client, Person, "Park Minsu") == []


def test_a_won_amount_without_a_rate_for_its_year_warns(editor_client):
    ExchangeRateFactory(currency="KRW", year=2015, units_per_usd=1100)
    flow = FundingFlowFactory(
        amount_qualifier="exact", amount_low=1000, amount_high=1000, currency="USD"
    )
    url = admin_url(FundingFlow, "change", flow.pk)
    data = form_data(editor_client.get(url)) | {
        "amount_low": "2800000000",
        "amount_high": "2800000000",
        "currency": "KRW",
        "start_year": "2016",
    }

    response = editor_client.post(url, data, follow=True)

    flow.refresh_from_db()
    assert (flow.usd_low, flow.usd_high) == (None, None)
    [warning] = [m for m in messages_of(response) if "no USD estimate" in m]
    assert "no exchange rate for KRW in 2016" in warning
    assert "KRW rates for 2015" in warning


def test_a_flow_with_a_rate_saves_without_a_warning(editor_client):
    ExchangeRateFactory(currency="KRW", year=2016, units_per_usd=1000)
    flow = FundingFlowFactory(
        amount_qualifier="exact", amount_low=1000, amount_high=1000, currency="KRW"
    )
    url = admin_url(FundingFlow, "change", flow.pk)
    data = form_data(editor_client.get(url)) | {"start_year": "2016"}

    response = editor_client.post(url, data, follow=True)

    assert not [m for m in messages_of(response) if "no USD estimate" in m]
