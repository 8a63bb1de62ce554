"""Cells of the XLSX and CSV files we write, safe from formula injection (issue 11, item 5).

A name, note or comment typed by one user ends up in another user's spreadsheet; a value that begins
with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by Excel or
LibreOffice (a `=HYPERLINK(...)` that sends the sheet's data away, a DDE command). Every writer puts
its rows through this module: in XLSX such a value is a text cell shown as typed (quote prefix), in
CSV it is prefixed with `'`, which the spreadsheet hides and our CSV import takes off again.
Numbers (a negative score) stay numbers: only text is touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    """Text that a spreadsheet would read as a formula or a command."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """The values to `sheet.append()` (a normal or a write-only sheet); formula-like text becomes a
    text cell (other values are left to openpyxl, which is faster on a province's rows)."""
    return [text_cell(sheet, value) if looks_like_formula(value) else value for value in values]


def text_cell(sheet: Any, value: Any) -> Any:
    """A cell of `sheet` holding `value`; formula-like text is stored as text, shown as typed."""
    cell = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A row for `csv.writer`: formula-like text gets a leading `'`."""
    return ["'" + value if looks_like_formula(value) else value for value in values]


def csv_unescape(text: str) -> str:
    """A cell of a CSV file as the user meant it: the `'` that `csv_row` added is taken off."""
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text
