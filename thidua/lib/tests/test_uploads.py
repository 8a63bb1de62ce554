"""lib.uploads.detect: the type is read from the bytes, never from the name."""

from __future__ import annotations

import io

import pytest

from thidua.lib import uploads
from thidua.lib.tests import samples


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (samples.PDF, uploads.PDF),
        (samples.png(), uploads.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64, uploads.JPEG),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64, uploads.WEBP),
        (samples.docx_bytes(), uploads.DOCX),
        (samples.xlsx_bytes(), uploads.XLSX),
        (samples.EXE, "application/x-msdownload"),
        (samples.HTML, ""),
        (samples.JS, ""),
        (samples.SVG, ""),
    ],
)
def test_detect_reads_the_bytes(content: bytes, expected: str) -> None:
    assert uploads.detect(content[: uploads.HEAD_BYTES], io.BytesIO(content)) == expected


def test_an_office_file_whose_parts_come_late_is_still_told_apart_but_a_zip_is_not_a_document() -> None:
    late = samples.zip_with({"docProps/big.xml": b"<x/>" * 4000, "word/document.xml": b"<w/>"})
    assert uploads.detect(late[: uploads.HEAD_BYTES]) == "application/zip"
    assert uploads.detect(late[: uploads.HEAD_BYTES], io.BytesIO(late)) == uploads.DOCX
    script_zip = samples.zip_with({"evil.js": samples.JS})
    assert uploads.detect(script_zip, io.BytesIO(script_zip)) == "application/zip"


def test_no_kind_accepts_a_program_a_page_a_script_or_an_archive() -> None:
    for kind, allowed in uploads.ALLOWED.items():
        for refused in ("application/x-msdownload", "application/zip", "", "text/html", "image/svg+xml"):
            assert refused not in allowed, kind
    # Only images and PDFs are ever shown inline, and only those a kind accepts.
    assert uploads.INLINE == {uploads.PDF, uploads.JPEG, uploads.PNG, uploads.WEBP}
    assert set(uploads.EXTENSIONS) == set().union(*uploads.ALLOWED.values())
