"""Exports a spreadsheet opens without running anything: no cell becomes a formula.

A name such as ``=HYPERLINK("http://evil.example", "Click")`` in a record would be a
live formula in an exported file (CSV injection, OWASP). Two rules, one per format:

- CSV has no types, so a spreadsheet reads a cell that starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return as a formula. Such a text gets a leading ``'``, which
  the spreadsheet shows as text (OWASP's advice); a plain number such as ``-12.5`` is left
  as it is.
- XLSX cells carry their type, so a text is written as a text cell, exactly as stored;
  only a formula cell could run, and none is written.

django-import-export's ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` is not used: it only
handles a leading ``=``, and removes it, which changes the record's text.
"""

from __future__ import annotations

import io

from import_export.formats.base_formats import CSV, XLSX

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_safe(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet reads as a formula."""
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


class SafeCSV(CSV):
    """The admin's CSV export, with every formula-like text neutralised (``csv_safe``)."""

    def export_data(self, dataset, **kwargs):
        safe = dataset.__class__(headers=dataset.headers)
        for row in dataset:
            safe.append([csv_safe(cell) if isinstance(cell, str) else cell for cell in row])
        return super().export_data(safe, **kwargs)


class SafeXLSX(XLSX):
    """The admin's XLSX export, with every text written as a text cell, never a formula."""

    def export_data(self, dataset, **kwargs):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=dataset.title or "Sheet1")

        def cell(value, bold: bool = False) -> WriteOnlyCell:
            written = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # openpyxl would make "=…" a formula; a text cell keeps it text.
                written.data_type = "s"
            if bold:
                written.font = Font(bold=True)
            return written

        if dataset.headers:
            sheet.append([cell(header, bold=True) for header in dataset.headers])
        for row in dataset:
            sheet.append([cell(value) for value in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
