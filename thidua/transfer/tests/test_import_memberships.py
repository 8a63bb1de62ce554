"""Importing block memberships: one group per block and year, saved through the block rules."""

from __future__ import annotations

from typing import Any

from thidua.audit.models import AuditEntry
from thidua.blocks.models import BlockYear
from thidua.transfer.tests.workbooks import errors_of, post, state


def test_sets_up_a_year_through_the_rules(world, login) -> None:
    client = login(world.user("board"))
    rows: list[list[Any]] = [
        ["KHOI-A", 2025, "VP-UB", "Khối trưởng"],
        ["KHOI-A", "2025", "SO-NV", "khoi pho"],
        ["KHOI-A", 2025.0, "SO-TC", "member"],
    ]
    assert post(client, "memberships", rows).status_code == 302
    year = BlockYear.objects.with_members().get(block=world.block, year=2025)
    assert year.leader == world.deputy_unit and year.deputies == [world.member_unit]
    assert len(year.memberships.all()) == 3
    assert AuditEntry.objects.filter(action="blockyear.create").count() == 3  # two from the world


def test_replacing_a_year_keeps_its_note(world, login) -> None:
    client = login(world.user("board"))
    BlockYear.objects.filter(pk=world.block_year.pk).update(note="Ghi chú của Ban")
    rows = [["KHOI-A", 2024, "SO-TC", "Khối trưởng"], ["KHOI-A", 2024, "SO-NV", "Khối phó"]]
    assert post(client, "memberships", rows).status_code == 302
    year = BlockYear.objects.with_members().get(pk=world.block_year.pk)
    assert year.note == "Ghi chú của Ban" and len(year.memberships.all()) == 2


def test_bad_rows_and_groups_are_all_reported_and_nothing_is_imported(world, login) -> None:
    client = login(world.user("board"))
    before = state()
    rows = [
        ["KHOI-A", 2025, "VP-UB", "Khối phó"],  # the group has no leader
        ["KHOI-A", 2025, "SO-NV", "Thành viên"],
        ["KHOI-X", 2025, "SO-NV", "Thành viên"],  # unknown block
        ["KHOI-B", 2025, "KHONG-CO", "Thành viên"],  # unknown unit
        ["KHOI-B", 1900, "CA-T", "Thành viên"],  # bad year
        ["KHOI-B", 2026, "SO-NV-TDKT", "Khối trưởng"],  # a sub-unit
        ["KHOI-B", 2026, "CA-T", "Chủ tịch"],  # unknown role
        ["KHOI-A", 2025, "SO-NV", "Khối phó"],  # same unit twice
    ]
    errors = errors_of(post(client, "memberships", rows))
    assert "đúng một Khối trưởng" in errors[(2, "Vai trò")]
    assert "KHOI-X" in errors[(4, "Mã khối")]
    assert "KHONG-CO" in errors[(5, "Mã đơn vị")]
    assert "1900" in errors[(6, "Năm")]
    assert "Phòng Thi đua - Khen thưởng" in errors[(7, "Mã đơn vị")]
    assert "Chủ tịch" in errors[(8, "Vai trò")]
    assert "dòng 3" in errors[(9, "Mã đơn vị")]
    assert state() == before


def test_rotation_rule_refusal_rolls_back_the_groups_written_before(world, login) -> None:
    client = login(world.user("board"))
    before = state()
    rows = [
        ["KHOI-A", 2025, "VP-UB", "Khối trưởng"],  # valid, written first
        ["KHOI-A", 2025, "SO-NV", "Khối phó"],
        ["KHOI-B", 2025, "CA-T", "Khối trưởng"],  # led in 2024: refused by the rotation rule
        ["KHOI-B", 2025, "VKS-T", "Khối phó"],
    ]
    errors = errors_of(post(client, "memberships", rows))
    assert "đã làm Khối trưởng năm 2024" in errors[(4, "Vai trò")]
    assert not BlockYear.objects.filter(block=world.block, year=2025).exists()
    assert state() == before


def test_rotation_rule_sees_an_earlier_year_of_the_same_file_whatever_the_row_order(world, login) -> None:
    client = login(world.user("board"))
    rows = [
        ["KHOI-A", 2026, "VP-UB", "Khối trưởng"],  # VP-UB also leads 2025 below
        ["KHOI-A", 2026, "SO-NV", "Khối phó"],
        ["KHOI-A", 2025, "VP-UB", "Khối trưởng"],
        ["KHOI-A", 2025, "SO-NV", "Khối phó"],
    ]
    errors = errors_of(post(client, "memberships", rows))
    assert "2025" in errors[(2, "Vai trò")]


def test_a_leader_alone_is_imported_when_the_block_needs_no_deputy(world, login) -> None:
    """D13: five of ten real blocks elected a leader and no deputy (issue 12 item 3)."""
    client = login(world.user("board"))
    world.block.deputy_required = False
    world.block.save(update_fields=["deputy_required"])
    rows = [["KHOI-A", 2025, "VP-UB", "Khối trưởng"], ["KHOI-A", 2025, "SO-NV", "Thành viên"]]
    assert post(client, "memberships", rows).status_code == 302
    year = BlockYear.objects.with_members().get(block=world.block, year=2025)
    assert year.leader is not None and year.leader.code == "VP-UB" and year.deputies == []


def test_a_block_that_requires_a_deputy_refuses_a_leader_alone(world, login) -> None:
    client = login(world.user("board"))
    world.block.deputy_required = True
    world.block.save(update_fields=["deputy_required"])
    before = state()
    rows = [["KHOI-A", 2025, "VP-UB", "Khối trưởng"], ["KHOI-A", 2025, "SO-NV", "Thành viên"]]
    errors = errors_of(post(client, "memberships", rows))
    assert "ít nhất một Khối phó" in errors[(2, "Vai trò")]
    assert state() == before


def test_deputies_keep_the_order_of_their_rows(world, login) -> None:
    client = login(world.user("board"))
    rows = [
        ["KHOI-A", 2025, "VP-UB", "Khối trưởng"],
        ["KHOI-A", 2025, "SO-TC", "Khối phó"],
        ["KHOI-A", 2025, "SO-NV", "Khối phó"],
    ]
    assert post(client, "memberships", rows).status_code == 302
    year = BlockYear.objects.with_members().get(block=world.block, year=2025)
    assert [u.code for u in year.deputies] == ["SO-TC", "SO-NV"]
