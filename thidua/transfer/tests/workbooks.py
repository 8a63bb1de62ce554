"""Real XLSX files for the transfer tests: built with openpyxl, posted, and read back."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.audit.models import AuditEntry
from thidua.blocks.models import BlockYear, Membership
from thidua.orgs.models import Person, Position, Unit
from thidua.transfer.sheets import SHEETS


def xlsx(
    rows: list[list[Any]], kind: str, *, header: list[Any] | None = None, name: str = ""
) -> SimpleUploadedFile:
    """A workbook with the list's headings (in the active language) and `rows` below them."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header if header is not None else [str(c.header) for c in SHEETS[kind].columns])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name or f"{kind}.xlsx", out.getvalue())


def post(client: Any, kind: str, rows: list[list[Any]], **options: Any) -> Any:
    return client.post(reverse("transfer:import", args=[kind]), {"file": xlsx(rows, kind, **options)})


def data_rows(content: bytes) -> list[list[Any]]:
    """The rows below the headings of the first sheet of a downloaded workbook."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def errors_of(response: Any) -> dict[tuple[int, str], str]:
    """{(row, column): message} of an import the page refused; several messages of a cell joined."""
    # 400 when the file is refused as a whole, 422 when rows are.
    assert response.status_code in (400, 422), response.content.decode()[:3000]
    found: dict[tuple[int, str], str] = {}
    for error in response.context["result"].errors:
        key = (error.row, error.column)
        found[key] = f"{found[key]} | {error.message}" if key in found else error.message
    return found


def state() -> tuple[int, ...]:
    """Everything an import can write; equal before and after means nothing was imported."""
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        BlockYear.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
    )
