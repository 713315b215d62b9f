"""The rows of a published record wait for review with its fields (``core.review``).

An Archivist adding, changing or deleting aliases, citations, goods or conversions on a
published record's page stores them in the one revision that save makes; the public
keeps the published rows; the Editor reads each row's change on the queue, and approval
applies them all in one transaction, or nothing if a row changed since.
"""

from decimal import Decimal

from core.review import Revision, RevisionState
from people.factories import PersonFactory
from people.models import PartyAlias
from sources.factories import QUOTE, CitationFactory, SourceFactory
from sources.models import Citation
from tests.admin.pages import add_inline_row, admin_url, form_data, messages_of
from tests.admin.test_pending_revisions import QUEUE, decide, published_flow
from ventures.factories import GoodsItemFactory
from ventures.models import GoodsItem

SHORTER = "Each of the three entrepreneurs received 20,000 yuan"


def inline_prefix(page, model) -> str:
    return next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is model
    )


def flow_with_rows():
    flow = published_flow()
    citation = CitationFactory(flow=flow, party=None, quote=QUOTE)
    goods = GoodsItemFactory(flow=flow, item="LED desk lamps")
    return flow, citation, goods


def change_flow_rows(client, flow, reason="From the article", **fields):
    """Shorten the citation's quote, rename the goods item, add another (an Archivist
    deletes no row: that is an Editor's permission)."""
    url = admin_url(type(flow), "change", flow.pk)
    page = client.get(url)
    data = form_data(page) | fields
    if reason:
        data["change_reason"] = reason
    citations, goods = inline_prefix(page, Citation), inline_prefix(page, GoodsItem)
    data[f"{citations}-0-quote"] = SHORTER
    data[f"{goods}-0-item"] = "Chinese LED desk lamps"
    add_inline_row(
        page,
        data,
        GoodsItem,
        item="Sewing machines",
        quantity_qualifier="exact",
        quantity_low="3",
        quantity_high="3",
    )
    return client.post(url, data, follow=True)


def add_alias(client, person, name="Kim Sung-won", reason="Spelling in the article"):
    url = admin_url(type(person), "change", person.pk)
    page = client.get(url)
    data = form_data(page) | {"change_reason": reason}
    add_inline_row(page, data, PartyAlias, name=name, kind="romanisation")
    return client.post(url, data, follow=True)


def test_an_archivists_new_alias_waits_and_the_public_does_not_see_it(
    archivist_client, archivist, client
):
    person = PersonFactory(name="Kim Seong-won")

    response = add_alias(archivist_client, person)

    assert "waits for an Editor" in messages_of(response)[0]
    assert not person.aliases.exists()
    [revision] = Revision.objects.all()
    assert (revision.author, revision.reason, revision.changes) == (
        archivist,
        "Spelling in the article",
        {},
    )
    [row] = revision.rows
    assert (row["action"], row["fields"]) == (
        "add",
        {"name": "Kim Sung-won", "kind": "romanisation"},
    )
    assert "Kim Sung-won" not in client.get(person.get_absolute_url()).content.decode()


def test_rows_that_wait_must_say_why(archivist_client):
    person = PersonFactory()

    response = add_alias(archivist_client, person, reason="")

    assert response.status_code == 200
    errors = " ".join(
        str(inline.formset.non_form_errors())
        for inline in response.context["inline_admin_formsets"]
    )
    assert "say why you make it" in errors
    assert not Revision.objects.exists() and not person.aliases.exists()


def test_one_save_of_fields_and_rows_is_one_revision_the_editor_reads_row_by_row(
    archivist_client, editor_client
):
    flow, citation, goods = flow_with_rows()

    change_flow_rows(archivist_client, flow, amount_high="5000")

    [revision] = Revision.objects.all()
    assert revision.changes == {"amount_high": "5000"}
    assert sorted(row["action"] for row in revision.rows) == ["add", "change", "change"]
    page = editor_client.get(f"{QUEUE}{revision.pk}/change/").content.decode()
    assert "Goods item added" in page and "“Sewing machines”" in page
    assert "Goods item “" in page and "<ins>Chinese LED desk lamps</ins>" in page
    assert "Citation “" in page and "changed: quote" in page
    assert f"<ins>{SHORTER}</ins>" in page
    queue = editor_client.get(QUEUE).content.decode()
    assert "goods item added" in queue and "citation changed" in queue
    flow.refresh_from_db()
    citation.refresh_from_db()
    assert (flow.amount_high, citation.quote) == (500, QUOTE)
    goods.refresh_from_db()
    assert goods.item == "LED desk lamps"


def test_approval_applies_fields_and_rows_in_the_archivists_name(
    archivist_client, editor_client, archivist
):
    flow, citation, _ = flow_with_rows()
    change_flow_rows(archivist_client, flow, amount_high="5000")
    revision = Revision.objects.get()

    response = decide(editor_client, revision, "approve")

    assert "Approved" in " ".join(messages_of(response))
    flow.refresh_from_db()
    citation.refresh_from_db()
    assert flow.amount_high == Decimal(5000)
    assert citation.quote == SHORTER
    assert sorted(flow.goods.values_list("item", flat=True)) == [
        "Chinese LED desk lamps",
        "Sewing machines",
    ]
    newest = citation.history.latest()
    assert newest.history_user == archivist
    assert newest.history_change_reason == "From the article (approved by edie)"
    revision.refresh_from_db()
    assert revision.state == RevisionState.APPROVED


def test_a_row_changed_since_refuses_the_approval_and_nothing_is_applied(
    archivist_client, editor_client
):
    flow, citation, _ = flow_with_rows()
    change_flow_rows(archivist_client, flow, amount_high="5000")
    revision = Revision.objects.get()
    # An Editor corrects the citation on its own page meanwhile.
    other = Citation.objects.get(pk=citation.pk)
    other.source = SourceFactory(title="Another telling")
    other.save()

    response = decide(editor_client, revision, "approve")

    message = " ".join(messages_of(response))
    assert "Nothing was applied" in message
    assert "citation" in message and "changed since this change was made" in message
    flow.refresh_from_db()
    assert flow.amount_high == 500
    assert list(flow.goods.values_list("item", flat=True)) == ["LED desk lamps"]
    revision.refresh_from_db()
    assert revision.state == RevisionState.PENDING


def test_a_rejection_applies_no_row(archivist_client, editor_client):
    person = PersonFactory()
    add_alias(archivist_client, person)
    revision = Revision.objects.get()

    decide(editor_client, revision, "reject", "The article spells it Seong-won.")

    revision.refresh_from_db()
    assert revision.state == RevisionState.REJECTED
    assert not person.aliases.exists()


def test_an_approved_alias_is_added(archivist_client, editor_client, client):
    person = PersonFactory()
    add_alias(archivist_client, person)
    revision = Revision.objects.get()
    assert (
        "Party alias added" in editor_client.get(f"{QUEUE}{revision.pk}/change/").content.decode()
    )

    decide(editor_client, revision, "approve")

    assert list(person.aliases.values_list("name", "kind")) == [("Kim Sung-won", "romanisation")]
    assert "Kim Sung-won" in client.get(person.get_absolute_url()).content.decode()


def test_an_editors_rows_apply_at_once(editor_client):
    person = PersonFactory()

    add_alias(editor_client, person)

    assert person.aliases.filter(name="Kim Sung-won").exists()
    assert not Revision.objects.exists()
