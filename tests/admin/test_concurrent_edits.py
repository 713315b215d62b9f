"""Two archivists on one record: a save over a change made since the form was opened is
refused with a message that says who changed it and when, and changes nothing."""

import pytest
from django.contrib import admin
from django.test import Client

from core.records import Visibility
from people.models import Party, PartyAlias, Person, Role
from sources.factories import QUOTE
from sources.models import Citation
from tests.admin.conftest import staff_member
from tests.admin.pages import admin_url, form_data, form_errors
from tests.test_admin_pages import label
from ventures.models import FundingFlow, Venture

APPS = {"people", "ventures", "sources"}
EDITABLE = sorted(
    (m for m in admin.site._registry if m._meta.app_label in APPS and m is not Party),
    key=label,
)


@pytest.fixture
def second_editor(review_groups) -> Client:
    client = Client()
    client.force_login(staff_member("brigitte", review_groups["Editor"]))
    return client


def non_field_errors(response) -> list[str]:
    return list(response.context["adminform"].form.non_field_errors())


def test_a_typo_fix_does_not_undo_a_restriction_made_meanwhile(
    records, editor_client, second_editor
):
    person = Person.objects.get(name="Kim Min-ji")
    url = admin_url(Person, "change", person.pk)
    opened_by_a = editor_client.get(url)

    page_b = second_editor.get(url)
    restrict = {**form_data(page_b), "visibility": Visibility.RESTRICTED}
    assert second_editor.post(url, restrict).status_code == 302

    typo_fix = {**form_data(opened_by_a), "name": "Kim Min-jee"}
    response = editor_client.post(url, typo_fix)

    assert response.status_code == 200
    [error] = non_field_errors(response)
    assert "was changed by brigitte at" in error
    assert "since you opened it" in error
    assert "Reload the page" in error
    person.refresh_from_db()
    assert person.visibility == Visibility.RESTRICTED
    assert person.name == "Kim Min-ji"


def test_the_refused_form_keeps_the_archivists_own_edit_to_copy(
    records, editor_client, second_editor
):
    person = Person.objects.get(name="Kim Min-ji")
    url = admin_url(Person, "change", person.pk)
    opened_by_a = editor_client.get(url)
    assert second_editor.post(url, form_data(second_editor.get(url))).status_code == 302

    response = editor_client.post(url, {**form_data(opened_by_a), "description": "Mine."})

    assert response.context["adminform"].form["description"].value() == "Mine."


def test_after_reloading_the_same_edit_saves(records, editor_client, second_editor):
    person = Person.objects.get(name="Kim Min-ji")
    url = admin_url(Person, "change", person.pk)
    editor_client.get(url)
    assert second_editor.post(url, form_data(second_editor.get(url))).status_code == 302

    reloaded = editor_client.get(url)
    response = editor_client.post(url, {**form_data(reloaded), "name": "Kim Min-jee"})

    assert response.status_code == 302, form_errors(response)
    assert Person.objects.get(pk=person.pk).name == "Kim Min-jee"


@pytest.mark.parametrize("model", EDITABLE, ids=label)
def test_every_admin_change_form_refuses_a_stale_save(admin_client, records, model):
    record = model._default_manager.order_by("pk").first()
    url = admin_url(model, "change", record.pk)
    page = admin_client.get(url)
    data = form_data(page)
    assert data["opened_version"] == record.version

    # Someone else saves the record after the page was opened.
    model._default_manager.get(pk=record.pk).save()
    version = model._default_manager.get(pk=record.pk).version

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert any("since you opened it" in e for e in non_field_errors(response))
    assert model._default_manager.get(pk=record.pk).version == version


@pytest.mark.parametrize("model", EDITABLE, ids=label)
def test_every_inline_row_carries_the_version_it_was_opened_on(admin_client, records, model):
    record = model._default_manager.order_by("pk").first()
    page = admin_client.get(admin_url(model, "change", record.pk))
    for inline in page.context["inline_admin_formsets"]:
        for form in inline.formset.initial_forms:
            html = str(form["opened_version"])
            assert 'type="hidden"' in html
            assert f'value="{form.instance.version}"' in html


def role_row(data: dict, role: Role) -> str:
    """The form prefix of ``role``'s row in a person page's role inline."""
    for key, value in data.items():
        if key.startswith("roles-") and key.endswith("-id") and str(value) == str(role.pk):
            return key[: -len("id")]
    raise AssertionError(f"no inline row for role {role.pk}")


def test_an_inline_row_changed_meanwhile_is_not_overwritten(records, editor_client, second_editor):
    role = Role.objects.get()
    url = admin_url(Person, "change", role.person_id)
    opened_by_a = editor_client.get(url)

    role_url = admin_url(Role, "change", role.pk)
    b_edit = {**form_data(second_editor.get(role_url)), "title": "chief designer"}
    assert second_editor.post(role_url, b_edit).status_code == 302

    data = form_data(opened_by_a)
    data[role_row(data, role) + "title"] = "designer (typo fixed)"
    response = editor_client.post(url, data)

    assert response.status_code == 200
    row_errors = [e for e in form_errors(response)["roles"] if e]
    assert "changed by brigitte" in str(row_errors)
    assert Role.objects.get().title == "chief designer"


def test_deleting_an_inline_row_changed_meanwhile_is_refused(records, editor_client, second_editor):
    role = Role.objects.get()
    url = admin_url(Person, "change", role.person_id)
    opened_by_a = editor_client.get(url)
    role_url = admin_url(Role, "change", role.pk)
    b_edit = {**form_data(second_editor.get(role_url)), "title": "chief designer"}
    assert second_editor.post(role_url, b_edit).status_code == 302

    data = form_data(opened_by_a)
    data[role_row(data, role) + "DELETE"] = "on"
    response = editor_client.post(url, data)

    assert response.status_code == 200
    inline = next(i for i in response.context["inline_admin_formsets"] if i.formset.model is Role)
    assert "changed by brigitte" in str(inline.formset.non_form_errors())
    assert Role.objects.filter(pk=role.pk, title="chief designer").exists()


def test_a_stale_inline_row_left_as_it_was_is_not_written_back(
    records, editor_client, second_editor
):
    # Django would save A's row, since it differs from what is stored now: B's title
    # would silently go back to A's. It is refused instead.
    role = Role.objects.get()
    url = admin_url(Person, "change", role.person_id)
    opened_by_a = editor_client.get(url)
    role_url = admin_url(Role, "change", role.pk)
    b_edit = {**form_data(second_editor.get(role_url)), "title": "chief designer"}
    assert second_editor.post(role_url, b_edit).status_code == 302

    response = editor_client.post(url, {**form_data(opened_by_a), "description": "Edited."})

    assert response.status_code == 200
    assert Role.objects.get().title == "chief designer"
    assert Person.objects.get(pk=role.person_id).description == ""


def test_an_inline_row_whose_shown_fields_did_not_change_does_not_block_the_save(
    records, editor_client, second_editor
):
    # The role's dates are edited on its own page, not in the person's role rows.
    role = Role.objects.get()
    url = admin_url(Person, "change", role.person_id)
    opened_by_a = editor_client.get(url)
    role_url = admin_url(Role, "change", role.pk)
    b_edit = {**form_data(second_editor.get(role_url)), "start_year": 2014}
    assert second_editor.post(role_url, b_edit).status_code == 302

    response = editor_client.post(url, {**form_data(opened_by_a), "description": "Edited."})

    assert response.status_code == 302, form_errors(response)
    assert Person.objects.get(pk=role.person_id).description == "Edited."
    assert Role.objects.get().start_year == 2014


def test_an_alias_changed_meanwhile_makes_the_partys_page_stale(
    records, editor_client, second_editor
):
    alias = PartyAlias.objects.get(name="Minji Kim")
    url = admin_url(Person, "change", alias.party_id)
    opened_by_a = editor_client.get(url)
    alias_url = admin_url(PartyAlias, "change", alias.pk)
    b_edit = {**form_data(second_editor.get(alias_url)), "name": "Min-ji Kim"}
    assert second_editor.post(alias_url, b_edit).status_code == 302

    response = editor_client.post(url, form_data(opened_by_a))

    assert response.status_code == 200
    assert "changed by brigitte" in non_field_errors(response)[0]
    assert PartyAlias.objects.filter(pk=alias.pk, name="Min-ji Kim").exists()


def test_a_form_posted_without_its_version_is_refused(records, editor_client):
    person = Person.objects.get(name="Kim Min-ji")
    url = admin_url(Person, "change", person.pk)
    data = form_data(editor_client.get(url))
    del data["opened_version"]

    response = editor_client.post(url, {**data, "name": "Someone else"})

    assert response.status_code == 200
    assert "does not say which version" in non_field_errors(response)[0]
    assert Person.objects.get(pk=person.pk).name == "Kim Min-ji"


def test_a_citation_inline_row_changed_meanwhile_is_not_overwritten(
    records, editor_client, second_editor
):
    citation = Citation.objects.get(flow__isnull=False)
    url = admin_url(FundingFlow, "change", citation.flow_id)
    opened_by_a = editor_client.get(url)
    citation_url = admin_url(Citation, "change", citation.pk)
    b_edit = {**form_data(second_editor.get(citation_url)), "quote": QUOTE.split(",")[0]}
    assert second_editor.post(citation_url, b_edit).status_code == 302

    data = form_data(opened_by_a)
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == citation.pk)[:-2]
    data[prefix + "quote"] = QUOTE + " "
    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert Citation.objects.get(pk=citation.pk).quote == QUOTE.split(",")[0]


def test_reverting_to_an_old_version_over_a_newer_change_is_refused(
    records, editor_client, second_editor
):
    venture = Venture.objects.get()
    url = admin_url(Venture, "change", venture.pk)
    assert (
        editor_client.post(url, {**form_data(editor_client.get(url)), "size": "v2"}).status_code
        == 302
    )
    first = Venture.history.filter(id=venture.pk).order_by("history_date").first()
    revert_url = admin_url(Venture, "simple_history", venture.pk, first.history_id)
    opened_by_a = editor_client.get(revert_url)

    assert (
        second_editor.post(url, {**form_data(second_editor.get(url)), "size": "v3"}).status_code
        == 302
    )
    response = editor_client.post(revert_url, form_data(opened_by_a))

    assert response.status_code == 200
    assert "changed by brigitte" in non_field_errors(response)[0]
    assert Venture.objects.get(pk=venture.pk).size == "v3"


@pytest.mark.django_db(transaction=True)
def test_a_save_racing_a_concurrent_one_is_refused_on_postgres(postgres, review_groups):
    """B's save lands between A's form check and A's UPDATE: A's UPDATE waits for B's
    lock, finds the version gone, and A sees the same form error, with nothing saved."""
    from people.factories import PersonFactory
    from tests.concurrency import another_writer

    editor_a = Client()
    editor_a.force_login(staff_member("edie", review_groups["Editor"]))
    brigitte = staff_member("brigitte", review_groups["Editor"])
    person = PersonFactory(name="Kim Min-ji")
    url = admin_url(Person, "change", person.pk)
    typo_fix = {**form_data(editor_a.get(url)), "name": "Kim Min-jee"}

    def b_restricts() -> None:
        b = Person.objects.get(pk=person.pk)
        b.visibility = Visibility.RESTRICTED
        b._history_user = brigitte
        b.save()

    with another_writer(b_restricts):
        response = editor_a.post(url, typo_fix)

    assert response.status_code == 200
    assert "changed by brigitte" in non_field_errors(response)[0]
    stored = Person.objects.get(pk=person.pk)
    assert (stored.name, stored.visibility) == ("Kim Min-ji", Visibility.RESTRICTED)
