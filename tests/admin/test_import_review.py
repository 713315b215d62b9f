"""An Archivist's import that changes a published record waits for an Editor, as an edit does.

A row that would change a published record becomes a pending revision (its fields and
its links), the record stays as the public sees it, the preview and the result say
which rows wait, and an Editor's approval applies the change with the import as its
reason. Rows a record carries (a flow's goods and citations) cannot wait in a revision
from a file: changing them on a published record is a row error, in words.
"""

import csv as csv_module
import io
import json

from core.records import PublicationState
from core.resources import IMPORTED
from core.review import Revision, RevisionState, approve
from people.factories import PersonFactory
from people.models import Person
from tests.admin.pages import messages_of
from tests.admin.test_import_export import confirm, export, upload
from ventures.factories import FundingFlowFactory, SectorFactory, VentureFactory
from ventures.models import FundingFlow, Venture

PEOPLE = "slug,name,native_name,origin_country,publication_state,visibility\n"


def test_an_archivists_change_to_a_published_person_waits_and_changes_nothing(
    archivist_client, archivist, editor
):
    person = PersonFactory(slug="kim-steady", name="Kim Steady", origin_country="KP")
    version = person.version
    csv = PEOPLE + "kim-steady,Kim Steady,김안정,KP,published,public\n"

    preview = upload(archivist_client, Person, csv)

    assert "confirm_form" in preview.context
    assert "Row 1 (Kim Steady) changes a published record" in preview.content.decode()
    assert not Revision.objects.exists()  # the preview is a dry run
    response = confirm(archivist_client, Person, preview)

    assert any("waits for an Editor's review" in text for text in messages_of(response))
    person.refresh_from_db()
    assert (person.native_name, person.version) == ("", version)
    revision = Revision.objects.get()
    assert (revision.state, revision.author, revision.reason) == (
        RevisionState.PENDING,
        archivist,
        IMPORTED,
    )
    assert revision.changes == {"native_name": "김안정"}
    approve(revision, editor)
    person.refresh_from_db()
    assert person.native_name == "김안정"
    assert person.publication_state == PublicationState.PUBLISHED


def test_a_published_ventures_sectors_change_by_import_waits_too(archivist_client, editor):
    food, software = SectorFactory(slug="food"), SectorFactory(slug="software")
    venture = VentureFactory(slug="noodles", name="Noodles", venture_kind="small_business")
    venture.sectors.set([food])
    csv = export(archivist_client, Venture, "csv").content.decode()
    csv = csv.replace(",food,", ",software,")
    assert ",software," in csv

    confirm(archivist_client, Venture, upload(archivist_client, Venture, csv))

    assert [sector.slug for sector in venture.sectors.all()] == ["food"]
    revision = Revision.objects.get()
    assert revision.changes == {"sectors": [software.pk]}
    approve(revision, editor)
    assert [sector.slug for sector in venture.sectors.all()] == ["software"]


def test_a_draft_changes_at_once_and_an_editors_import_never_waits(archivist_client, editor_client):
    PersonFactory(slug="kim-draft", name="Kim Draft", publication_state="draft")
    PersonFactory(slug="kim-steady", name="Kim Steady", origin_country="KP")
    draft = PEOPLE + "kim-draft,Kim Draft,김초안,KP,draft,public\n"
    published = PEOPLE + "kim-steady,Kim Steady,김안정,KP,published,public\n"

    confirm(archivist_client, Person, upload(archivist_client, Person, draft))
    confirm(editor_client, Person, upload(editor_client, Person, published))

    assert Person.objects.get(slug="kim-draft").native_name == "김초안"
    assert Person.objects.get(slug="kim-steady").native_name == "김안정"
    assert not Revision.objects.exists()


def test_a_published_flows_goods_cannot_wait_in_a_file(archivist_client):
    flow = FundingFlowFactory(
        amount_qualifier="unknown", amount_low=None, amount_high=None, currency=""
    )
    csv = export(archivist_client, FundingFlow, "csv").content.decode()
    header, row = csv.splitlines()
    cells = next(csv_module.reader([row]))
    goods = header.split(",").index("goods")
    cells[goods] = json.dumps([{"item": "Sewing machines"}])
    out = io.StringIO()
    csv_module.writer(out).writerow(cells)

    preview = upload(archivist_client, FundingFlow, header + "\n" + out.getvalue())

    [invalid] = preview.context["result"].invalid_rows
    assert "waits for an Editor's review" in " ".join(invalid.error_dict["goods"])
    assert not flow.goods.exists() and not Revision.objects.exists()
