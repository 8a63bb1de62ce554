"""The scorecard's XLSX round trip with real files."""

from __future__ import annotations

import io
from decimal import Decimal as D
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from thidua.audit.models import AuditEntry
from thidua.scoring.models import ScoreEntry


def _download(client: Any, card: Any) -> Any:
    response = client.get(reverse("scoring:scorecard_xlsx", args=[card.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _upload(client: Any, card: Any, workbook: Any) -> Any:
    out = io.BytesIO()
    workbook.save(out)
    url = reverse("scoring:scorecard_import", args=[card.pk])
    return client.post(url, {"file": SimpleUploadedFile("phieu.xlsx", out.getvalue())}, follow=True)


def _fill(sheet: Any, values: dict[str, tuple[Any, str]]) -> None:
    for row in sheet.iter_rows(min_row=2):
        code = row[0].value
        if code in values:
            row[5].value, row[7].value = values[code]


def test_round_trip_saves_every_score(world, year, login) -> None:
    client = login(world.user("member"))
    card = year["cards"][world.member_unit.pk]
    workbook = _download(client, card)
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]][:3] == ["Mã", "Nội dung", "Điểm tối đa"]
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == ["I.1", "I.2", "II.1", "II.2"]
    _fill(
        sheet, {"I.1": ("38,5", ""), "I.2": (20, "Báo cáo số 12-BC/SNV"), "II.1": (25, ""), "II.2": (15, "")}
    )
    page = _upload(client, card, workbook).content.decode()
    assert "Đã lưu điểm từ tệp" in page
    scores = dict(ScoreEntry.objects.filter(scorecard=card).values_list("criterion__code", "self_score"))
    assert scores == {"I.1": D("38.5"), "I.2": D(20), "II.1": D(25), "II.2": D(15)}
    assert (
        ScoreEntry.objects.get(scorecard=card, criterion__code="I.2").evidence_note == "Báo cáo số 12-BC/SNV"
    )
    # The file reopens with what was saved.
    again = _download(client, card).worksheets[0]
    assert [r[5].value for r in again.iter_rows(min_row=2)] == [38.5, 20, 25, 15]


def test_bad_cells_are_reported_by_row_and_column_and_nothing_is_saved(world, year, login) -> None:
    client = login(world.user("member"))
    card = year["cards"][world.member_unit.pk]
    workbook = _download(client, card)
    _fill(workbook.worksheets[0], {"I.1": (41, ""), "I.2": (20, ""), "II.1": ("abc", ""), "II.2": (15, "")})
    workbook.worksheets[0]["A6"] = "IX.9"
    workbook.worksheets[0]["F6"] = 1
    # An off-step score: I.1 allows steps of 0.5.
    before = AuditEntry.objects.count()
    page = _upload(client, card, workbook).content.decode()
    assert "Không có điểm nào được lưu" in page
    assert "Dòng 2, cột F: I.1: điểm phải từ 0 đến 40." in page
    assert "Dòng 3, cột H: I.2 cần có minh chứng" in page
    assert "Dòng 4, cột F: “abc” không phải là số" in page
    assert "Dòng 6, cột A: IX.9 không phải là tiêu chí" in page
    assert not ScoreEntry.objects.filter(scorecard=card, self_score__isnull=False).exists()
    assert AuditEntry.objects.count() == before
    _fill(
        workbook.worksheets[0], {"I.1": ("38,25", ""), "I.2": (20, "x"), "II.1": (25, ""), "II.2": (15, "")}
    )
    workbook.worksheets[0].delete_rows(6)
    page = _upload(client, card, workbook).content.decode()
    assert "bội số của 0,5" in page


def test_only_this_cards_export_is_accepted_and_only_by_its_officer(world, year, login) -> None:
    member = login(world.user("member"))
    other_card = year["cards"][world.deputy_unit.pk]
    workbook = _download(login(world.user("board")), other_card)
    card = year["cards"][world.member_unit.pk]
    page = _upload(login(world.user("member")), card, workbook).content.decode()
    assert "không phải tệp xuất của phiếu chấm này" in page
    url = reverse("scoring:scorecard_import", args=[other_card.pk])
    assert member.post(url, {"file": SimpleUploadedFile("x.xlsx", b"x")}).status_code == 404
