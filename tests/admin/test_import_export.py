"""Export any changelist as CSV, JSON or XLSX; import CSV with a preview, all rows or none."""

import io
import json

import pytest
import tablib
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile

from core.records import PublicationState, Qualifier
from people.factories import OrganizationFactory, PartyAliasFactory, PersonFactory
from people.models import Organization, Person
from people.resources import PersonResource
from tests.admin.pages import admin_url, messages_of
from ventures.factories import ExchangeRateFactory, PlaceFactory, SectorFactory
from ventures.models import FundingFlow, Venture

EXPORTABLE = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_label in {"people", "ventures", "sources"}
    ),
    key=lambda model: model._meta.label,
)
FORMATS = {"csv": 0, "json": 1, "xlsx": 2}

PEOPLE_CSV = (
    "slug,name,native_name,origin_country,publication_state,visibility\n"
    "kim-new-one,Kim New One,김새하나,KP,draft,public\n"
    "kim-new-two,Kim New Two,,KR,draft,restricted\n"
)


def export(client, model, file_format: str, query: str = ""):
    url = admin_url(model, "export") + query
    form = client.get(url).context["form"]
    data = {"format": FORMATS[file_format], "resource": "0"}
    data |= {
        name: "on"
        for name, field in form.fields.items()
        if getattr(field, "is_selectable_field", False)
    }
    return client.post(url, data)


def upload(client, model, text: str):
    """The first, dry-run step of an import: the preview."""
    upload = SimpleUploadedFile("rows.csv", text.encode(), content_type="text/csv")
    return client.post(
        admin_url(model, "import"), {"format": "0", "resource": "0", "import_file": upload}
    )


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    return client.post(
        admin_url(model, "process_import"), {k: form[k].value() for k in form.fields}, follow=True
    )


@pytest.mark.parametrize("model", EXPORTABLE, ids=lambda model: model._meta.label)
def test_every_changelist_exports_as_csv(admin_client, model):
    response = export(admin_client, model, "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_people_export_as_json_and_xlsx_with_aliases_and_without_search_columns(admin_client):
    person = PersonFactory(name="Ji Seong-ho")
    PartyAliasFactory(party=person, name="Ji Seong Ho")
    PartyAliasFactory(party=person, name="지성호")

    rows = json.loads(export(admin_client, Person, "json").content)
    xlsx = export(admin_client, Person, "xlsx")

    assert rows == [
        {
            **rows[0],
            "slug": person.slug,
            "name": "Ji Seong-ho",
            "aliases": "Ji Seong Ho|지성호",
            "origin_country": "KP",
        }
    ]
    assert "search_text" not in rows[0]
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert tablib.Dataset().load(io.BytesIO(xlsx.content), format="xlsx")[0][1] == "Ji Seong-ho"


def test_export_follows_the_changelist_filter(admin_client):
    PersonFactory(name="Kim Published")
    PersonFactory(name="Kim Draft", publication_state=PublicationState.DRAFT)

    rows = json.loads(
        export(admin_client, Person, "json", "?publication_state__exact=draft").content
    )

    assert [row["name"] for row in rows] == ["Kim Draft"]


def test_flow_export_reads_amounts_as_an_archivist_says_them(admin_client):
    from ventures.factories import FundingFlowFactory

    FundingFlowFactory()
    [row] = json.loads(export(admin_client, FundingFlow, "json").content)
    assert row["amount"] == "CNY 20,000–30,000 per recipient"


def test_import_preview_writes_nothing(archivist_client):
    preview = upload(archivist_client, Person, PEOPLE_CSV)

    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new", "new"]
    assert "confirm_form" in preview.context
    assert not Person.objects.exists()


def test_confirmed_import_adds_rows_as_drafts_with_their_author_in_history(
    archivist_client, archivist
):
    preview = upload(archivist_client, Person, PEOPLE_CSV)

    response = confirm(archivist_client, Person, preview)

    assert "Import finished: 2 new" in messages_of(response)[0]
    person = Person.objects.get(slug="kim-new-one")
    assert (person.native_name, person.origin_country.code, person.publication_state) == (
        "김새하나",
        "KP",
        PublicationState.DRAFT,
    )
    assert person.kind == "person"
    assert person.history.latest().history_user == archivist


def test_a_bad_row_is_a_row_error_and_the_file_cannot_be_confirmed(archivist_client):
    bad = PEOPLE_CSV + "kim-bad,Kim Bad,,KP,draft,nowhere\n"

    preview = upload(archivist_client, Person, bad)

    result = preview.context["result"]
    [invalid] = result.invalid_rows
    assert invalid.number == 3
    assert "visibility" in invalid.error_dict
    assert "confirm_form" not in preview.context
    assert not Person.objects.exists()


def test_a_bad_row_rolls_back_the_whole_file_on_import(db):
    dataset = tablib.Dataset().load(
        PEOPLE_CSV + "kim-bad,Kim Bad,,KP,draft,nowhere\n", format="csv"
    )

    result = PersonResource().import_data(dataset, dry_run=False, user=None)

    assert result.has_validation_errors()
    assert not Person.objects.exists()


def test_rows_that_break_while_waiting_for_confirmation_import_nothing(archivist_client):
    csv = (
        "slug,name,org_kind,parent,publication_state,visibility\n"
        "child-one,Child One,ngo,the-parent,draft,public\n"
        "child-two,Child Two,ngo,,draft,public\n"
    )
    parent = OrganizationFactory(slug="the-parent")
    preview = upload(archivist_client, Organization, csv)
    parent.delete()

    response = confirm(archivist_client, Organization, preview)

    assert "Nothing was imported" in messages_of(response)[0]
    assert not Organization.objects.filter(slug__startswith="child-").exists()


def test_an_unknown_link_is_a_row_error_naming_the_slug(archivist_client):
    csv = "slug,name,venture_kind,place,sectors,publication_state,visibility\n"
    csv += "noodles,Noodle shops,small_business,nowhere-town,food|retail,draft,public\n"
    SectorFactory(slug="food")

    preview = upload(archivist_client, Venture, csv)

    errors = preview.context["result"].invalid_rows[0].error_dict
    assert errors["place"] == ["No place has the slug 'nowhere-town'."]
    assert errors["sectors"] == ["No sector has the slug 'retail'."]


def test_an_archivist_cannot_publish_by_import(archivist_client):
    csv = PEOPLE_CSV.replace(
        "kim-new-two,Kim New Two,,KR,draft", "kim-new-two,Kim New Two,,KR,published"
    )

    preview = upload(archivist_client, Person, csv)

    [invalid] = preview.context["result"].invalid_rows
    assert "publication_state" in invalid.error_dict
    assert not Person.objects.exists()


def test_an_editor_imports_ventures_and_flows_linked_by_slug(editor_client):
    place = PlaceFactory(slug="sinuiju")
    SectorFactory(slug="food-service")
    OrganizationFactory(slug="the-bridge")
    ExchangeRateFactory(currency="CNY", year=2015)
    ventures = (
        "slug,name,venture_kind,status,place,sectors,operated_by,publication_state,visibility\n"
        "noodle-shop,Noodle shop,small_business,active,sinuiju,food-service,the-bridge,"
        "published,public\n"
    )
    flows = (
        "funder,recipient,kind,amount_qualifier,amount_low,amount_high,currency,start_year,"
        "publication_state,visibility\n"
    )
    flows += "the-bridge,noodle-shop,donation,exact,6900,6900,CNY,2015,draft,public\n"

    confirm(editor_client, Venture, upload(editor_client, Venture, ventures))
    confirm(editor_client, FundingFlow, upload(editor_client, FundingFlow, flows))

    venture = Venture.objects.get(slug="noodle-shop")
    assert (venture.place, venture.publication_state) == (place, PublicationState.PUBLISHED)
    assert [sector.slug for sector in venture.sectors.all()] == ["food-service"]
    assert venture.operated_by.slug == "the-bridge"
    flow = FundingFlow.objects.get()
    assert flow.recipient_id == venture.pk
    assert flow.amount_qualifier == Qualifier.EXACT
    assert (flow.usd_low, flow.usd_high) == (1000, 1000)


def test_reimporting_an_export_changes_nothing(editor_client):
    PersonFactory(name="Kim Steady")
    csv = export(editor_client, Person, "csv").content.decode()

    preview = upload(editor_client, Person, csv)

    assert [row.import_type for row in preview.context["result"].rows] == ["skip"]


def test_only_people_organisations_ventures_and_flows_can_be_imported(admin_client):
    importable = {
        model
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "import_action")
    }
    assert importable == {Person, Organization, Venture, FundingFlow}
