"""Reading generated papers back: DOCX through python-docx, PDF text through pypdf."""

from __future__ import annotations

import io

import docx
import pypdf


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def header_cells(document) -> list[str]:
    return [cell.text for cell in document.tables[0]._cells]


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for cell in table._cells]
    return "\n".join(parts)


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)
