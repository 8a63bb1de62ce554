"""Bounded work per request (issue 11, item 7): every upload that opens a workbook refuses an XML
bomb, a zip bomb and a sheet that declares a million rows before parsing them, with a message in
Vietnamese (400 on the import pages), and imports nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.awards.sheets import SHEET as AWARDS
from thidua.lib.tests import bombs
from thidua.lib.xlsx import MAX_UPLOAD_BYTES, UnreadableWorkbook, open_workbook
from thidua.transfer.sheets import SHEETS
from thidua.transfer.tests.workbooks import state

ENTITIES = "Bảng tính có khai báo thực thể XML"
UNPACKED = "Bảng tính khi giải nén lớn hơn 20 MB"
ROWS = "Tệp có hơn 20000 dòng"
ATTACKS: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("billion-laughs", bombs.billion_laughs, ENTITIES),
    ("billion-laughs-after-a-long-comment", lambda c: bombs.billion_laughs(c, hidden=True), ENTITIES),
    ("zip-bomb", bombs.zip_bomb, UNPACKED),
    ("million-rows-declared", bombs.declared_rows, ROWS),
    ("row-1048576-undeclared", bombs.far_row, ROWS),
]


@pytest.mark.parametrize(("name", "attack", "message"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_transfer_import_refuses_the_file_unread(world, login, name, attack, message) -> None:
    client = login(world.user("board"))
    before = state()
    upload = SimpleUploadedFile(f"{name}.xlsx", attack(SHEETS["people"].template()))
    response = client.post(reverse("transfer:import", args=["people"]), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state() == before


@pytest.mark.parametrize(("name", "attack", "message"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_award_history_import_refuses_the_file_unread(world, login, name, attack, message) -> None:
    from thidua.awards.models import AwardRecord

    client = login(world.user("board"))
    upload = SimpleUploadedFile(f"{name}.xlsx", attack(AWARDS.template()))
    response = client.post(reverse("awards:history_transfer"), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AwardRecord.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened() -> None:
    upload: Any = io.BytesIO(b"PK" + b"\0" * MAX_UPLOAD_BYTES)
    with pytest.raises(UnreadableWorkbook, match="10 MB"):
        open_workbook(upload, max_rows=10)


def test_an_ordinary_workbook_still_opens() -> None:
    workbook = open_workbook(io.BytesIO(SHEETS["people"].template()), max_rows=10)
    assert next(workbook.worksheets[0].iter_rows(values_only=True))[0] == "Họ và tên"
    workbook.close()
