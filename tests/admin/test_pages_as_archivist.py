"""An Archivist works on every page: lists, add and change forms, history, export."""

import pytest

from people.models import Party
from tests.admin.pages import admin_url
from tests.test_admin_pages import MODELS, READ_ONLY, label


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_archivist_opens_every_list_form_history_and_export(archivist_client, records, model):
    obj = model._default_manager.order_by("pk").first()
    pages = {
        "changelist": admin_url(model, "changelist"),
        "change": admin_url(model, "change", obj.pk),
        "history": admin_url(model, "history", obj.pk),
        "export": admin_url(model, "export"),
    }
    if model not in READ_ONLY:
        pages["add"] = admin_url(model, "add")
    for name, url in pages.items():
        assert archivist_client.get(url).status_code == 200, name


@pytest.mark.parametrize("model", [m for m in MODELS if m not in READ_ONLY], ids=label)
def test_archivist_sees_no_delete_button(archivist_client, records, model):
    obj = model._default_manager.order_by("pk").first()
    page = archivist_client.get(admin_url(model, "change", obj.pk))
    assert page.context["has_change_permission"]
    assert not page.context["has_delete_permission"]


def test_archivist_sees_the_party_index_read_only(archivist_client, records):
    party = Party.objects.order_by("pk").first()
    page = archivist_client.get(admin_url(Party, "change", party.pk))
    assert not page.context["has_change_permission"]
