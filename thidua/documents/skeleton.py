"""Writes the templates shipped in the package (`thidua/documents/docx/<style>/<kind>.docx`).

Run `python manage.py build_document_templates` after changing this file and commit the .docx files. The
layout is NĐ 30/2020 Appendix I (R-FMT-01) and HD 36-HD/VPTW (R-FMT-02): A4, margins top and bottom
20 mm, left 30 mm, right 15 mm, Times New Roman 13–14 pt (Word shows the real font; the PDF uses its
metric twin Liberation Serif), page numbers centred at the top from page 2, the header as a 2 × 2
borderless table so that the number and the place and date stay on one line. Every Jinja tag sits in
one run of its own, so docxtpl reads it whole; a board officer edits the text around them in Word.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips

from thidua.documents.contexts import TemplateKind
from thidua.documents.styles import DocumentStyle

FONT = "Times New Roman"
SHIPPED = Path(__file__).resolve().parent / "docx"
# Text width on A4 with 30 + 15 mm margins, in twips (165 mm), split as NĐ 30/2020 suggests.
LEFT_CELL, RIGHT_CELL = Twips(3400), Twips(5955)


def shipped_path(kind: str, style: str) -> Path:
    return SHIPPED / str(style) / f"{kind}.docx"


def _page_setup(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    # East-Asian and complex-script slots too, or Word falls back to another font for some letters.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    normal.paragraph_format.space_after = Pt(0)
    # No number on page 1; from page 2 a PAGE field centred in the top margin.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
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


def _para(
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
    # Only what differs from Normal is written: every property is repeated in each row of a long list.
    if before:
        fmt.space_before = Pt(before)
    if after:
        fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _run(paragraph: Any, text: str, *, size: float = 14, bold: bool = False, italic: bool = False) -> None:
    run = paragraph.add_run(text)
    if size != 14:
        run.font.size = Pt(size)
    run.bold, run.italic = bold or None, italic or None


def _rule(container: Any, *, width_cm: float, cell_cm: float) -> None:
    """A short solid line, centred: the bottom border of an empty, tiny paragraph, indented."""
    paragraph = _para(container, align=WD_ALIGN_PARAGRAPH.CENTER, size=2)
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


def _table(document: Any, widths: list[Any]) -> Any:
    table = document.add_table(rows=0, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid(table, widths)
    # Narrow cell margins, so the Quốc hiệu and the date each fit on one line.
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), "57")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    return table


def _grid(table: Any, widths: list[Any]) -> None:
    """Column widths in the table grid too: LibreOffice lays the table out by the grid, Word by the cells."""
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))


def _cell(cell: Any, width: Any) -> Any:
    cell.width = width
    # A new cell has one empty paragraph; the builders add their own.
    cell._tc.remove(cell.paragraphs[0]._p)
    return cell


def _tag(container: Any, tag: str) -> None:
    """A paragraph holding a docxtpl paragraph tag ({%p … %}); docxtpl removes it when rendering."""
    _para(container, tag, size=2)


def _header(document: Any, style: str) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    table = _table(document, [LEFT_CELL, RIGHT_CELL])
    top = table.add_row().cells
    left, right = _cell(top[0], LEFT_CELL), _cell(top[1], RIGHT_CELL)
    if style == DocumentStyle.PARTY:
        _tag(left, "{%p if header.parent %}")
        _para(left, "{{ header.parent }}", size=14, align=center)
        _tag(left, "{%p endif %}")
        _para(left, "{{ header.issuer }}", size=14, bold=True, align=center)
        _para(left, "*", size=14, align=center)
        _para(right, "{{ national_title }}", size=15, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _rule(right, width_cm=8.0, cell_cm=10.3)
    else:
        _tag(left, "{%p if header.parent %}")
        _para(left, "{{ header.parent }}", size=12, align=center)
        _tag(left, "{%p endif %}")
        _para(left, "{{ header.issuer }}", size=12, bold=True, align=center)
        _rule(left, width_cm=2.5, cell_cm=5.8)
        _para(right, "{{ national_title }}", size=12, bold=True, align=center)
        _para(right, "{{ motto }}", size=13, bold=True, align=center)
        _rule(right, width_cm=6.0, cell_cm=10.3)
    bottom = table.add_row().cells
    left, right = _cell(bottom[0], LEFT_CELL), _cell(bottom[1], RIGHT_CELL)
    _para(left, "{{ number_line }}", size=13 if style == DocumentStyle.STATE else 14, align=center, before=6)
    _para(right, "{{ place_date }}", size=13, italic=True, align=center, before=6)


def _title(document: Any, style: str) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(
        document,
        "{{ type_name }}",
        size=14 if style == DocumentStyle.STATE else 16,
        bold=True,
        align=center,
        before=18,
    )
    _para(document, "{{ summary }}", size=14, bold=True, align=center)
    _rule(document, width_cm=3.5, cell_cm=16.5)


def _bases(document: Any) -> None:
    _tag(document, "{%p for line in bases %}")
    _para(document, "{{ line }}", italic=True, indent=True, after=6)
    _tag(document, "{%p endfor %}")


def _body(document: Any) -> None:
    _tag(document, "{%p for text in body %}")
    _para(document, "{{ text }}", indent=True, after=6, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _tag(document, "{%p endfor %}")


def _sections(document: Any) -> None:
    _tag(document, "{%p for section in sections %}")
    _tag(document, "{%p if section.heading %}")
    _para(document, "{{ section.heading }}", bold=True, after=6)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p for text in section.paragraphs %}")
    _para(document, "{{ text }}", indent=True, after=6, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if section.table %}")
    _cells_table(document)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")


def _cells_table(document: Any) -> None:
    """A table of any number of columns: cells repeated by `{%tc for … %}` in the header and each row."""
    table = document.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Three equal columns: docxtpl rescales the grid to the number of cells rendered, so whatever the
    # number of columns they share the text width equally.
    widths = [Cm(5.5)] * 3
    _grid(table, widths)
    for loop_row, cell_loop, bold in (
        (None, "{%tc for cell in section.table.header %}", True),
        ("{%tr for row in section.table.rows %}", None, False),
        (None, "{%tc for cell in row %}", False),
        ("{%tr endfor %}", None, False),
    ):
        cells = table.add_row().cells
        for i, cell in enumerate(cells):
            _cell(cell, widths[i])
            if loop_row is not None:
                _para(cell, loop_row if i == 0 else "", size=2)
            elif i == 1:
                _para(
                    cell, "{{ cell }}", size=13, bold=bold, align=WD_ALIGN_PARAGRAPH.CENTER if bold else None
                )
            else:
                _para(cell, (cell_loop or "") if i == 0 else "{%tc endfor %}", size=2)


def _signature_cell(cell: Any, key: str) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _tag(cell, "{%p if " + key + ".prefix_line %}")
    _para(cell, "{{ " + key + ".prefix_line }}", bold=True, align=center)
    _tag(cell, "{%p endif %}")
    _para(cell, "{{ " + key + ".title }}", bold=True, align=center)
    for _ in range(4):
        _para(cell)
    _para(cell, "{{ " + key + ".name }}", bold=True, align=center)


def _signature(document: Any, *, minutes: bool = False) -> None:
    _para(document, before=6)
    table = _table(document, [Twips(4677), Twips(4678)])
    cells = table.add_row().cells
    left, right = _cell(cells[0], Twips(4677)), _cell(cells[1], Twips(4678))
    if minutes:
        _signature_cell(left, "secretary")
    else:
        # A paper given no recipients prints no "Nơi nhận:" heading; the empty paragraph after keeps
        # the cell valid (Word needs one) when the block is left out.
        _tag(left, "{%p if recipients %}")
        _para(left, "Nơi nhận:", size=12, bold=True, italic=True)
        _tag(left, "{%p for line in recipients %}")
        _para(left, "{{ line }}", size=11)
        _tag(left, "{%p endfor %}")
        _tag(left, "{%p endif %}")
        _para(left)
    _signature_cell(right, "signature")
    if minutes:
        _tag(document, "{%p if recipients %}")
        _para(document, "Nơi nhận:", size=12, bold=True, italic=True, before=12)
        _tag(document, "{%p for line in recipients %}")
        _para(document, "{{ line }}", size=11)
        _tag(document, "{%p endfor %}")
        _tag(document, "{%p endif %}")


def _list_table(document: Any, columns: list[tuple[str, float]], cells: list[str], loop: str) -> None:
    """A bordered table: a header row, and one row repeated by `{%tr for … %}`."""
    table = document.add_table(rows=0, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _grid(table, [Cm(width) for _name, width in columns])
    header = table.add_row().cells
    for cell, (title, width) in zip(header, columns, strict=True):
        _cell(cell, Cm(width))
        _para(cell, title, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    # Repeated on every page of a long list.
    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header_props.append(repeat)
    for tag in ("{%tr for row in " + loop + " %}", None, "{%tr endfor %}"):
        row = table.add_row().cells
        for i, (cell, (_title_text, width)) in enumerate(zip(row, columns, strict=True)):
            _cell(cell, Cm(width))
            if tag is None:
                align = WD_ALIGN_PARAGRAPH.CENTER if i == 0 else None
                _para(cell, cells[i], size=13, align=align)
            else:
                _para(cell, tag if i == 0 else "", size=2)


def _page_break(document: Any) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def build(kind: str, style: str) -> bytes:
    """The shipped template of `kind` in `style`, as DOCX bytes."""
    document = Document()
    _page_setup(document)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _header(document, style)
    _title(document, style)
    if kind == TemplateKind.SUBMISSION:
        paragraph = _para(document, align=center, before=6, after=6)
        _run(paragraph, "Kính gửi: ")
        _run(paragraph, "{{ addressee }}")
        _bases(document)
        _body(document)
        _signature(document)
        _page_break(document)
        _para(document, "{{ list_title }}", bold=True, align=center)
        paragraph = _para(document, align=center, italic=True, after=6)
        _run(paragraph, "(Kèm theo Tờ trình ", italic=True)
        _run(paragraph, "{{ reference }}", italic=True)
        _run(paragraph, " của ", italic=True)
        _run(paragraph, "{{ header.name }}", italic=True)
        _run(paragraph, ")", italic=True)
        # NĐ 152 Mẫu 01's danh sách (outputs.md §1.1): STT, name, position and unit, the title or form
        # proposed, and Ghi chú (the basis the line relies on, or its wording).
        columns = [
            ("STT", 1.2),
            ("Tên tập thể, cá nhân", 4.6),
            ("Chức vụ, đơn vị", 4.4),
            ("Hình thức đề nghị", 3.4),
            ("Ghi chú", 2.2),
        ]
        cells = ["{{ row.no }}", "{{ row.name }}", "{{ row.detail }}", "{{ row.award }}", "{{ row.note }}"]
        _list_table(document, columns, cells, "rows")
    elif kind == TemplateKind.DECISION:
        _para(document, "{{ authority }}", bold=True, align=center, before=6, after=6)
        _bases(document)
        _tag(document, "{%p if proposal %}")
        _para(document, "{{ proposal }}", italic=True, indent=True, after=6)
        _tag(document, "{%p endif %}")
        _para(document, "QUYẾT ĐỊNH:", bold=True, align=center, before=6, after=6)
        _tag(document, "{%p for article in articles %}")
        paragraph = _para(document, indent=True, after=6, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        _run(paragraph, "{{ article.label }}", bold=True)
        _run(paragraph, " ")
        _run(paragraph, "{{ article.text }}")
        _tag(document, "{%p endfor %}")
        _signature(document)
        _page_break(document)
        _para(document, "DANH SÁCH", bold=True, align=center)
        _para(document, "{{ annex.title }}", bold=True, align=center)
        _para(document, "{{ annex.reference }}", italic=True, align=center, after=6)
        _tag(document, "{%p for group in annex.groups %}")
        _para(document, "{{ group.heading }}", bold=True, before=6, after=6)
        columns = [("STT", 1.5), ("{{ group.name_header }}", 6.5), ("Chức vụ, đơn vị", 7.8)]
        cells = ["{{ row.no }}", "{{ row.name }}", "{{ row.detail }}"]
        _list_table(document, columns, cells, "group.rows")
        _tag(document, "{%p endfor %}")
        _tag(document, "{%p if annex.total %}")
        _para(document, "{{ annex.total }}", bold=True, before=6)
        _tag(document, "{%p endif %}")
    elif kind == TemplateKind.MINUTES:
        _sections(document)
        _signature(document, minutes=True)
    else:
        _sections(document)
        _signature(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_all() -> list[Path]:
    written = []
    for style in DocumentStyle:
        for kind in TemplateKind:
            path = shipped_path(kind, style)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(build(kind, style))
            written.append(path)
    return written
