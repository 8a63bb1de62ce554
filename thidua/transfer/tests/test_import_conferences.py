"""Importing past conferences: date, place, chair and secretary as the papers give them, unknown kept empty."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from thidua.conferences.models import Conference, ConferenceKind
from thidua.transfer.tests.workbooks import data_rows, errors_of, post, state, xlsx

GOOD: list[list[Any]] = [
    [
        "KHOI-A",
        2024,
        "Tổng kết",
        "",
        "20/12/2024 08:30",
        "Sở Tài chính",
        "Ông Nguyễn Văn An",
        "Bà Lê Thị Bình",
    ],
    ["KHOI-A", 2024, "Trù bị", "Họp trù bị", datetime.date(2024, 12, 10), "", "", ""],  # an Excel date
    ["KHOI-B", 2024, "summary", "", "", "", "", ""],  # nothing known but the kind
]


def _state() -> tuple[int, ...]:
    return (*state(), Conference.objects.count())


def test_good_sheet_imports_exactly_and_keeps_unknown_empty(world, login) -> None:
    client = login(world.user("board"))
    response = post(client, "conferences", GOOD)
    assert response.status_code == 302, errors_of(response)
    summary = Conference.objects.get(block_year=world.block_year, kind=ConferenceKind.SUMMARY)
    assert summary.starts_at is not None
    assert timezone.localtime(summary.starts_at).strftime("%d/%m/%Y %H:%M") == "20/12/2024 08:30"
    assert (summary.place, summary.chair, summary.secretary) == (
        "Sở Tài chính",
        "Ông Nguyễn Văn An",
        "Bà Lê Thị Bình",
    )
    assert "2024" in summary.title and not summary.participants.exists()  # no invented roll
    preparatory = Conference.objects.get(block_year=world.block_year, kind=ConferenceKind.PREPARATORY)
    assert preparatory.title == "Họp trù bị" and preparatory.day == datetime.date(2024, 12, 10)
    unknown = Conference.objects.get(block_year__block=world.block_b)
    assert (unknown.starts_at, unknown.place, unknown.chair, unknown.secretary) == (None, "", "", "")


def test_reimport_changes_nothing_and_a_corrected_date_updates_the_same_conference(world, login) -> None:
    client = login(world.user("board"))
    assert post(client, "conferences", GOOD).status_code == 302
    before = _state()
    assert post(client, "conferences", GOOD).status_code == 302
    assert _state() == before
    corrected = [list(row) for row in GOOD]
    corrected[2][4] = "19/12/2024"
    assert post(client, "conferences", corrected).status_code == 302
    assert Conference.objects.count() == 3
    assert Conference.objects.get(block_year__block=world.block_b).day == datetime.date(2024, 12, 19)


def test_export_imports_back_unchanged(world, login) -> None:
    client = login(world.user("board"))
    assert post(client, "conferences", GOOD).status_code == 302
    rows = data_rows(client.get(reverse("transfer:export", args=["conferences"])).content)
    assert any(row[4] == "20/12/2024 08:30" for row in rows)
    before = _state()
    assert post(client, "conferences", rows).status_code == 302
    assert _state()[-1] == before[-1] and _state()[:-2] == before[:-2]  # only the export's audit entry


def test_one_bad_row_saves_nothing_and_names_the_row(world, login) -> None:
    client = login(world.user("board"))
    before = _state()
    rows = [*GOOD, ["KHOI-A", 2019, "Tổng kết", "", "", "", "", ""]]  # no such block year
    errors = errors_of(post(client, "conferences", rows))
    assert list(errors) == [(5, "Năm")]
    assert "2019" in errors[(5, "Năm")]
    assert _state() == before


def test_each_problem_is_reported_on_its_row_and_column(world, login) -> None:
    client = login(world.user("board"))
    rows = [
        ["KHOI-X", 2024, "Tổng kết", "", "", "", "", ""],
        ["KHOI-A", 2024, "Liên hoan", "", "", "", "", ""],
        ["KHOI-A", 2024, "Tổng kết", "", "32/12/2024", "", "", ""],
        ["KHOI-A", 2024, "Tổng kết", "", "20/12/2024 25:00", "", "", ""],
        ["KHOI-B", 2024, "Tổng kết", "", "", "", "", ""],
        ["KHOI-B", 2024, "Tổng kết", "", "", "", "", ""],
    ]
    errors = errors_of(post(client, "conferences", rows))
    assert "KHOI-X" in errors[(2, "Mã khối")]
    assert "Liên hoan" in errors[(3, "Loại cuộc họp")]
    assert "32/12/2024" in errors[(4, "Ngày (và giờ)")]
    assert "25:00" in errors[(5, "Ngày (và giờ)")]
    assert "Dòng 6" in errors[(7, "Ngày (và giờ)")]
    assert not Conference.objects.exists()


def test_only_the_board_imports_conferences(world, login) -> None:
    for persona in ("leader", "member", "delegate", "observer"):
        client = login(world.user(persona))
        response = client.post(
            reverse("transfer:import", args=["conferences"]), {"file": xlsx(GOOD, "conferences")}
        )
        assert response.status_code == 403, persona
    assert not Conference.objects.exists()


def test_template_has_vietnamese_headings_and_an_example_on_the_guide(world, login) -> None:
    content = login(world.user("board")).get(reverse("transfer:template", args=["conferences"])).content
    workbook = load_workbook(io.BytesIO(content))
    assert [c.value for c in workbook.worksheets[0][1]][:5] == [
        "Mã khối",
        "Năm",
        "Loại cuộc họp",
        "Tiêu đề",
        "Ngày (và giờ)",
    ]
    assert workbook.worksheets[0].max_row == 1
    guide = [list(row) for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert any(row[:2] == ["KHOI-NC", 2019] and row[4] == "20/12/2019 08:00" for row in guide)
