"""The block year's score table and ranking as XLSX (issue 10 item 6).

- The score table (bảng tổng hợp điểm, the block's annex of R-BLK-06): one row per member, one column
  per criterion with its verified (final) score (R-BLK-04, `card_results`), the sum of the
  criteria, bonus, penalty, total, rank and classification; a row of maximum points; a second sheet
  with the criteria's wording. The figures are computed from the entries now: they are marked
  "Tạm tính" unless the ranking is published and the recount still matches it.
- The ranking: rank, unit, total, bonus, penalty, classification and shared places, from the published
  snapshot (or, for those who may see it on the page, the provisional ranking marked "Tạm tính").

Scores are numbers (so the office can sum and sort them) with the format `#,##0.00`, which a
Vietnamese Excel or LibreOffice shows as 1.234,50; the sheet's words are Vietnamese, as on the papers.
Every text cell goes through `lib.cells.xlsx_row` (no formula injection from a unit's or criterion's name).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thidua.blocks.models import BlockYear
from thidua.lib.cells import xlsx_row
from thidua.scoring.models import Criterion, CriterionKind, RankingSnapshot, ScoringTable
from thidua.scoring.papers import PROVISIONAL, RankingView, day_of, ranking_note, shared_place
from thidua.scoring.services.ranking import card_results, ranking_rows, recount_matches

NUMBER = "#,##0.00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value: Decimal | str | None) -> float | None:
    return None if value is None or value == "" else float(Decimal(str(value)))


def _columns(tables: list[ScoringTable]) -> list[Criterion]:
    """The scored criteria of the year's tables in table order (groups then their criteria), each code once."""
    seen: dict[str, Criterion] = {}
    for table in tables:
        everything = list(table.criteria.order_by("position", "code"))
        for item in (c for c in everything if c.parent_id is None):
            for criterion in [item, *(c for c in everything if c.parent_id == item.pk)]:
                if criterion.kind == CriterionKind.NORMAL and criterion.code not in seen:
                    seen[criterion.code] = criterion
    return list(seen.values())


def _bold_row(sheet: Any, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def score_table_state(block_year: BlockYear) -> str:
    """ "Tạm tính …" or "Kết quả đã công bố ngày …", as the score table's second line says."""
    snapshot = RankingSnapshot.objects.filter(block_year=block_year).first()
    if snapshot is None:
        return f"{PROVISIONAL}: điểm tính từ phiếu chấm hiện có, chưa công bố xếp hạng."
    if not recount_matches(snapshot):
        return (
            f"{PROVISIONAL}: điểm đã thay đổi sau khi công bố xếp hạng ngày {day_of(snapshot.published_at)}."
        )
    return f"Kết quả đã công bố ngày {day_of(snapshot.published_at)}."


def score_table_xlsx(block_year: BlockYear) -> bytes:
    """One row per member, one column per criterion, totals, rank and band (see the module)."""
    computed = card_results(block_year)
    by_unit = {r.card.unit_id: r for r in computed}
    ranked = {row["unit_id"]: row for row in ranking_rows(block_year, computed)}
    tables = sorted({r.card.table for r in computed}, key=lambda t: t.version, reverse=True)
    columns = _columns(tables)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Bảng điểm"
    width = 2 + len(columns) + 6
    sheet.append(
        xlsx_row(sheet, [f"BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM {block_year.year} – {block_year.block.name}"])
    )
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([score_table_state(block_year)])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet["A2"].font = Font(italic=True)
    sheet.append([])
    headers = ["STT", "Đơn vị", *(c.code for c in columns)]
    headers += ["Cộng điểm tiêu chí", "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Xếp hạng", "Xếp loại"]
    sheet.append(xlsx_row(sheet, headers))
    _bold_row(sheet, 4)
    maxima: list[Any] = ["", "Điểm tối đa", *(_number(c.max_points) for c in columns)]
    total_points = _number(tables[0].total_points) if tables else None
    sheet.append(xlsx_row(sheet, [*maxima, total_points, None, None, total_points, None, None]))
    for cell in sheet[5]:
        cell.font = Font(italic=True)
    members = block_year.memberships.select_related("unit").order_by("unit__name_sort")
    ordered = sorted(
        members, key=lambda m: (ranked[m.unit_id]["rank"] if m.unit_id in ranked else 10**6, m.unit.name_sort)
    )
    for number, membership in enumerate(ordered, start=1):
        result = by_unit.get(membership.unit_id)
        if result is None:
            row = [number, membership.unit.name, *([None] * len(columns)), None, None, None, None, None]
            sheet.append(xlsx_row(sheet, [*row, "Chưa nộp phiếu chấm"]))
            continue
        ranking = ranked[membership.unit_id]
        sheet.append(
            xlsx_row(
                sheet,
                [
                    number,
                    membership.unit.name,
                    *(_number(result.final.get(c.code)) for c in columns),
                    _number(result.scored),
                    _number(result.bonus),
                    _number(result.penalty),
                    _number(result.total),
                    ranking["rank"],
                    ranking["band"],
                ],
            )
        )
    for row in sheet.iter_rows(min_row=5, min_col=3, max_col=2 + len(columns) + 4):
        for cell in row:
            cell.number_format = NUMBER
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 40
    for index in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.freeze_panes = "C5"
    legend = book.create_sheet("Tiêu chí")
    legend.append(xlsx_row(legend, ["Mã", "Nội dung tiêu chí", "Điểm tối đa", "Nhóm"]))
    _bold_row(legend, 1)
    for criterion in columns:
        group = criterion.parent.code if criterion.parent_id and criterion.parent else ""
        legend.append(
            xlsx_row(legend, [criterion.code, criterion.text, _number(criterion.max_points), group])
        )
        legend.cell(row=legend.max_row, column=3).number_format = NUMBER
    legend.column_dimensions["B"].width = 70
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ranking_xlsx(block_year: BlockYear, view: RankingView) -> bytes:
    """The ranking's rows (see the module), marked "Tạm tính" when not yet published."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Xếp hạng"
    sheet.append(
        xlsx_row(sheet, [f"KẾT QUẢ XẾP HẠNG THI ĐUA NĂM {block_year.year} – {block_year.block.name}"])
    )
    sheet.merge_cells("A1:G1")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([ranking_note(block_year, view)])
    sheet.merge_cells("A2:G2")
    sheet["A2"].font = Font(italic=True)
    sheet.append([])
    sheet.append(["Hạng", "Đơn vị", "Tổng điểm", "Điểm thưởng", "Điểm trừ", "Xếp loại", "Ghi chú"])
    _bold_row(sheet, 4)
    for row in view.rows:
        sheet.append(
            xlsx_row(
                sheet,
                [
                    row["rank"],
                    row["unit"],
                    _number(row["total"]),
                    _number(row.get("bonus")),
                    _number(row.get("penalty")),
                    row["band"],
                    shared_place(view.rows, row),
                ],
            )
        )
        for column in (3, 4, 5):
            sheet.cell(row=sheet.max_row, column=column).number_format = NUMBER
    for letter, size in zip("ABCDEFG", (8, 45, 12, 12, 12, 14, 24), strict=True):
        sheet.column_dimensions[letter].width = size
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
