"""Importing results from the minutes: a past conference's standings, voted titles and next year's
leader and deputies, recorded through the minutes service without replaying a vote."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.audit.models import AuditEntry
from thidua.blocks.models import BlockYear, Standing, StandingSource
from thidua.conferences.models import AwardCandidate, RecordedMinutes
from thidua.transfer.tests.workbooks import data_rows, errors_of, post, state, xlsx

pytestmark = pytest.mark.usefixtures("award_catalogue")

# KHOI-A 2024 (world): SO-TC leads, VP-UB deputy, SO-NV member. KHOI-B 2024: CA-T leads, VKS-T deputy.
GOOD: list[list[Any]] = [
    [
        "KHOI-A",
        2024,
        "SO-NV",
        1,
        "Dẫn đầu; CO_TD_TINH",
        10,
        "",
        "05/BB-KA",
        "20/12/2024",
        "Sở Tài chính",
        "",
        "",
    ],
    ["KHOI-A", 2024, "VP-UB", 2, "", "?", "Khối trưởng", "", "", "", "", ""],
    ["KHOI-A", 2024, "SO-TC", 2, "Bằng khen tỉnh", 7, "Khối phó", "05/BB-KA", "", "", "", ""],
    # The next year, made by the rows above, recorded in the same file; a unit honoured without a rank.
    ["KHOI-A", 2025, "VP-UB", 1, "", "", "Thành viên", "", "", "", "", "x"],
    ["KHOI-A", 2025, "SO-TC", "", "BK_TINH", 9, "Khối trưởng", "", "", "", "", ""],
    ["KHOI-A", 2025, "SO-NV", "", "", "", "Khối phó", "", "", "", "", ""],
    ["KHOI-B", 2024, "VKS-T", "", "dan dau", "", "", "", "", "", "", ""],
]


def _state() -> tuple[int, ...]:
    return (
        *state(),
        RecordedMinutes.objects.count(),
        Standing.objects.count(),
        AwardCandidate.objects.count(),
    )


def test_good_sheet_records_exactly_what_the_minutes_say(world, login) -> None:
    client = login(world.user("board"))
    response = post(client, "results", GOOD)
    assert response.status_code == 302, errors_of(response)
    minutes = RecordedMinutes.objects.get(block_year=world.block_year)
    assert (minutes.minutes_number, str(minutes.held_on), minutes.place) == (
        "05/BB-KA",
        "2024-12-20",
        "Sở Tài chính",
    )
    standings = {(s.unit.code, s.rank, s.votes, s.source) for s in world.block_year.standings.all()}
    assert standings == {
        ("SO-NV", 1, 10, StandingSource.RECORDED),
        ("VP-UB", 2, None, StandingSource.RECORDED),  # "?" = not in the minutes
        ("SO-TC", 2, 7, StandingSource.RECORDED),  # a shared second place
    }
    candidates = [
        (c.award_type.code, c.unit and c.unit.code, c.yes) for c in minutes.candidates.order_by("id")
    ]
    assert candidates == [("CO_TD_TINH", "SO-NV", None), ("BK_TINH", "SO-TC", None)]
    y2025 = BlockYear.objects.with_members().get(block=world.block, year=2025)
    assert y2025.leader == world.deputy_unit and y2025.deputies == [world.leader_unit]
    # 2025's own results, recorded after 2024 made the year: by acclamation, an unranked honour.
    later = RecordedMinutes.objects.get(block_year=y2025)
    assert later.by_acclamation and [(s.unit.code, s.rank) for s in y2025.standings.all()] == [("VP-UB", 1)]
    assert [(c.award_type.code, c.unit and c.unit.code, c.yes) for c in later.candidates.all()] == [
        ("BK_TINH", "SO-TC", 9)
    ]
    y2026 = BlockYear.objects.with_members().get(block=world.block, year=2026)
    assert y2026.leader == world.leader_unit and y2026.deputies == [world.member_unit]
    b2024 = world.block_b.years.get(year=2024)
    assert [(s.unit.code, s.rank) for s in b2024.standings.all()] == [("VKS-T", 1)]  # "dẫn đầu" alone
    assert AuditEntry.objects.filter(action="minutes.record").count() == 3


def test_reimporting_the_same_sheet_records_nothing_twice(world, login) -> None:
    client = login(world.user("board"))
    assert post(client, "results", GOOD).status_code == 302
    before = _state()
    response = post(client, "results", GOOD)
    assert response.status_code == 302, errors_of(response)
    assert _state() == before
    page = client.get(reverse("transfer:index")).content.decode()
    assert "thêm mới 0, cập nhật 0. 3 bản ghi đã đúng" in page


def test_export_imports_back_unchanged(world, login) -> None:
    client = login(world.user("board"))
    assert post(client, "results", GOOD).status_code == 302
    rows = data_rows(client.get(reverse("transfer:export", args=["results"])).content)
    assert [
        "KHOI-A",
        2024,
        "SO-NV",
        1,
        "CO_TD_TINH",
        10,
        None,
        "05/BB-KA",
        "20/12/2024",
        "Sở Tài chính",
        None,
        None,
        None,
        None,
    ] in rows
    before = _state()
    response = post(client, "results", rows)
    assert response.status_code == 302, errors_of(response)
    assert _state()[:-4] == before[:-4] and _state()[-3:] == before[-3:]  # only the export's audit entry


def test_other_results_for_a_recorded_year_are_refused(world, login) -> None:
    client = login(world.user("board"))
    assert post(client, "results", GOOD).status_code == 302
    before = _state()
    changed = [list(row) for row in GOOD]
    changed[1][3] = 3  # VP-UB third, not second
    errors = errors_of(post(client, "results", changed))
    assert "đã được ghi nhận từ biên bản" in errors[(2, "")]
    assert _state() == before


def test_one_bad_row_saves_nothing_and_names_the_row(world, login) -> None:
    client = login(world.user("board"))
    before = _state()
    rows = [*GOOD, ["KHOI-B", 2024, "CA-T", "hai", "", "", "", "", "", "", "", ""]]
    errors = errors_of(post(client, "results", rows))
    assert list(errors) == [(9, "Hạng")]
    assert "hai" in errors[(9, "Hạng")]
    assert _state() == before


def test_each_problem_is_reported_on_its_row_and_column(world, login) -> None:
    client = login(world.user("board"))
    rows: list[list[Any]] = [
        ["KHOI-A", 2024, "SO-NV", 1, "Cờ thi đua", "", "", "", "", "", "", ""],  # several flags match
        ["KHOI-A", 2024, "VP-UB", 2, "Dẫn đầu", "", "", "", "", "", "", ""],  # leading but rank 2
        ["KHOI-A", 2024, "SO-TC", "", "", "", "", "", "", "", "", ""],  # records nothing
        ["KHOI-A", 2024, "CA-T", 3, "", "", "", "", "", "", "", ""],  # not a member in 2024
        ["KHOI-A", 2024, "SO-NV", 4, "", "", "", "", "", "", "", ""],  # same unit again
        ["KHOI-A", 2024, "VKS-T", "", "", "", "Khối phó", "", "", "", "", ""],  # deputies, no leader
        ["KHOI-A", 2023, "SO-NV", 1, "", "", "", "", "", "", "", ""],  # no such year
        ["KHOI-B", 2024, "CA-T", 1, "", "", "", "01/BB", "", "", "", ""],
        ["KHOI-B", 2024, "VKS-T", 1, "", "", "", "02/BB", "", "", "", ""],  # 2 leaders; other minutes no.
        ["KHOI-B", 2024, "CA-T", "", "Chiến sĩ thi đua cơ sở", "", "", "", "", "", "", ""],  # for people
    ]
    errors = errors_of(post(client, "results", rows))
    assert "CO_TD_TINH" in errors[(2, "Danh hiệu, hình thức được suy tôn")]
    assert "CO_TD_CP" in errors[(2, "Danh hiệu, hình thức được suy tôn")]
    assert "hạng 1" in errors[(3, "Hạng")]
    assert "không ghi nhận gì" in errors[(4, "Hạng")]
    assert "Công an tỉnh" in errors[(5, "Mã đơn vị")]
    assert "dòng 2" in errors[(6, "Mã đơn vị")]
    assert "chưa có trưởng khối" in errors[(7, "Vai trò năm sau")]
    assert "2023" in errors[(8, "Năm")]
    assert "01/BB" in errors[(10, "Số biên bản")]
    assert "1 đơn vị dẫn đầu" in errors[(10, "Hạng")]
    assert "cá nhân" in errors[(11, "Danh hiệu, hình thức được suy tôn")]
    assert not RecordedMinutes.objects.exists()


def test_a_refusal_of_the_rotation_rule_rolls_everything_back(world, login) -> None:
    client = login(world.user("board"))
    before = _state()
    rows = [
        ["KHOI-B", 2024, "VKS-T", 1, "", "", "", "", "", "", "", ""],  # valid, written first
        ["KHOI-A", 2024, "SO-NV", 1, "", "", "", "", "", "", "", ""],
        ["KHOI-A", 2024, "SO-TC", "", "", "", "Khối trưởng", "", "", "", "", ""],  # led 2024: refused
    ]
    errors = errors_of(post(client, "results", rows))
    assert "năm 2024" in errors[(4, "Vai trò năm sau")]
    assert _state() == before


def test_only_the_board_imports_results(world, login) -> None:
    for persona in ("leader", "member", "delegate", "observer"):
        client = login(world.user(persona))
        response = client.post(reverse("transfer:import", args=["results"]), {"file": xlsx(GOOD, "results")})
        assert response.status_code == 403, persona
        assert client.get(reverse("transfer:template", args=["results"])).status_code == 403
    assert not RecordedMinutes.objects.exists()


def test_template_has_vietnamese_headings_no_data_and_an_example_on_the_guide(world, login) -> None:
    content = login(world.user("board")).get(reverse("transfer:template", args=["results"])).content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]][:7] == [
        "Mã khối",
        "Năm",
        "Mã đơn vị",
        "Hạng",
        "Danh hiệu, hình thức được suy tôn",
        "Số phiếu",
        "Vai trò năm sau",
    ]
    assert sheet.max_row == 1
    guide = [list(row) for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert any(row[:4] == ["KHOI-NC", 2019, "CA-T", 1] for row in guide)


def test_numbered_deputies_keep_the_minutes_order_and_export_back(world, login) -> None:
    client = login(world.user("board"))
    rows = [
        ["KHOI-A", 2024, "SO-NV", 1, "", "", "Phó khối 2", "", "", "", "", ""],
        ["KHOI-A", 2024, "SO-TC", 2, "", "", "Khối phó 1", "", "", "", "", ""],
        ["KHOI-A", 2024, "VP-UB", 3, "", "", "Khối trưởng", "", "", "", "", ""],
    ]
    response = post(client, "results", rows)
    assert response.status_code == 302, errors_of(response)
    y2025 = BlockYear.objects.with_members().get(block=world.block, year=2025)
    assert y2025.deputies == [world.leader_unit, world.member_unit]  # Khối phó 1, then 2
    exported = data_rows(client.get(reverse("transfer:export", args=["results"])).content)
    roles = {row[2]: row[6] for row in exported}
    assert roles == {"SO-NV": "Khối phó 2", "SO-TC": "Khối phó 1", "VP-UB": "Khối trưởng"}
    before = _state()
    assert post(client, "results", exported).status_code == 302
    assert _state()[-3:] == before[-3:]


def test_a_numbered_leader_is_refused(world, login) -> None:
    client = login(world.user("board"))
    rows = [["KHOI-A", 2024, "VP-UB", 1, "", "", "Khối trưởng 2", "", "", "", "", ""]]
    errors = errors_of(post(client, "results", rows))
    assert "Khối phó" in errors[(2, "Vai trò năm sau")]
