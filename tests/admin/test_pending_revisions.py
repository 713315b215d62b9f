"""An Archivist's change to a published record waits for an Editor (``core.review``).

The public keeps seeing the published version until an Editor approves the change on
the review queue, seeing the difference; a rejection needs a reason. Approval applies
the change only over the version the Archivist changed.
"""

from decimal import Decimal

import pytest

from core.records import PublicationState, Visibility
from core.review import Revision, RevisionRefused, RevisionState, approve, propose
from people.factories import PersonFactory
from tests.admin.pages import admin_url, form_data, form_errors, messages_of
from ventures.factories import ExchangeRateFactory, FundingFlowFactory
from ventures.models import FundingFlow

QUEUE = "/admin/core/revision/"


def change(client, obj, **values):
    url = admin_url(type(obj), "change", obj.pk)
    data = form_data(client.get(url)) | values
    return client.post(url, data, follow=True)


def published_flow() -> FundingFlow:
    ExchangeRateFactory(currency="USD", year=2015, units_per_usd=1)
    return FundingFlowFactory(
        amount_qualifier="range",
        amount_low=300,
        amount_high=500,
        currency="USD",
        start_year=2015,
        publication_state=PublicationState.PUBLISHED,
    )


def decide(client, revision, decision: str, reason: str = ""):
    url = f"{QUEUE}{revision.pk}/change/"
    return client.post(url, {"decision": decision, "decision_reason": reason}, follow=True)


def test_an_archivists_edit_to_a_published_flow_waits_and_the_public_sees_the_old_one(
    archivist_client, archivist, client
):
    flow = published_flow()
    versions = flow.history.count()

    response = change(archivist_client, flow, amount_high="5000", change_reason="Misread 500")

    assert "waits for an Editor" in messages_of(response)[0]
    flow.refresh_from_db()
    assert flow.amount_high == 500
    assert flow.history.count() == versions
    [revision] = Revision.objects.all()
    assert (revision.author, revision.reason) == (archivist, "Misread 500")
    assert revision.changes == {"amount_high": "5000"}
    public = client.get(flow.get_absolute_url()).content.decode()
    assert "5,000" not in public


def test_a_change_that_waits_must_say_why(archivist_client):
    flow = published_flow()

    response = change(archivist_client, flow, amount_high="5000")

    assert "change_reason" in form_errors(response)
    assert not Revision.objects.exists()


def test_the_editor_sees_the_difference_and_approval_applies_it_with_the_archivists_reason(
    archivist_client, editor_client, archivist
):
    flow = published_flow()
    change(archivist_client, flow, amount_high="5000", change_reason="Misread 500")
    revision = Revision.objects.get()

    queue = editor_client.get(QUEUE).content.decode()
    page = editor_client.get(f"{QUEUE}{revision.pk}/change/").content.decode()
    decide(editor_client, revision, "approve")

    assert "Amount high" in queue or "amount high" in queue
    assert "<del>500</del>" in page.replace(".00", "") and "<ins>5000</ins>" in page
    flow.refresh_from_db()
    assert flow.amount_high == Decimal(5000)
    assert (flow.usd_low, flow.usd_high) == (300, 5000)
    newest = flow.history.latest()
    assert newest.history_user == archivist
    assert newest.history_change_reason.startswith("Misread 500 (approved by edie)")
    revision.refresh_from_db()
    assert revision.state == RevisionState.APPROVED


def test_a_rejection_needs_a_reason_and_changes_nothing(archivist_client, editor_client):
    flow = published_flow()
    change(archivist_client, flow, amount_high="5000", change_reason="Misread 500")
    revision = Revision.objects.get()

    without = decide(editor_client, revision, "reject")
    decide(editor_client, revision, "reject", "The article says US$300 to US$500.")

    assert "decision_reason" in without.context["adminform"].form.errors
    revision.refresh_from_db()
    assert revision.state == RevisionState.REJECTED
    assert revision.decision_reason == "The article says US$300 to US$500."
    flow.refresh_from_db()
    assert flow.amount_high == 500


def test_approval_refuses_a_revision_of_a_record_changed_since(archivist_client, editor_client):
    flow = published_flow()
    change(archivist_client, flow, amount_high="5000", change_reason="Misread 500")
    change(editor_client, flow, purpose="School fees", change_reason="From the article")
    revision = Revision.objects.get()

    response = decide(editor_client, revision, "approve")

    assert "changed since this change was made" in " ".join(messages_of(response))
    flow.refresh_from_db()
    assert (flow.amount_high, flow.purpose) == (500, "School fees")
    revision.refresh_from_db()
    assert revision.state == RevisionState.PENDING


def test_an_archivist_cannot_decide(archivist_client):
    flow = published_flow()
    change(archivist_client, flow, amount_high="5000", change_reason="Misread 500")
    revision = Revision.objects.get()

    response = decide(archivist_client, revision, "approve")

    assert response.status_code == 403 or "Approved" not in " ".join(messages_of(response))
    flow.refresh_from_db()
    assert flow.amount_high == 500


def test_editors_own_edits_and_drafts_apply_at_once(editor_client, archivist_client):
    flow = published_flow()
    draft = PersonFactory(publication_state=PublicationState.DRAFT, description="Old.")

    change(editor_client, flow, amount_high="600", change_reason="Typo")
    change(archivist_client, draft, description="New.")

    flow.refresh_from_db()
    draft.refresh_from_db()
    assert (flow.amount_high, draft.description) == (600, "New.")
    assert not Revision.objects.exists()


def test_restricting_a_published_person_never_waits(archivist_client):
    person = PersonFactory(description="Lives in Hyesan.")

    change(
        archivist_client,
        person,
        visibility=Visibility.RESTRICTED,
        description="Lives near the border.",
        change_reason="At risk",
    )

    person.refresh_from_db()
    assert person.visibility == Visibility.RESTRICTED
    assert person.description == "Lives in Hyesan."
    assert Revision.objects.get().changes == {"description": "Lives near the border."}


@pytest.mark.django_db(transaction=True)
def test_an_approval_racing_an_edit_is_refused_on_postgres(postgres, review_groups):
    """An Editor's edit lands between the approval's version check and its UPDATE: the
    UPDATE waits for the edit's lock, finds the version gone, and nothing is applied."""
    from tests.admin.conftest import staff_member
    from tests.concurrency import another_writer

    archivist = staff_member("archie", review_groups["Archivist"])
    editor = staff_member("edie", review_groups["Editor"])
    flow = FundingFlowFactory(amount_qualifier="range", amount_low=300, amount_high=500)
    revision = propose(
        flow,
        {"amount_high": Decimal(5000)},
        user=archivist,
        reason="Misread 500",
        base_version=flow.version,
    )

    def editor_edits() -> None:
        other = FundingFlow.objects.get(pk=flow.pk)
        other.purpose = "School fees"
        other.save()

    with another_writer(editor_edits), pytest.raises(RevisionRefused):
        approve(revision, editor)

    flow.refresh_from_db()
    assert (flow.amount_high, flow.purpose) == (500, "School fees")
    revision.refresh_from_db()
    assert revision.state == RevisionState.PENDING
