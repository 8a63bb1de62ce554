"""Hostile XLSX files for the tests of every upload that opens a workbook (issue 11, item 7).

Each takes a real workbook (the list's template, a scorecard's export) and rewrites its first sheet.
"""

from __future__ import annotations

import io
import zipfile

SHEET = "xl/worksheets/sheet1.xml"
MAIN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>%(pad)s
<!DOCTYPE worksheet [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
%(main)s<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def _rewrite(content: bytes, sheet: bytes | None = None, *, padding: int = 0) -> bytes:
    """The workbook with its first sheet replaced by `sheet`, or padded with `padding` spaces
    (streamed into the archive, so a test never holds the unpacked bytes)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != SHEET:
                target.writestr(item.filename, data)
            elif sheet is not None:
                target.writestr(item.filename, sheet)
            else:
                head, tail = data.split(b"<sheetData>", 1)
                with target.open(item.filename, "w") as part:
                    part.write(head + b"<sheetData>")
                    chunk = b" " * (1024 * 1024)
                    for _ in range(padding // len(chunk)):
                        part.write(chunk)
                    part.write(tail)
    return out.getvalue()


def billion_laughs(content: bytes, *, hidden: bool = False) -> bytes:
    """Entities that expand to 3 GB; `hidden` puts them after a long comment, past a quick look at
    the part's first bytes, so that the parser itself (defusedxml) must refuse them."""
    pad = b"<!--" + b"x" * 8000 + b"-->" if hidden else b""
    return _rewrite(content, LAUGHS % {b"pad": pad, b"main": MAIN})


def zip_bomb(content: bytes, *, unpacked_mb: int = 100) -> bytes:
    """A sheet padded with whitespace: about 100 KB packed, `unpacked_mb` MB unpacked."""
    return _rewrite(content, padding=unpacked_mb * 1024 * 1024)


def declared_rows(content: bytes, rows: int = 1_048_576) -> bytes:
    """A sheet that declares (and ends with) a row far below the data."""
    sheet = (
        MAIN + b'<dimension ref="A1:I%(n)d"/><sheetData><row r="%(n)d"><c r="A%(n)d" t="inlineStr">'
        b"<is><t>x</t></is></c></row></sheetData></worksheet>" % {b"n": rows}
    )
    return _rewrite(content, sheet)


def far_row(content: bytes, row: int = 1_048_576) -> bytes:
    """A sheet that declares no size, with the headings and one cell in a row far below."""
    source = zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    headings = source.split(b"<sheetData>", 1)[1].split(b"</row>", 1)[0] + b"</row>"
    sheet = (
        MAIN + b"<sheetData>" + headings + b'<row r="%(n)d"><c r="A%(n)d" t="inlineStr"><is><t>x</t></is>'
        b"</c></row></sheetData></worksheet>" % {b"n": row}
    )
    return _rewrite(content, sheet)
