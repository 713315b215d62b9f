"""History: who changed what and when, the difference between versions, and restoring one."""

from core.records import PublicationState
from people.factories import PersonFactory
from people.models import Person
from tests.admin.pages import admin_url, form_data, form_errors
from ventures.factories import FundingFlowFactory, VentureFactory
from ventures.models import FundingFlow, Venture


def edit(client, obj, **values):
    url = admin_url(type(obj), "change", obj.pk)
    data = form_data(client.get(url))
    data.update(values)
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response)


def restore(client, obj, version):
    url = admin_url(type(obj), "simple_history", obj.pk, version.history_id)
    return client.post(url, form_data(client.get(url)))


def test_history_lists_who_changed_what_with_readable_differences(archivist_client, archivist):
    venture = VentureFactory(name="Ryu Ae", size="team of three", publication_state="draft")
    edit(archivist_client, venture, size="team of four", status="closed")

    page = archivist_client.get(admin_url(Venture, "history", venture.pk))

    newest = page.context["page_obj"].object_list[0]
    assert newest.history_user == archivist
    changes = {
        change["field"]: (change["old"], change["new"]) for change in newest.history_delta_changes
    }
    assert changes == {"Size": ("team of three", "team of four"), "Status": ("Active", "Closed")}
    html = page.content.decode()
    assert "team of three" in html and "team of four" in html and archivist.username in html


def test_history_shows_a_changed_link_by_name(admin_client):
    flow = FundingFlowFactory()
    new_funder = PersonFactory(name="Kim Newfunder")
    edit(admin_client, flow, funder=new_funder.pk)

    page = admin_client.get(admin_url(FundingFlow, "history", flow.pk))

    newest = page.context["page_obj"].object_list[0]
    changes = {change["field"]: change["new"] for change in newest.history_delta_changes}
    assert changes["Funder"] == "Kim Newfunder"


def test_restoring_a_version_brings_back_its_values(archivist_client, archivist):
    person = PersonFactory(description="As first recorded.", publication_state="draft")
    edit(archivist_client, person, description="A mistaken edit.")
    first = person.history.earliest()

    response = restore(archivist_client, person, first)

    assert response.status_code == 302, form_errors(response)
    person.refresh_from_db()
    assert person.description == "As first recorded."
    assert person.history.latest().history_user == archivist


def test_an_archivist_cannot_publish_by_restoring_a_published_version(archivist_client, editor):
    person = PersonFactory(description="Published text.")
    published = person.history.latest()
    person.publication_state = PublicationState.DRAFT
    person._history_user = editor
    person.save()

    response = restore(archivist_client, person, published)

    assert response.status_code == 200
    assert "publication_state" in form_errors(response)
    person.refresh_from_db()
    assert person.publication_state == PublicationState.DRAFT


def test_history_survives_a_delete_and_the_page_still_opens(admin_client):
    person = PersonFactory(name="Kim Gone")
    pk = person.pk
    admin_client.post(admin_url(Person, "delete", pk), {"post": "yes"})

    page = admin_client.get(admin_url(Person, "history", pk))

    assert page.status_code == 200
    assert [record.history_type for record in page.context["page_obj"]] == ["-", "+"]
