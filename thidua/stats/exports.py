"""XLSX of the statistics and of the statutory forms in the official layout (outputs.md §5.2):
header "Biểu số …", the circular, reporting and receiving units, the day of receipt; columns A
(indicator), B (mã số), C (đơn vị tính) then the numbered data columns under merged group headers;
"#,##0" figures in Times New Roman; the signature block of the preparer and the head."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from thidua.lib.cells import xlsx_row
from thidua.stats.queries import Scope
from thidua.stats.statutory import ComputedForm

FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NUMBER = "#,##0"


def statistics_xlsx(scope: Scope, stats: dict[str, Any]) -> bytes:
    """One sheet per table of the statistics page."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Totals")[:31]
    sheet.append(xlsx_row(sheet, [scope.label, f"{scope.year_from}-{scope.year_to}"]))
    sheet.append([_("Year"), _("Collectives"), _("Individuals"), _("Women"), _("Men")])
    for row in stats["totals"]:
        sheet.append([row["year"], row["collective"], row["individual"], row["women"], row["men"]])
    tables: list[tuple[str, list[str], list[str]]] = [
        (
            _("Awards"),
            [_("Year"), _("Title or form"), _("Level"), _("Gender"), _("Collectives"), _("Individuals")],
            ["year", "name", "level", "gender", "collective", "individual"],
        ),
        (
            _("Rankings"),
            [_("Year"), _("Block"), _("Rank"), _("Unit")],
            ["block_year__year", "block_year__block__name", "rank", "unit__name"],
        ),
        (_("Leading units"), [_("Unit"), _("Years leading")], ["unit__name", "times"]),
        (_("Scores"), [_("Unit"), _("Year"), _("Total"), _("Rank")], ["unit", "year", "total", "rank"]),
        (
            _("Proposals"),
            [_("Year"), _("Proposed"), _("Awarded"), _("Not awarded"), _("Pending")],
            ["year", "proposed", "awarded", "refused", "pending"],
        ),
    ]
    keys = ["awards", "rankings", "leaders", "scores", "proposals"]
    for (title, header, fields), key in zip(tables, keys, strict=True):
        sheet = book.create_sheet(title[:31])
        sheet.append(header)
        for row in stats[key]:
            sheet.append(xlsx_row(sheet, [row[f] for f in fields]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def form_xlsx(computed: ComputedForm, *, reporting_unit: str, receiving_unit: str, year: int) -> bytes:
    """The form in its official layout; the first data row is row 9 (heading rows 1-8)."""
    version = computed.version
    columns = computed.columns
    last = 3 + len(columns)
    last_letter = get_column_letter(last)
    book = Workbook()
    sheet = book.active
    sheet.title = version.code.split("/")[0][:31]
    bold = Font(name=FONT, size=12, bold=True)
    plain = Font(name=FONT, size=12)

    def put(row: int, col: int, value: Any, font: Font = plain, **align: Any) -> None:
        cell = sheet.cell(row=row, column=col, value=value)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="center", **align)

    put(1, 1, _("Form no. %(code)s") % {"code": version.code}, bold)
    put(2, 1, _("Issued with Circular No. %(circular)s") % {"circular": version.circular}, plain)
    put(3, 1, version.receiving_day, plain)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=3)
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=3)
    put(1, 4, "%s: %s" % (_("Reporting unit"), reporting_unit), plain)
    put(2, 4, "%s: %s" % (_("Receiving unit"), receiving_unit), plain)
    for r in (1, 2):
        sheet.merge_cells(start_row=r, start_column=4, end_row=r, end_column=last)
    put(4, 1, "%s %s" % (version.title, year), bold, horizontal="center")
    sheet.merge_cells(f"A4:{last_letter}4")
    put(5, 1, "%s: %s" % (_("Unit of count"), version.unit_of_count), plain, horizontal="right")
    sheet.merge_cells(f"A5:{last_letter}5")
    # Header: rows 6-7 (groups, then labels), row 8 the letters and numbers.
    for col, label in enumerate([_("Indicator"), _("Code"), _("Unit of count")], start=1):
        put(6, col, label, bold, horizontal="center")
        sheet.merge_cells(start_row=6, start_column=col, end_row=7, end_column=col)
        put(8, col, "ABC"[col - 1], bold, horizontal="center")
    col = 4
    index = 0
    while index < len(columns):
        column = columns[index]
        span = 1
        while column.group and index + span < len(columns) and columns[index + span].group == column.group:
            span += 1
        if column.group:
            put(6, col, column.group, bold, horizontal="center")
            if span > 1:
                sheet.merge_cells(start_row=6, start_column=col, end_row=6, end_column=col + span - 1)
            for offset in range(span):
                put(7, col + offset, columns[index + offset].label, bold, horizontal="center")
        else:
            put(6, col, column.label, bold, horizontal="center")
            sheet.merge_cells(start_row=6, start_column=col, end_row=7, end_column=col)
        for offset in range(span):
            put(8, col + offset, columns[index + offset].number, bold, horizontal="center")
        col += span
        index += span
    row_no = 9
    for row in computed.rows:
        font = bold if row.indent == 0 else plain
        put(row_no, 1, ("    " * row.indent) + row.label, font)
        put(row_no, 2, row.code, plain, horizontal="center")
        put(row_no, 3, version.unit_of_count if row.spec is not None else "", plain, horizontal="center")
        for c, column in enumerate(columns, start=4):
            value = computed.cells[(row.position, column.number)]
            put(row_no, c, value, font, horizontal="right")
            sheet.cell(row=row_no, column=c).number_format = NUMBER
        row_no += 1
    for r in range(6, row_no):
        for c in range(1, last + 1):
            sheet.cell(row=r, column=c).border = BOX
    row_no += 1
    put(row_no, 1, _("Prepared by"), bold, horizontal="center")
    put(row_no, 4, _("Head of the unit"), bold, horizontal="center")
    sheet.merge_cells(start_row=row_no, start_column=4, end_row=row_no, end_column=last)
    put(row_no + 1, 1, _("(Signature, full name)"), plain, horizontal="center")
    put(row_no + 1, 4, _("(Signature, full name, seal)"), plain, horizontal="center")
    sheet.merge_cells(start_row=row_no + 1, start_column=4, end_row=row_no + 1, end_column=last)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 8
    sheet.column_dimensions["C"].width = 12
    for c in range(4, last + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 16
    sheet.page_setup.orientation = "landscape"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FIRST_DATA_ROW = 9
