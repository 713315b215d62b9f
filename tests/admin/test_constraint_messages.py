"""Every database constraint reaches the archivist as a sentence saying what to change.

Django's fallback for a constraint without a message is ``Constraint “<name>” is
violated.``; the archivist cannot act on it. Each constraint of every model is checked
for its own message, and two of them are driven through the paths an archivist uses:
the admin form and the CSV import.
"""

import pytest
from django.apps import apps
from django.db.models import UniqueConstraint

from people.factories import OrganizationFactory
from tests.admin.pages import admin_url, form_data, form_errors
from tests.admin.test_import_export import upload
from ventures.factories import FundingFlowFactory
from ventures.models import FundingFlow, GoodsItem

ARCHIVE_APPS = ("core", "people", "ventures", "sources")

CONSTRAINTS = [
    (model, constraint)
    for app in ARCHIVE_APPS
    for model in apps.get_app_config(app).get_models()
    for constraint in model._meta.constraints
]


def test_the_archive_has_its_constraints():
    # The iteration below must see them all; about 90 on the models of 2026-11.
    assert len(CONSTRAINTS) > 80


@pytest.mark.parametrize(
    ("model", "constraint"), CONSTRAINTS, ids=lambda value: getattr(value, "name", "")
)
def test_every_constraint_says_what_to_change(model, constraint):
    message = str(constraint.get_violation_error_message())

    assert constraint.violation_error_message != constraint.default_violation_error_message
    assert "is violated" not in message
    assert constraint.name not in message
    assert message.endswith((".", "?")), message
    if isinstance(constraint, UniqueConstraint):
        # Django would otherwise say "… with this Flow and Item already exists."
        assert "already exists" not in message


def test_contradicting_bounds_on_the_flow_form_are_explained(editor_client, db):
    flow = FundingFlowFactory(amount_qualifier="exact", amount_low=500, amount_high=500)
    page = editor_client.get(admin_url(FundingFlow, "change", flow.pk))
    data = form_data(page) | {"amount_low": "500", "amount_high": "5000"}

    response = editor_client.post(admin_url(FundingFlow, "change", flow.pk), data)

    errors = " ".join(str(e) for e in form_errors(response).values())
    assert "exact and approximate need the same low and high" in errors
    assert "Constraint" not in response.content.decode()


def test_a_repeated_goods_item_is_explained_without_the_constraint_name(db):
    flow = FundingFlowFactory()
    GoodsItem.objects.create(flow=flow, item="LED desk lamps", quantity_qualifier="unknown")
    repeated = GoodsItem(flow=flow, item="LED desk lamps", quantity_qualifier="unknown")

    with pytest.raises(Exception) as caught:
        repeated.full_clean()

    assert "already lists this item" in str(caught.value)


def test_contradicting_bounds_in_a_csv_row_are_explained(editor_client, db):
    OrganizationFactory(slug="the-bridge")
    OrganizationFactory(slug="the-school")
    csv = (
        "funder,recipient,kind,amount_qualifier,amount_low,amount_high,currency,"
        "publication_state,visibility\n"
        "the-bridge,the-school,donation,at_least,,5000,USD,draft,public\n"
    )

    preview = upload(editor_client, FundingFlow, csv)

    [invalid] = preview.context["result"].invalid_rows
    errors = " ".join(str(e) for messages in invalid.error_dict.values() for e in messages)
    assert "“more than” only a low bound" in errors
    assert "is violated" not in preview.content.decode()
