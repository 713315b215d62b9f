"""Recording a flow from a new article on one screen: add the funder or recipient from
the flow's page, pick the quote from the source's text, and let one quote back the flow
and the parties it names."""

from django.contrib.auth.models import Permission, User

from people.factories import OrganizationFactory, PersonFactory
from people.models import Party
from sources.factories import QUOTE, SourceFactory
from sources.models import Citation, Source
from tests.admin.pages import admin_url, form_data, form_errors
from ventures.models import FundingFlow

POPUP = "_to_field=id&_popup=1"


def test_the_funder_and_recipient_can_be_added_from_the_flow_page(archivist_client):
    page = archivist_client.get(admin_url(FundingFlow, "add")).content.decode()
    page = page.replace("&amp;", "&")

    for end in ("funder", "recipient"):
        assert f'id="add_id_{end}"' in page
    assert page.count(f'href="{admin_url(Party, "add")}?{POPUP}"') == 2


def test_adding_a_party_asks_which_kind_and_keeps_the_popup(archivist_client):
    page = archivist_client.get(f"{admin_url(Party, 'add')}?{POPUP}").content.decode()
    page = page.replace("&amp;", "&")

    assert f'href="/admin/people/person/add/?{POPUP}"' in page
    assert f'href="/admin/people/organization/add/?{POPUP}"' in page
    assert f'href="/admin/ventures/venture/add/?{POPUP}"' in page


def test_the_source_text_is_there_to_pick_a_quote_from(archivist_client):
    source = SourceFactory()

    response = archivist_client.get(f"/admin/sources/source/{source.pk}/text/")

    assert QUOTE in response.json()["text"]


def test_the_source_text_is_refused_to_staff_who_may_not_see_full_texts(client, db):
    source = SourceFactory()
    clerk = User.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_source"))
    client.force_login(clerk)

    response = client.get(f"/admin/sources/source/{source.pk}/text/")

    assert response.status_code == 403


def new_flow(client, funder, recipient, also_backs: list[str]):
    url = admin_url(FundingFlow, "add")
    page = client.get(url)
    data = form_data(page)
    source = Source.objects.get()
    data |= {
        "funder": funder.pk,
        "recipient": recipient.pk,
        "kind": "investment",
        "status": "reported",
        "amount_as_stated": "20,000 yuan to 30,000 yuan",
        "amount_qualifier": "range",
        "amount_low": "20000",
        "amount_high": "30000",
        "currency": "CNY",
        "basis": "per_recipient",
        "citations-TOTAL_FORMS": "1",
        "citations-0-source": source.pk,
        "citations-0-quote": QUOTE,
        "citations-0-also_backs": also_backs,
    }
    return client.post(url, data)


def test_one_quote_backs_the_flow_and_both_parties(archivist_client):
    SourceFactory()
    funder = OrganizationFactory(name="The Foundation", publication_state="draft")
    recipient = PersonFactory(name="Kim Entrepreneur", publication_state="draft")

    response = new_flow(archivist_client, funder, recipient, ["funder", "recipient"])

    assert response.status_code == 302, form_errors(response)
    flow = FundingFlow.objects.get()
    backed = {c.target for c in Citation.objects.filter(quote=QUOTE)}
    assert backed == {flow, funder.party_ptr, recipient.party_ptr}


def test_a_quote_cannot_reach_a_published_party_without_an_editor(archivist_client):
    SourceFactory()
    funder = OrganizationFactory(name="The Foundation")
    recipient = PersonFactory(name="Kim Entrepreneur", publication_state="draft")

    response = new_flow(archivist_client, funder, recipient, ["funder"])

    assert "an Editor adds citations to it" in str(form_errors(response))
    assert not FundingFlow.objects.exists()
