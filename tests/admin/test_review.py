"""Review workflow: Archivists add and change; only Editors publish, unpublish and delete.

Every refusal is checked by POST, the way a hand-made request would try it, and each
checks that nothing changed.
"""

import pytest
from django.contrib.auth.models import Permission

from core.records import PublicationState, Visibility
from people.factories import PersonFactory
from people.models import Person
from tests.admin.pages import admin_url, form_data, form_errors, messages_of
from ventures.factories import FundingFlowFactory, VentureFactory
from ventures.models import FundingFlow, Venture

DRAFT, PUBLISHED = PublicationState.DRAFT, PublicationState.PUBLISHED
PUBLIC, RESTRICTED = Visibility.PUBLIC, Visibility.RESTRICTED


def change(client, obj, **values):
    url = admin_url(type(obj), "change", obj.pk)
    data = form_data(client.get(url))
    data.update(values)
    return client.post(url, data)


def act(client, model, action: str, *objs):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objs]},
        follow=True,
    )


def test_groups_hold_the_permissions_the_migration_gives_them(review_groups):
    archivist = set(review_groups["Archivist"].permissions.values_list("codename", flat=True))
    editor = set(review_groups["Editor"].permissions.values_list("codename", flat=True))

    assert {"add_person", "change_venture", "view_citation", "add_fundingflow"} <= archivist
    assert not any(codename.startswith("delete_") for codename in archivist)
    assert "publish_record" not in archivist
    assert {"delete_person", "delete_citation", "publish_record"} <= editor
    assert archivist <= editor


def test_publish_permission_is_a_real_permission_on_parties(review_groups):
    permission = Permission.objects.get(codename="publish_record")
    assert permission.content_type.app_label == "people"
    assert permission.content_type.model == "party"


def test_archivist_cannot_publish_a_draft_through_the_change_form(archivist_client):
    person = PersonFactory(publication_state=DRAFT)

    response = change(archivist_client, person, publication_state=PUBLISHED)

    assert response.status_code == 200
    assert "publication_state" in form_errors(response)
    person.refresh_from_db()
    assert person.publication_state == DRAFT


def test_archivist_cannot_unpublish_through_the_change_form(archivist_client):
    venture = VentureFactory()

    response = change(archivist_client, venture, publication_state=DRAFT)

    assert "publication_state" in form_errors(response)
    venture.refresh_from_db()
    assert venture.publication_state == PUBLISHED


def test_archivist_is_offered_only_the_state_the_record_has(archivist_client):
    person = PersonFactory(publication_state=DRAFT)
    page = archivist_client.get(admin_url(Person, "change", person.pk))
    field = page.context["adminform"].form.fields["publication_state"]
    assert [value for value, _ in field.choices] == [DRAFT]


def test_archivist_may_edit_a_draft_and_it_stays_a_draft(archivist_client):
    person = PersonFactory(publication_state=DRAFT)

    response = change(archivist_client, person, description="Corrected after review.")

    assert response.status_code == 302, form_errors(response)
    person.refresh_from_db()
    assert (person.description, person.publication_state) == ("Corrected after review.", DRAFT)


def test_archivists_edit_to_a_published_record_waits_and_it_stays_published(archivist_client):
    person = PersonFactory(description="As published.")

    response = change(
        archivist_client, person, description="Corrected.", change_reason="The article says so"
    )

    assert response.status_code == 302, form_errors(response)
    person.refresh_from_db()
    assert (person.description, person.publication_state) == ("As published.", PUBLISHED)


def test_archivist_cannot_make_a_restricted_record_public_through_the_form(archivist_client):
    person = PersonFactory(visibility=RESTRICTED)

    response = change(archivist_client, person, visibility=PUBLIC)

    assert "visibility" in form_errors(response)
    person.refresh_from_db()
    assert person.visibility == RESTRICTED


def test_archivist_may_restrict_a_record_through_the_form(archivist_client):
    person = PersonFactory()

    response = change(archivist_client, person, visibility=RESTRICTED)

    assert response.status_code == 302, form_errors(response)
    person.refresh_from_db()
    assert person.visibility == RESTRICTED


def test_archivist_adds_records_as_drafts_and_cannot_add_them_published(archivist_client):
    url = admin_url(Person, "add")
    data = form_data(archivist_client.get(url))
    data.update(name="Kim Draft", slug="kim-draft", visibility=PUBLIC)

    refused = archivist_client.post(url, {**data, "publication_state": PUBLISHED})
    assert "publication_state" in form_errors(refused)
    assert not Person.objects.filter(slug="kim-draft").exists()

    added = archivist_client.post(url, {**data, "publication_state": DRAFT})
    assert added.status_code == 302, form_errors(added)
    assert Person.objects.get(slug="kim-draft").publication_state == DRAFT


def test_archivist_cannot_publish_a_role_through_the_person_page_inline(archivist_client):
    from people.factories import RoleFactory

    role = RoleFactory(publication_state=DRAFT)
    url = admin_url(Person, "change", role.person.pk)
    page = archivist_client.get(url)
    data = form_data(page)
    data["roles-0-publication_state"] = PUBLISHED

    response = archivist_client.post(url, data)

    assert response.status_code == 200
    assert form_errors(response)["roles"][0] == {
        "publication_state": [
            "Select a valid choice. published is not one of the available choices."
        ]
    }
    role.refresh_from_db()
    assert role.publication_state == DRAFT


@pytest.mark.parametrize("action", ["publish", "unpublish", "make_public"])
def test_archivist_cannot_run_a_publishing_action(archivist_client, action):
    draft = FundingFlowFactory(publication_state=DRAFT, visibility=RESTRICTED)
    published = FundingFlowFactory(visibility=RESTRICTED)

    response = act(archivist_client, FundingFlow, action, draft, published)

    assert response.status_code == 200
    assert "No action selected." in messages_of(response)
    states = set(FundingFlow.objects.values_list("publication_state", "visibility"))
    assert states == {(DRAFT, RESTRICTED), (PUBLISHED, RESTRICTED)}


def test_archivist_may_restrict_with_the_action_and_history_records_it(archivist_client, archivist):
    flows = [FundingFlowFactory(), FundingFlowFactory()]

    act(archivist_client, FundingFlow, "restrict", *flows)

    for flow in flows:
        flow.refresh_from_db()
        assert flow.visibility == RESTRICTED
        latest = flow.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (archivist, "Restricted")


def test_archivist_cannot_delete_by_the_delete_page_or_the_action(archivist_client):
    venture = VentureFactory()

    page = archivist_client.post(admin_url(Venture, "delete", venture.pk), {"post": "yes"})
    bulk = act(archivist_client, Venture, "delete_selected", venture)

    assert page.status_code == 403
    assert "No action selected." in messages_of(bulk)
    assert Venture.objects.filter(pk=venture.pk).exists()


def test_editor_publishes_through_the_form(editor_client):
    person = PersonFactory(publication_state=DRAFT)

    response = change(editor_client, person, publication_state=PUBLISHED)

    assert response.status_code == 302, form_errors(response)
    person.refresh_from_db()
    assert person.publication_state == PUBLISHED


def test_editor_publishes_with_the_action_and_history_records_each_record(editor_client, editor):
    drafts = [PersonFactory(publication_state=DRAFT) for _ in range(3)]

    response = act(editor_client, Person, "publish", *drafts)

    assert "3 people published." in messages_of(response)
    for person in drafts:
        person.refresh_from_db()
        assert person.publication_state == PUBLISHED
        latest = person.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (editor, "Published")
        assert latest.prev_record.publication_state == DRAFT


def test_editor_unpublishes_and_makes_public(editor_client):
    flow = FundingFlowFactory(visibility=RESTRICTED)

    act(editor_client, FundingFlow, "make_public", flow)
    act(editor_client, FundingFlow, "unpublish", flow)

    flow.refresh_from_db()
    assert (flow.publication_state, flow.visibility) == (DRAFT, PUBLIC)


def test_editor_deletes(editor_client):
    venture = VentureFactory()

    response = editor_client.post(admin_url(Venture, "delete", venture.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Venture.objects.filter(pk=venture.pk).exists()
