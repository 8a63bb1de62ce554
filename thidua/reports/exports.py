"""Print and export of the block year's published ranking (issue 10 item 6): XLSX and PDF.

The ranking is the block year's standings (the conference's "suy tôn" or the scoring's published
ranking, `blocks.Standing`), in rank order then by Vietnamese name. The PDF is the DOCX laid out in the
official page format (R-FMT-01: A4, Times New Roman 14) converted by the documents engine's
LibreOffice path (`documents.pdf.docx_to_pdf`). Papers are always in Vietnamese.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from thidua.blocks.models import BlockYear, Standing
from thidua.documents.pdf import docx_to_pdf
from thidua.lib.cells import xlsx_row
from thidua.lib.vietnamese import text_sort_key

HEADERS = ["Thứ hạng", "Đơn vị", "Số phiếu", "Căn cứ"]


def ranking_title(block_year: BlockYear) -> str:
    return f"Kết quả xếp hạng thi đua năm {block_year.year} – {block_year.block.name}"


def ranking_rows(block_year: BlockYear) -> list[list[object]]:
    standings = Standing.objects.filter(block_year=block_year).select_related("unit")
    ordered = sorted(standings, key=lambda s: (s.rank, text_sort_key(s.unit.name)))
    return [[s.rank, s.unit.name, s.votes if s.votes is not None else "", s.basis] for s in ordered]


def ranking_xlsx(block_year: BlockYear) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Xếp hạng"
    sheet.append([ranking_title(block_year)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in ranking_rows(block_year):
        sheet.append(xlsx_row(sheet, row))
    for column, width in zip("ABCD", (10, 45, 10, 60), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ranking_docx(block_year: BlockYear) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(ranking_title(block_year)).bold = True
    rows = ranking_rows(block_year)
    table = document.add_table(rows=1 + len(rows), cols=len(HEADERS))
    table.style = "Table Grid"
    for index, header in enumerate(HEADERS):
        table.cell(0, index).paragraphs[0].add_run(header).bold = True
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            table.cell(r, c).text = str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ranking_pdf(block_year: BlockYear) -> bytes:
    return docx_to_pdf(ranking_docx(block_year))
