"""Opening an uploaded XLSX with bounded work (issue 11, item 7).

An XLSX is a zip of XML files, so a small upload can unpack to gigabytes (a zip bomb), declare a
million rows, or carry XML entities that expand exponentially (billion laughs); a 285 KB workbook
kept a worker busy for 68 s. Before openpyxl parses anything, `open_workbook` checks the upload's
size, the sizes the zip declares for its members once unpacked (zipfile never unpacks a member past
its declared size), and that no XML part declares a document type or entities. openpyxl then parses
with defusedxml (installed for that reason), which refuses entities in any part it reads; the rows
each sheet declares are checked before they are read, and the callers still count the rows they read.
"""

from __future__ import annotations

import zipfile
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

# The largest list thidua reads (20,000 rows of 9 columns) unpacks to about 5-10 MB; openpyxl parses
# about 1.5 unpacked MB per second of CPU, so the bound keeps a request to seconds, not minutes.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 1000
# The prolog of an XML part, where a document type and its entities would be declared.
PROLOG_BYTES = 4096


class UnreadableWorkbook(Exception):
    """The upload is refused before (or while) it is parsed; the message says why, for the user."""


def _size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    upload.seek(0)
    return int(size)


def check_archive(upload: Any) -> None:
    """Raise UnreadableWorkbook unless the upload is a zip of modest size, unpacked and packed."""
    if _size(upload) > MAX_UPLOAD_BYTES:
        raise UnreadableWorkbook(
            _("The file is larger than %(n)s MB; split it.") % {"n": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableWorkbook(not_a_workbook()) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise UnreadableWorkbook(
                _(
                    "The workbook unpacks to more than %(n)s MB, far more than any list of thidua; it was "
                    "refused unread. Copy the data into the template and try again."
                )
                % {"n": MAX_UNPACKED_BYTES // (1024 * 1024)}
            )
        for member in members:
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(member) as part:
                    prolog = part.read(PROLOG_BYTES)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
                raise UnreadableWorkbook(not_a_workbook()) from exc
            if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
                raise UnreadableWorkbook(entities_refused())
    upload.seek(0)


def open_workbook(upload: Any, *, max_rows: int, read_only: bool = True) -> Any:
    """The workbook (values, not formulas) once the archive passed `check_archive` and no sheet
    declares more than `max_rows` rows; UnreadableWorkbook with the user's message otherwise."""
    check_archive(upload)
    try:
        workbook = load_workbook(upload, read_only=read_only, data_only=True)
    except Exception as exc:  # openpyxl and defusedxml raise many kinds of errors on a bad file
        raise UnreadableWorkbook(reason_of(exc)) from exc
    for sheet in workbook.worksheets:
        declared = sheet.max_row if read_only else None
        if declared is not None and declared > max_rows + 1:
            workbook.close()
            raise UnreadableWorkbook(too_many_rows(max_rows))
    return workbook


def reason_of(exc: BaseException) -> str:
    """The user's message for an error raised while openpyxl parsed a part of the workbook."""
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    while cause is not None:  # openpyxl wraps the parser's error in its own
        if isinstance(cause, DefusedXmlException):
            return entities_refused()
        cause = cause.__cause__ or cause.__context__
    return not_a_workbook()


def not_a_workbook() -> str:
    return _("The file cannot be read as an Excel workbook (.xlsx). Save it as .xlsx and try again.")


def entities_refused() -> str:
    return _(
        "The workbook declares XML entities, which thidua refuses (they can make a small file take "
        "hours to read). Save it again from Excel as .xlsx and try again."
    )


def too_many_rows(max_rows: int) -> str:
    return _("The file has more than %(n)s rows; split it.") % {"n": max_rows}
