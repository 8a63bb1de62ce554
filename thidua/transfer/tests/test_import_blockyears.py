"""Importing block years: one row per block and year, leader (or unknown), ordered deputies, members."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from thidua.audit.models import AuditEntry
from thidua.blocks.models import BlockYear
from thidua.transfer.tests.workbooks import data_rows, errors_of, post, state, xlsx

GOOD: list[list[Any]] = [
    ["KHOI-A", 2023, "VP-UB", "SO-NV; SO-TC", "", ""],  # deputies in this order
    ["KHOI-A", 2022, "", "", "SO-TC, VP-UB", "Chưa rõ Khối trưởng"],  # unknown leader, no deputy
    ["KHOI-B", 2025, "VKS-T", "", "CA-T", None],
]


def test_good_sheet_imports_exactly(world, login) -> None:
    client = login(world.user("board"))
    response = post(client, "blockyears", GOOD)
    assert response.status_code == 302, errors_of(response)
    y2023 = BlockYear.objects.with_members().get(block=world.block, year=2023)
    assert y2023.leader == world.deputy_unit
    assert y2023.deputies == [world.member_unit, world.leader_unit]  # the order of the cell
    assert len(y2023.memberships.all()) == 3
    y2022 = BlockYear.objects.with_members().get(block=world.block, year=2022)
    assert y2022.leader is None and y2022.deputies == [] and y2022.note == "Chưa rõ Khối trưởng"
    assert {m.unit.code for m in y2022.memberships.all()} == {"SO-TC", "VP-UB"}
    b2025 = BlockYear.objects.with_members().get(block=world.block_b, year=2025)
    assert b2025.leader is not None and b2025.leader.code == "VKS-T" and b2025.deputies == []
    assert AuditEntry.objects.filter(action="blockyear.create").count() == 5  # two from the world


def test_reimporting_the_same_sheet_changes_nothing(world, login) -> None:
    client = login(world.user("board"))
    assert post(client, "blockyears", GOOD).status_code == 302
    before = state()
    response = post(client, "blockyears", GOOD)
    assert response.status_code == 302
    assert state() == before  # no new year, membership or audit entry
    page = client.get(reverse("transfer:index")).content.decode()
    assert "thêm mới 0, cập nhật 0. 3 bản ghi đã đúng" in page


def test_export_imports_back_unchanged(world, login) -> None:
    client = login(world.user("board"))
    assert post(client, "blockyears", GOOD).status_code == 302
    rows = data_rows(client.get(reverse("transfer:export", args=["blockyears"])).content)
    assert ["KHOI-A", 2023, "VP-UB", "SO-NV; SO-TC", None, None] in rows
    before = state()
    assert post(client, "blockyears", rows).status_code == 302
    assert state()[:-1] == before[:-1]  # the export itself is audited, nothing else


def test_one_bad_row_saves_nothing_and_names_the_row_and_column(world, login) -> None:
    client = login(world.user("board"))
    before = state()
    rows = [*GOOD, ["KHOI-A", 2021, "SO-TC", "KHONG-CO", "VP-UB", ""]]
    errors = errors_of(post(client, "blockyears", rows))
    assert list(errors) == [(5, "Mã đơn vị Khối (Cụm) phó, theo thứ tự")]
    assert "KHONG-CO" in errors[(5, "Mã đơn vị Khối (Cụm) phó, theo thứ tự")]
    assert state() == before


def test_each_problem_is_reported_on_its_row(world, login) -> None:
    client = login(world.user("board"))
    rows = [
        ["KHOI-X", 2023, "SO-TC", "", "VP-UB", ""],  # unknown block
        ["KHOI-A", 2026, "", "", "SO-TC; VP-UB", ""],  # this year's leader cannot be unknown
        ["KHOI-A", 2021, "SO-TC", "SO-TC", "VP-UB", ""],  # leader also a deputy
        ["KHOI-A", 2020, "SO-TC", "", "", ""],  # one member only
        ["KHOI-A", 2019, "SO-TC", "", "SO-NV-TDKT", ""],  # a sub-unit
        ["KHOI-A", 2021, "VP-UB", "", "SO-TC", ""],  # same block and year as row 4
    ]
    errors = errors_of(post(client, "blockyears", rows))
    assert "KHOI-X" in errors[(2, "Mã khối")]
    assert "chưa rõ" not in errors[(3, "Mã đơn vị Khối (Cụm) trưởng")]
    assert "năm đã qua" in errors[(3, "Mã đơn vị Khối (Cụm) trưởng")]
    assert "Khối phó" in errors[(4, "Mã đơn vị Khối (Cụm) phó, theo thứ tự")]
    assert "ít nhất hai" in errors[(5, "Mã các đơn vị thành viên khác")]
    assert "Phòng Thi đua - Khen thưởng" in errors[(6, "Mã các đơn vị thành viên khác")]
    assert "dòng 4" in errors[(7, "Năm")]
    assert not BlockYear.objects.filter(year__in=[2019, 2020, 2021, 2023, 2026]).exists()


def test_rotation_refusal_rolls_back_every_row(world, login) -> None:
    client = login(world.user("board"))
    before = state()
    rows = [
        ["KHOI-A", 2023, "VP-UB", "", "SO-NV", ""],  # valid, written first
        ["KHOI-B", 2025, "CA-T", "", "VKS-T", ""],  # CA-T led 2024: the rotation rule refuses
    ]
    errors = errors_of(post(client, "blockyears", rows))
    assert "năm 2024" in errors[(3, "Mã đơn vị Khối (Cụm) trưởng")]
    assert state() == before


def test_only_the_board_imports_block_years(world, login) -> None:
    for persona in ("leader", "member", "delegate", "observer"):
        client = login(world.user(persona))
        response = client.post(
            reverse("transfer:import", args=["blockyears"]), {"file": xlsx(GOOD, "blockyears")}
        )
        assert response.status_code == 403, persona
        assert client.get(reverse("transfer:template", args=["blockyears"])).status_code == 403
    assert not BlockYear.objects.filter(year__in=[2022, 2023, 2025]).exists()


def test_template_has_vietnamese_headings_no_data_and_an_example_on_the_guide(world, login) -> None:
    content = login(world.user("board")).get(reverse("transfer:template", args=["blockyears"])).content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "Mã khối",
        "Năm",
        "Mã đơn vị Khối (Cụm) trưởng",
        "Mã đơn vị Khối (Cụm) phó, theo thứ tự",
        "Mã các đơn vị thành viên khác",
        "Ghi chú",
    ]
    assert sheet.max_row == 1
    guide = [list(row) for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert ["KHOI-NC", 2019, "CA-T", "VKS-T; TAND-T", "STP; THA-T", None] in guide
