"""Printed papers of a block year's scoring (issue 10 item 6): the covenant (giao ước thi đua), one
member's scorecard and the ranking, as DOCX in the official format, and as PDF through the documents
engine's LibreOffice path (`documents.pdf.docx_to_pdf`).

R-FMT-01 (NĐ 30/2020/NĐ-CP, Appendix I) for a block led by a state body, R-FMT-02 (QĐ 66-QĐ/TW,
HD 36-HD/VPTW) when the leading unit is a Party agency, as the block's summary report does: A4
(landscape for the scorecard's wide table), margins top and bottom 20 mm, left 30 mm, right 15 mm,
Times New Roman (Liberation Serif in the PDF), the header as a 2 × 2 borderless table with the
issuer (the block, written through its leading unit) on the left and the Quốc hiệu and Tiêu ngữ (or
"ĐẢNG CỘNG SẢN VIỆT NAM") on the right, the place and date in italics under them.

The words printed on the papers are Vietnamese by law, whatever the interface language, so they are
constants here and not message ids. Scores are written the Vietnamese way (97,5; 1.000).
"""

from __future__ import annotations

import datetime
import io
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from thidua.blocks.models import BlockKind, BlockYear, MemberRole, role_title
from thidua.documents.pdf import docx_to_pdf
from thidua.documents.styles import (
    MOTTO,
    NATIONAL_TITLE,
    PARTY_TITLE,
    DocumentStyle,
    Letterhead,
    letterhead_for_unit,
    place_date_line,
)
from thidua.lib.numbers import format_points
from thidua.scoring.models import (
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionKind,
    RankingSnapshot,
    Scorecard,
    ScoringTable,
)
from thidua.scoring.services.cards import applies
from thidua.scoring.services.ranking import card_results, ranking_rows, tie_break_label, tie_breaks_for
from thidua.scoring.services.year import rules_for

FONT = "Times New Roman"
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
# The mark of figures computed now, not yet published (the pages' "Provisional").
PROVISIONAL = "TẠM TÍNH"
DRAFT = "DỰ THẢO"
# The bases of a covenant (printed in Vietnamese by law).
COVENANT_BASES = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết "
    "một số điều của Luật Thi đua, khen thưởng;",
]


def points(value: Decimal | str | None) -> str:
    """97,5 / 100 / empty for a score not given."""
    if value is None or value == "":
        return ""
    return format_points(Decimal(str(value)))


def day_of(moment: datetime.datetime | None) -> str:
    """dd/mm/yyyy in the local time zone (empty for None)."""
    return timezone.localtime(moment).strftime("%d/%m/%Y") if moment else ""


# --- The page: letterhead, title, paragraphs, tables, signatures -------------------------------------


@dataclass
class Page:
    """A python-docx document being written, with the text width its tables share (cm)."""

    document: Any
    style: DocumentStyle
    width_cm: float


def _run(paragraph: Any, text: str, *, size: float = 14, bold: bool = False, italic: bool = False) -> Any:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold or None, italic or None
    return run


def para(
    container: Any,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: Any = None,
    indent: bool = False,
    before: float = 0,
    after: float = 0,
) -> Any:
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _rule(container: Any, *, width_cm: float, cell_cm: float) -> None:
    """A short solid line, centred: the bottom border of a tiny, indented paragraph."""
    paragraph = para(container, align=CENTER, size=2)
    side = max(0.0, (cell_cm - width_cm) / 2)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _widths(table: Any, widths_cm: list[float]) -> None:
    """Column widths in the grid (LibreOffice) and in every cell (Word)."""
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _empty_cell(cell: Any) -> Any:
    cell._tc.remove(cell.paragraphs[0]._p)
    return cell


def _page_numbers(section: Any) -> None:
    """No number on page 1; from page 2 a PAGE field centred in the top margin (NĐ 30/2020)."""
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    run.font.size = Pt(14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def new_page(style: DocumentStyle, *, landscape: bool = False) -> Page:
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    normal.paragraph_format.space_after = Pt(0)
    _page_numbers(section)
    width = (297 if landscape else 210) - 45
    return Page(document=document, style=style, width_cm=width / 10)


def header(page: Page, letterhead: Letterhead, place_date: str) -> None:
    """Components 1, 2 and 4 of NĐ 30/2020 (or HD 36): issuer left, national title right, place and date."""
    left_cm = 6.0 if page.width_cm < 20 else 9.0
    right_cm = page.width_cm - left_cm
    table = page.document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, [left_cm, right_cm])
    left, right = (_empty_cell(c) for c in table.rows[0].cells)
    context = letterhead.as_context()
    if page.style == DocumentStyle.PARTY:
        if context["parent"]:
            para(left, context["parent"], size=14, align=CENTER)
        para(left, context["issuer"], size=14, bold=True, align=CENTER)
        para(left, "*", size=14, align=CENTER)
        para(right, PARTY_TITLE, size=15, bold=True, align=RIGHT)
        _rule(right, width_cm=8.0, cell_cm=right_cm)
    else:
        if context["parent"]:
            para(left, context["parent"], size=12, align=CENTER)
        para(left, context["issuer"], size=12, bold=True, align=CENTER)
        _rule(left, width_cm=2.5, cell_cm=left_cm)
        para(right, NATIONAL_TITLE, size=12, bold=True, align=CENTER)
        para(right, MOTTO, size=13, bold=True, align=CENTER)
        _rule(right, width_cm=6.0, cell_cm=right_cm)
    left, right = (_empty_cell(c) for c in table.rows[1].cells)
    para(left, "", size=13)
    para(right, place_date, size=13, italic=True, align=CENTER, before=6)


def title(page: Page, name: str, summary: str = "", *, mark: str = "") -> None:
    """Component 5: the paper's name in capitals, its summary, a short rule; `mark` above it
    (DỰ THẢO, TẠM TÍNH) in a box-free bold line."""
    if mark:
        para(page.document, mark, size=13, bold=True, align=CENTER, before=12)
    size = 16 if page.style == DocumentStyle.PARTY else 14
    para(page.document, name.upper(), size=size, bold=True, align=CENTER, before=6 if mark else 18)
    if summary:
        para(page.document, summary, size=14, bold=True, align=CENTER)
    _rule(page.document, width_cm=3.5, cell_cm=page.width_cm)


def grid(
    page: Page,
    headers: list[str],
    rows: list[tuple[list[str], bool]],
    widths_cm: list[float],
    *,
    numeric: set[int] | None = None,
    size: float = 12,
) -> Any:
    """A bordered table; the header row repeats on every page; rows are (cells, bold)."""
    numeric = numeric or set()
    table = page.document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, widths_cm)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        para(_empty_cell(cell), text, size=size, bold=True, align=CENTER)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row, (cells, bold) in zip(table.rows[1:], rows, strict=True):
        for index, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            align = RIGHT if index in numeric else (CENTER if index == 0 else None)
            para(_empty_cell(cell), text, size=size, bold=bold, align=align)
    return table


@dataclass(frozen=True)
class SignatureBlock:
    """One signature cell: who signs (in capitals), a line under it, then the signer or blank lines."""

    heading: str
    role: str = ""
    signed: str = ""
    name: str = ""
    hint: str = "(Ký, ghi rõ họ tên, đóng dấu)"


def signatures(page: Page, blocks: list[SignatureBlock], *, columns: int = 2) -> None:
    """Signature cells in a borderless grid, `columns` per row (NĐ 30/2020 component 7)."""
    if not blocks:
        return
    rows = (len(blocks) + columns - 1) // columns
    table = page.document.add_table(rows=rows, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, [page.width_cm / columns] * columns)
    for index, cell in enumerate(c for row in table.rows for c in row.cells):
        cell = _empty_cell(cell)
        if index >= len(blocks):
            para(cell)
            continue
        block = blocks[index]
        para(cell, block.heading.upper(), size=13, bold=True, align=CENTER, before=12)
        if block.role:
            para(cell, block.role, size=13, italic=True, align=CENTER)
        if block.signed:
            para(cell, block.signed, size=12, italic=True, align=CENTER, before=18, after=18)
        else:
            para(cell, block.hint, size=12, italic=True, align=CENTER)
            for _ in range(3):
                para(cell)
        para(cell, block.name, size=13, bold=True, align=CENTER)


def as_bytes(page: Page) -> bytes:
    out = io.BytesIO()
    page.document.save(out)
    return out.getvalue()


# --- The block year's letterhead ---------------------------------------------------------------------


def _vi(text: Any) -> str:
    with translation.override("vi"):
        return str(text)


def block_letterhead(block_year: BlockYear) -> tuple[Any, Letterhead]:
    """The leading unit and the block's letterhead written through it (as the summary report does):
    the block's name as the issuer, the leader's style (state or Party, R-FMT-01/02) and place."""
    year = BlockYear.objects.with_members().get(pk=block_year.pk)
    leader = year.leader or year.memberships.all()[0].unit
    return leader, letterhead_for_unit(leader, issuer=block_year.block.name.upper())


def block_noun(block_year: BlockYear) -> str:
    return "Cụm" if block_year.block.kind == BlockKind.CLUSTER else "Khối"


def _role(block_year: BlockYear, role: str) -> str:
    with translation.override("vi"):
        return str(role_title(block_year.block.kind, role))


# --- The covenant ------------------------------------------------------------------------------------


def _criteria_rows(table: ScoringTable) -> list[tuple[list[str], bool]]:
    """The scoring table as the covenant prints it: groups in bold, their criteria, bonus and penalty
    items with their caps, and the total."""
    everything = list(table.criteria.order_by("position", "code").prefetch_related("applies_to"))
    ordered: list[Criterion] = []
    for item in (c for c in everything if c.parent_id is None):
        ordered.append(item)
        ordered.extend(c for c in everything if c.parent_id == item.pk)
    rows: list[tuple[list[str], bool]] = []
    for criterion in ordered:
        notes = []
        if criterion.kind == CriterionKind.BONUS:
            notes.append("Điểm thưởng, tối đa")
        elif criterion.kind == CriterionKind.PENALTY:
            notes.append("Điểm trừ, tối đa")
        if criterion.step:
            notes.append(f"chấm theo bước {points(criterion.step)} điểm")
        if criterion.evidence_required:
            notes.append("cần minh chứng")
        only = sorted(u.name for u in criterion.applies_to.all())
        if only:
            notes.append("chỉ áp dụng: " + ", ".join(only))
        rows.append(
            (
                [criterion.code, criterion.text, points(criterion.max_points), "; ".join(notes)],
                criterion.kind == CriterionKind.GROUP,
            )
        )
    rows.append((["", "Tổng cộng", points(table.total_points), ""], True))
    return rows


def covenant_docx(covenant: Covenant) -> bytes:
    """The covenant (giao ước thi đua) with its targets, its criteria table and the signatures of the
    member units: each signed member's cell says who signed it and when, the others are left blank to
    sign on paper. A draft is marked DỰ THẢO."""
    block_year = covenant.block_year
    noun = block_noun(block_year)
    leader, letterhead = block_letterhead(block_year)
    page = new_page(letterhead.style)
    signed_on = timezone.localdate(covenant.signed_at) if covenant.signed_at else None
    header(page, letterhead, place_date_line(letterhead.place, signed_on))
    title(
        page,
        f"Giao ước thi đua năm {block_year.year}",
        f"của các đơn vị thành viên {block_year.block.name}",
        mark=DRAFT if covenant.status == CovenantStatus.DRAFT else "",
    )
    document = page.document
    if covenant.version > 1:
        reason = f": {covenant.amendment_reason}" if covenant.amendment_reason else ""
        para(document, f"(Sửa đổi, bổ sung lần {covenant.version - 1}{reason})", italic=True, align=CENTER)
    para(document, before=6)
    for line in COVENANT_BASES:
        para(document, line, italic=True, indent=True, after=6, align=JUSTIFY)
    memberships = list(block_year.memberships.select_related("unit").order_by("unit__name_sort"))
    para(
        document,
        f"Các đơn vị thành viên {block_year.block.name} năm {block_year.year} "
        f"({len(memberships):02d} đơn vị) thống nhất ký kết giao ước thi đua với những nội dung sau:",
        indent=True,
        after=6,
        align=JUSTIFY,
    )
    para(document, "I. NỘI DUNG GIAO ƯỚC", bold=True, after=6)
    for line in covenant.content.splitlines():
        if line.strip():
            para(document, line.strip(), indent=True, after=6, align=JUSTIFY)
    targets = list(covenant.targets.select_related("unit"))
    common = [t for t in targets if t.unit_id is None]
    own = [t for t in targets if t.unit_id is not None]
    para(document, "II. CÁC CHỈ TIÊU THI ĐUA", bold=True, after=6)
    for number, target in enumerate(common, start=1):
        para(document, f"{number}. {target.text}", indent=True, after=6, align=JUSTIFY)
    if own:
        para(document, "Chỉ tiêu riêng của từng đơn vị:", italic=True, indent=True, after=6)
        for target in sorted(own, key=lambda t: (t.unit.name_sort, t.position)):  # type: ignore[union-attr]
            para(document, f"- {target.unit}: {target.text}", indent=True, after=6, align=JUSTIFY)
    if not targets:
        para(document, "(Chưa có chỉ tiêu.)", italic=True, indent=True, after=6)
    para(document, "III. TIÊU CHÍ CHẤM ĐIỂM", bold=True, after=6)
    table = covenant.scoring_table
    if table is None:
        para(document, "(Bảng tiêu chí chấm điểm sẽ được chọn khi mở ký giao ước.)", italic=True, indent=True)
    else:
        para(
            document,
            f"Các đơn vị thống nhất chấm điểm theo {table.name} (phiên bản {table.version}), "
            f"tổng {points(table.total_points)} điểm:",
            indent=True,
            after=6,
            align=JUSTIFY,
        )
        grid(
            page,
            ["Mã", "Nội dung tiêu chí", "Điểm tối đa", "Ghi chú"],
            _criteria_rows(table),
            [1.6, 8.7, 2.2, 4.0],
            numeric={2},
        )
    para(document, "IV. TỔ CHỨC THỰC HIỆN", bold=True, before=6, after=6)
    para(
        document,
        f"Giao ước có hiệu lực kể từ ngày các đơn vị ký. {_role(block_year, MemberRole.LEADER)} "
        f"({leader.name}) theo dõi, tổng hợp kết quả, tổ chức chấm điểm, bình xét theo bảng tiêu chí trên "
        f"và báo cáo tại hội nghị tổng kết công tác thi đua, khen thưởng năm {block_year.year} "
        f"của {noun}./.",
        indent=True,
        after=6,
        align=JUSTIFY,
    )
    para(document, "ĐẠI DIỆN CÁC ĐƠN VỊ THÀNH VIÊN KÝ GIAO ƯỚC", bold=True, align=CENTER, before=12)
    by_unit = {s.unit_id: s for s in covenant.signatures.select_related("signed_by")}
    order: dict[str, int] = {MemberRole.LEADER: 0, MemberRole.DEPUTY: 1}
    blocks = []
    for membership in sorted(memberships, key=lambda m: (order.get(m.role, 2), m.unit.name_sort)):
        signature = by_unit.get(membership.unit_id)
        blocks.append(
            SignatureBlock(
                heading=membership.unit.name,
                role=_role(block_year, membership.role) if membership.role != MemberRole.MEMBER else "",
                signed=f"Đã ký giao ước ngày {day_of(signature.signed_at)}" if signature else "",
                name=str(signature.signed_by) if signature else "",
            )
        )
    signatures(page, blocks)
    return as_bytes(page)


def covenant_pdf(covenant: Covenant) -> bytes:
    return docx_to_pdf(covenant_docx(covenant))


# --- One member's scorecard --------------------------------------------------------------------------


def _published(block_year: BlockYear) -> RankingSnapshot | None:
    return RankingSnapshot.objects.filter(block_year=block_year).first()


def scorecard_docx(card: Scorecard, *, with_ledger: bool) -> bytes:
    """One member's scorecard: per criterion the maximum, the self-score, the verified (final) score,
    the member's comment and its evidence (the note and the files); group and grand totals. The
    verified scores are marked provisional (tạm tính) until the ranking is published.
    `with_ledger` adds the bonus and penalty lines, shown on the page to those who run scoring."""
    block_year = card.block_year
    _leader, letterhead = block_letterhead(block_year)
    page = new_page(letterhead.style, landscape=True)
    header(page, letterhead, place_date_line(letterhead.place, timezone.localdate()))
    published = _published(block_year) is not None
    title(
        page,
        f"Phiếu chấm điểm thi đua năm {block_year.year}",
        card.unit.name,
        mark="" if published else PROVISIONAL,
    )
    document = page.document
    status = (
        f"đã nộp ngày {day_of(card.submitted_at)}"
        if card.submitted_at
        else str(_vi(card.get_status_display())).lower()
    )
    para(
        document,
        f"Bảng tiêu chí: {card.table.name} (phiên bản {card.table.version}); phiếu {status}.",
        before=6,
    )
    if not published:
        para(
            document,
            "Điểm thẩm định là tạm tính cho đến khi công bố kết quả xếp hạng.",
            italic=True,
            after=6,
        )
    result = next((r for r in card_results(block_year) if r.card.pk == card.pk), None)
    final = result.final if result else {}
    entries = {e.criterion_id: e for e in card.entries.prefetch_related("evidence")}
    criteria = list(card.table.criteria.order_by("position", "code").prefetch_related("applies_to"))
    rows: list[tuple[list[str], bool]] = []
    self_total = Decimal(0)
    for group in (c for c in criteria if c.parent_id is None):
        children = [c for c in criteria if c.parent_id == group.pk]
        if group.kind in (CriterionKind.BONUS, CriterionKind.PENALTY):
            continue
        items = children if group.kind == CriterionKind.GROUP else [group]
        items = [c for c in items if c.kind == CriterionKind.NORMAL and applies(c, card.unit_id)]
        if not items:
            continue
        lines: list[tuple[list[str], bool]] = []
        group_self = group_final = Decimal(0)
        for criterion in items:
            entry = entries.get(criterion.pk)
            score = entry.self_score if entry else None
            group_self += score or 0
            verified = final.get(criterion.code)
            group_final += verified or 0
            evidence = []
            if entry and entry.evidence_note:
                evidence.append(entry.evidence_note)
            if entry:
                evidence.extend(f"Tệp: {e.original_name} (bản {e.version})" for e in entry.evidence.all())
            lines.append(
                (
                    [
                        criterion.code,
                        criterion.text,
                        points(criterion.max_points),
                        points(score),
                        points(verified),
                        entry.comment if entry else "",
                        "; ".join(evidence),
                    ],
                    False,
                )
            )
        self_total += group_self
        if group.kind == CriterionKind.GROUP:
            rows.append(
                (
                    [
                        group.code,
                        group.text,
                        points(group.max_points),
                        points(group_self),
                        points(result.groups.get(group.code)) if result else "",
                        "",
                        "",
                    ],
                    True,
                )
            )
        rows.extend(lines)
    rows.append(
        (
            [
                "",
                "Cộng điểm các tiêu chí",
                points(card.table.total_points),
                points(self_total),
                points(result.scored) if result else "",
                "",
                "",
            ],
            True,
        )
    )
    if with_ledger and result is not None:
        rows.append((["", "Điểm thưởng", "", "", points(result.bonus), "", ""], False))
        rows.append((["", "Điểm trừ", "", "", points(result.penalty), "", ""], False))
        rows.append((["", "Tổng điểm", "", "", points(result.total), "", ""], True))
    verified_header = "Điểm thẩm định" if published else "Điểm thẩm định (tạm tính)"
    grid(
        page,
        ["Mã", "Nội dung tiêu chí", "Điểm tối đa", "Điểm tự chấm", verified_header, "Nhận xét", "Minh chứng"],
        rows,
        [1.5, 8.2, 1.9, 1.9, 2.3, 4.2, 5.2],
        numeric={2, 3, 4},
        size=11,
    )
    if with_ledger:
        adjustments = list(card.adjustments.all())
        if adjustments:
            para(document, "Điểm thưởng, điểm trừ (sổ theo dõi):", bold=True, before=6)
            for a in adjustments:
                kind = "Thưởng" if a.kind == "bonus" else "Trừ"
                para(
                    document,
                    f"- {day_of(a.decided_at)}: {kind} {points(a.points)} điểm — {a.reason} ({a.basis}).",
                    size=12,
                )
    signatures(
        page,
        [
            SignatureBlock(heading=f"Xác nhận của {_role(block_year, MemberRole.LEADER)}"),
            SignatureBlock(heading=f"Thủ trưởng {card.unit.name}"),
        ],
    )
    return as_bytes(page)


def scorecard_pdf(card: Scorecard, *, with_ledger: bool) -> bytes:
    return docx_to_pdf(scorecard_docx(card, with_ledger=with_ledger))


# --- The ranking ------------------------------------------------------------------------------------


def shared_place(rows: list[dict[str, Any]], row: dict[str, Any]) -> str:
    """ "Đồng hạng 2 (2 đơn vị)" when several members share the row's rank, else empty."""
    count = Counter(r["rank"] for r in rows)[row["rank"]]
    return f"Đồng hạng {row['rank']} ({count} đơn vị)" if count > 1 else ""


@dataclass(frozen=True)
class RankingView:
    """The rows printed and whether they are the published ones or computed now (tạm tính)."""

    rows: list[dict[str, Any]]
    snapshot: RankingSnapshot | None

    @property
    def provisional(self) -> bool:
        return self.snapshot is None


def ranking_view(block_year: BlockYear, *, provisional_allowed: bool) -> RankingView | None:
    """The published ranking; before publication the provisional one for those allowed (the board and
    the leader, as on the page), None for everyone else."""
    snapshot = _published(block_year)
    if snapshot is not None:
        return RankingView(rows=list(snapshot.rows), snapshot=snapshot)
    if not provisional_allowed:
        return None
    return RankingView(rows=ranking_rows(block_year), snapshot=None)


def ranking_note(block_year: BlockYear, view: RankingView) -> str:
    if view.snapshot is not None:
        return f"Kết quả đã công bố ngày {day_of(view.snapshot.published_at)}."
    return "Tạm tính: kết quả tính từ điểm hiện có, chưa công bố."


def ranking_docx(block_year: BlockYear, view: RankingView) -> bytes:
    """The ranking: rank, unit, total score, classification band and shared places, with the order of
    comparison; signed by the block's leader."""
    _leader, letterhead = block_letterhead(block_year)
    page = new_page(letterhead.style)
    day = timezone.localdate(view.snapshot.published_at) if view.snapshot else timezone.localdate()
    header(page, letterhead, place_date_line(letterhead.place, day))
    title(
        page,
        f"Kết quả chấm điểm, xếp hạng thi đua năm {block_year.year}",
        block_year.block.name,
        mark=PROVISIONAL if view.provisional else "",
    )
    para(page.document, ranking_note(block_year, view), italic=True, align=CENTER, before=6, after=6)
    keys = (
        view.snapshot.tie_breaks if view.snapshot else [t.key for t in tie_breaks_for(rules_for(block_year))]
    )
    with translation.override("vi"):
        order = " → ".join(tie_break_label(k) for k in keys)
    para(
        page.document,
        f"Thứ tự so sánh: {order}. Các đơn vị bằng nhau ở mọi tiêu chí so sánh thì đồng hạng.",
        size=13,
        indent=True,
        after=6,
        align=JUSTIFY,
    )
    rows = [
        ([str(r["rank"]), r["unit"], points(r["total"]), r["band"], shared_place(view.rows, r)], False)
        for r in view.rows
    ]
    grid(
        page,
        ["Hạng", "Đơn vị", "Tổng điểm", "Xếp loại", "Ghi chú"],
        rows,
        [1.6, 7.0, 2.4, 2.5, 3.0],
        numeric={2},
    )
    signatures(
        page,
        [
            SignatureBlock(heading="Người lập biểu", hint="(Ký, ghi rõ họ tên)"),
            SignatureBlock(heading=_role(block_year, MemberRole.LEADER)),
        ],
    )
    return as_bytes(page)


def ranking_pdf(block_year: BlockYear, view: RankingView) -> bytes:
    return docx_to_pdf(ranking_docx(block_year, view))
