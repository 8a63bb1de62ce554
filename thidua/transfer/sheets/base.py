"""What the three lists share: columns, cell parsers, reading and writing workbooks, the import.

A sheet declares its columns once; the same columns make the downloadable template, the export
(which imports back) and the import's checks. Parsing is by column position, after checking that
row 1 holds the template's headings (in Vietnamese or English, accents and case ignored), so that
a file meant for another list is refused before any row is read.

An import first validates every row and reports each problem with its Excel row number, its column
and what to write instead; only a file without any problem is written, in one transaction, through
the same services as the pages (so every change is audited). A service may still refuse a row (for
example the rotation rule of a block); then everything written so far is rolled back and the
service's reasons are reported on that row.
"""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.accounts.types import Actor
from thidua.lib.cells import xlsx_row
from thidua.lib.vietnamese import search_key
from thidua.lib.xlsx import UnreadableWorkbook, open_workbook, reason_of, too_many_rows

# A province has a few thousand units and people; a bigger file is almost surely a mistake.
MAX_ROWS = 20000
# Empty rows are skipped, but not without end: a sheet may declare no size and jump to row 1,048,576.
MAX_SHEET_ROWS = 5 * MAX_ROWS
# Rows of a template (or below an export) that offer the dropdown lists.
DROPDOWN_ROWS = 2000
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True)
class RowError:
    """One problem: the Excel row (row 1 is the headings; 0 is the file as a whole) and the column."""

    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class RowProblem(Exception):
    """A cell that cannot be read; the message says what to write instead."""


# -- cell parsers -------------------------------------------------------------------------------


def clean_text(value: Any) -> str:
    """A cell as single-spaced text; a whole number that Excel stored as a float loses its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def is_empty(value: Any) -> bool:
    return clean_text(value) == ""


def parse_date(value: Any) -> datetime.date:
    """An Excel date cell, or text written dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = clean_text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowProblem(
        _("“%(value)s” is not a date; write it as dd/mm/yyyy, e.g. 03/04/2026.") % {"value": text}
    )


def parse_year(value: Any) -> int:
    text = clean_text(value)
    if not text.isdecimal() or not 1945 <= int(text) <= 2100:
        raise RowProblem(_("“%(value)s” is not a year such as 2025.") % {"value": text})
    return int(text)


def parse_yes(value: Any) -> bool:
    """The "checked" column: x, có, yes (any case, accents optional) mean yes."""
    return search_key(clean_text(value)) in {"x", "co", "yes", "y", "1", "true", "dung"}


def labels_in(choices: type[models.TextChoices], language: str) -> list[tuple[str, str]]:
    with translation.override(language):
        return [(str(code), str(label)) for code, label in choices.choices]


@functools.cache
def _choice_keys(choices: type[models.TextChoices], aliases: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """{search key of a code, label or alias: code}; built once, as a file may have thousands of rows."""
    options: dict[str, str] = {}
    for language in ("en", "vi"):
        for code, label in labels_in(choices, language):
            options[search_key(code)] = code
            options[search_key(label)] = code
    for alias, code in aliases:
        options[search_key(alias)] = code
    return options


def parse_choice(
    value: Any, choices: type[models.TextChoices], aliases: tuple[tuple[str, str], ...] = ()
) -> str:
    """A choice written as its code or its label in Vietnamese or English, case and accents optional."""
    options = _choice_keys(choices, aliases)
    text = clean_text(value)
    if search_key(text) in options:
        return options[search_key(text)]
    allowed = ", ".join(str(label) for _code, label in choices.choices)
    raise RowProblem(
        _("“%(value)s” is not allowed; use one of: %(allowed)s.") % {"value": text, "allowed": allowed}
    )


def parse_national_id(value: Any) -> str:
    """Twelve digits (CCCD). A number cell has lost its leading zeros; say so rather than guess them."""
    text = clean_text(value).replace(" ", "")
    if text.isdecimal() and len(text) == 12:
        return text
    if isinstance(value, int | float) and len(text) < 12:
        raise RowProblem(
            _(
                "The national ID number must have exactly 12 digits; “%(value)s” has %(n)s. Excel drops "
                "leading zeros from numbers: format the column as Text and type the 12 digits again."
            )
            % {"value": text, "n": len(text)}
        )
    raise RowProblem(
        _("The national ID number must have exactly 12 digits; “%(value)s” has %(n)s.")
        % {"value": text, "n": len(text)}
    )


def parse_codes(value: Any) -> list[str]:
    """Several codes in one cell, separated by semicolons, commas or line breaks, in their order."""
    text = str(value) if not isinstance(value, float | int) else clean_text(value)
    parts = text.replace("\n", ";").replace(",", ";").split(";")
    return [code for code in (" ".join(part.split()) for part in parts) if code]


def parse_count(value: Any) -> int | None:
    """A count from paper minutes: a whole number from 0; "?", "không rõ" or "chưa rõ" = unknown."""
    text = clean_text(value)
    if search_key(text) in {"?", "khong ro", "chua ro", "unknown"}:
        return None
    digits = text.replace(".", "").replace(" ", "")
    if not digits.isdecimal():
        raise RowProblem(
            _("“%(value)s” is not a whole number; leave the cell empty or write ? if the minutes do not say.")
            % {"value": text}
        )
    return int(digits)


def parse_rank(value: Any) -> int:
    text = clean_text(value)
    if not text.isdecimal() or int(text) < 1:
        raise RowProblem(_("“%(value)s” is not a rank; write a whole number from 1.") % {"value": text})
    return int(text)


@dataclass(frozen=True)
class Column:
    """One column: its key (the model field it fills, where there is one), heading and reading rules."""

    key: str
    header: Any  # a lazy translation: the template speaks the language of the person downloading it
    required: bool = False
    width: int = 18
    parse: Callable[[Any], Any] = clean_text
    empty: Any = ""  # the value of an empty, optional cell
    max_length: int | None = None
    # Formatted as text in Excel, so that codes and ID numbers keep their leading zeros.
    as_text: bool = False
    # Offered as a dropdown in the template and listed on the guide sheet; codes and either
    # language's labels are accepted.
    choices: type[models.TextChoices] | None = None
    aliases: tuple[tuple[str, str], ...] = ()

    def read(self, value: Any) -> Any:
        if self.choices is not None:
            return parse_choice(value, self.choices, self.aliases)
        return self.parse(value)

    def headings(self) -> set[str]:
        """What row 1 may say for this column: its heading in either language, or its key."""
        found = {search_key(self.key)}
        for language in ("vi", "en"):
            with translation.override(language):
                found.add(search_key(str(self.header)))
        return found


# -- reading a workbook ---------------------------------------------------------------------------


def read_rows(upload: Any, columns: list[Column]) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """The data rows of the first sheet as (Excel row number, {column key: cell}); empty rows skipped."""
    try:
        workbook = open_workbook(upload, max_rows=MAX_ROWS)
    except UnreadableWorkbook as problem:
        return [], [RowError(0, "", str(problem))]
    try:
        return _sheet_rows(workbook, columns)
    except Exception as exc:  # a sheet is parsed while it is read: entities, damaged XML
        return [], [RowError(0, "", reason_of(exc))]
    finally:
        workbook.close()


def _sheet_rows(
    workbook: Any, columns: list[Column]
) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = list(next(rows, None) or [])
    errors = check_headings(header, columns)
    if errors:
        return [], errors
    data: list[tuple[int, dict[str, Any]]] = []
    # Read-only worksheets yield an empty tuple for a missing row, so the count stays the Excel row.
    for number, values in enumerate(rows, start=2):
        if number > MAX_SHEET_ROWS:
            return [], [RowError(0, "", too_many_rows(MAX_ROWS))]
        cells = list(values or ())[: len(columns)]
        if all(is_empty(v) for v in cells):
            continue
        if len(data) >= MAX_ROWS:
            return [], [RowError(number, "", too_many_rows(MAX_ROWS))]
        cells += [None] * (len(columns) - len(cells))
        data.append((number, {c.key: cells[i] for i, c in enumerate(columns)}))
    return data, []


def check_headings(header: list[Any], columns: list[Column]) -> list[RowError]:
    """Row 1 must be the template's headings; an optional last column may be missing."""
    if all(is_empty(h) for h in header):
        return [
            RowError(
                1,
                "",
                _(
                    "Row 1 must hold the template's headings: %(headings)s. Download the template and copy your data into it."
                )
                % {"headings": ", ".join(str(c.header) for c in columns)},
            )
        ]
    errors = []
    for index, column in enumerate(columns):
        found = clean_text(header[index]) if index < len(header) else ""
        if found == "" and not column.required:
            continue
        if search_key(found) not in column.headings():
            errors.append(
                RowError(
                    1,
                    str(column.header),
                    _(
                        "Column %(letter)s should be headed “%(expected)s”, not “%(found)s”. This file does "
                        "not follow the template of this list: download the template and copy your data into it."
                    )
                    % {"letter": get_column_letter(index + 1), "expected": column.header, "found": found},
                )
            )
    return errors


# -- writing a workbook ---------------------------------------------------------------------------


def write_workbook(
    title: str,
    columns: list[Column],
    rows: Iterable[list[Any]],
    notes: list[str],
    example: list[list[Any]] | None = None,
) -> bytes:
    """The data sheet (bold headings, required ones highlighted, dropdowns for choices) and a guide.

    The guide lists the notes, then an example of filled rows under the headings (on the guide, so
    that a template imported as downloaded imports nothing), then every allowed value of each choice
    column with its code and its label in both languages; the dropdowns offer the labels of the
    language the template is made in.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _sheet_title(title)
    guide = workbook.create_sheet(_sheet_title(_("Guide")))

    sheet.append(xlsx_row(sheet, [str(c.header) for c in columns]))
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = REQUIRED_FILL
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.as_text:
            dimension.number_format = "@"
    count = 0
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
        count += 1
    sheet.freeze_panes = "A2"

    for line in notes:
        guide.append(xlsx_row(guide, [line]))
    if example:
        guide.append([])
        guide.append([_("Example (copy the layout to the first sheet, not these values):")])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        guide.append(xlsx_row(guide, [str(c.header) for c in columns]))
        for cell in guide[guide.max_row]:
            cell.font = Font(bold=True)
        for filled in example:
            guide.append(xlsx_row(guide, filled))
    english = (translation.get_language() or "vi").startswith("en")
    for index, column in enumerate(columns, start=1):
        if column.choices is None:
            continue
        guide.append([])
        guide.append([str(column.header)])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        guide.append([_("Vietnamese"), _("English"), _("Code")])
        for cell in guide[guide.max_row]:
            cell.font = Font(bold=True)
        first = guide.max_row + 1
        vietnamese = labels_in(column.choices, "vi")
        in_english = dict(labels_in(column.choices, "en"))
        for code, label in vietnamese:
            guide.append(xlsx_row(guide, [label, in_english[code], code]))
        source = "B" if english else "A"
        dropdown = DataValidation(
            type="list",
            formula1=f"'{guide.title}'!${source}${first}:${source}${guide.max_row}",
            allow_blank=True,
            # Codes and the other language's labels are accepted too, so Excel must not refuse them.
            showErrorMessage=False,
        )
        sheet.add_data_validation(dropdown)
        letter = get_column_letter(index)
        dropdown.add(f"{letter}2:{letter}{count + DROPDOWN_ROWS + 1}")
    guide.column_dimensions["A"].width = 40
    guide.column_dimensions["B"].width = 40
    guide.column_dimensions["C"].width = 20

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    return "".join(c for c in str(title) if c not in "[]:*?/\\'")[:31] or "Sheet"


def date_text(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


# -- the sheet ------------------------------------------------------------------------------------


class _Rollback(Exception):
    """Leaves the import's transaction when a service refused a row."""


class Sheet:
    """A list that can be offered as a template, exported and imported."""

    kind: str
    title: Any
    columns: list[Column]

    # -- what each list says and does

    def notes(self) -> list[str]:
        return [
            _("Fill one row per record from row 2; do not change row 1."),
            _("Highlighted headings are required. Dates are written dd/mm/yyyy."),
            _(
                "Nothing is imported unless every row is correct; each problem is reported with its row number."
            ),
        ]

    def export_rows(self, queryset: Any, *, viewer: Actor) -> Iterable[list[Any]]:
        """The rows of the export; a field the pages hide from `viewer` is left empty here too."""
        raise NotImplementedError

    def validate(self, rows: list[tuple[int, dict[str, Any]]], *, actor: Actor) -> tuple[Any, list[RowError]]:
        """Check every row against the file and the database; write nothing."""
        raise NotImplementedError

    def apply(self, cleaned: Any, *, actor: Actor, result: ImportResult) -> None:
        """Write the validated rows through the services; a refused row goes to `result.errors`."""
        raise NotImplementedError

    # -- shared behaviour

    def example(self) -> list[list[Any]]:
        """Filled rows shown on the guide sheet of the template; none by default."""
        return []

    def template(self) -> bytes:
        return write_workbook(str(self.title), self.columns, [], self.notes(), self.example())

    def export(self, queryset: Any, *, viewer: Actor) -> bytes:
        return write_workbook(
            str(self.title), self.columns, self.export_rows(queryset, viewer=viewer), self.notes()
        )

    def parse_and_validate(self, upload: Any, *, actor: Actor) -> tuple[Any, list[RowError]]:
        """Read the file and check every row; (cleaned rows, errors), the errors in row order."""
        rows, errors = read_rows(upload, self.columns)
        if errors:
            return None, errors
        if not rows:
            return None, [RowError(2, "", _("The file has no data rows."))]
        cleaned, errors = self.validate(rows, actor=actor)
        return cleaned, sorted(errors, key=lambda e: e.row)

    def import_file(self, upload: Any, *, actor: Actor) -> ImportResult:
        """Validate everything, then write everything in one transaction, or nothing."""
        cleaned, errors = self.parse_and_validate(upload, actor=actor)
        result = ImportResult(errors=errors)
        if errors:
            return result
        try:
            with transaction.atomic():
                self.apply(cleaned, actor=actor, result=result)
                if result.errors:
                    raise _Rollback
        except _Rollback:
            result.created = result.updated = result.unchanged = 0
            result.errors.sort(key=lambda e: e.row)
        return result

    def cells(self, number: int, row: dict[str, Any], errors: list[RowError]) -> dict[str, Any]:
        """Each cell read by its column; a missing required cell or an unreadable one is an error.

        A key is missing from the result when its cell had a problem.
        """
        values: dict[str, Any] = {}
        for column in self.columns:
            raw = row.get(column.key)
            if is_empty(raw):
                if column.required:
                    errors.append(RowError(number, str(column.header), _("This cell is required.")))
                else:
                    values[column.key] = column.empty
                continue
            try:
                value = column.read(raw)
            except RowProblem as problem:
                errors.append(RowError(number, str(column.header), str(problem)))
                continue
            if column.max_length and isinstance(value, str) and len(value) > column.max_length:
                errors.append(
                    RowError(
                        number,
                        str(column.header),
                        _("This cell holds %(n)s characters; at most %(max)s are allowed. Shorten it.")
                        % {"n": len(value), "max": column.max_length},
                    )
                )
                continue
            values[column.key] = value
        return values

    def header(self, key: str) -> str:
        return next(str(c.header) for c in self.columns if c.key == key)

    def service_errors(
        self, error: ValidationError, number: int, columns: dict[str, str] | None = None
    ) -> list[RowError]:
        """A service's refusal as row errors, each on the column of its field where the sheet has one."""
        keys = {c.key for c in self.columns}
        if not hasattr(error, "error_dict"):
            return [RowError(number, "", message) for message in error.messages]
        found = []
        for name, messages in error.message_dict.items():
            key = (columns or {}).get(name, name)
            column = self.header(key) if key in keys else ""
            found += [RowError(number, column, message) for message in messages]
        return found
