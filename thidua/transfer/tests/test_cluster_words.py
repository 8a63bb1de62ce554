"""Clusters speak as clusters (issue 12 item 5): the memberships export and its errors say Cụm trưởng."""

from __future__ import annotations

from django.urls import reverse

from thidua.blocks.models import BlockKind
from thidua.transfer.tests.workbooks import data_rows, errors_of, post, state


def test_membership_export_of_a_cluster_says_cum_and_imports_back(world, login) -> None:
    world.block.kind = BlockKind.CLUSTER
    world.block.save()
    client = login(world.user("board"))
    rows = data_rows(client.get(reverse("transfer:export", args=["memberships"])).content)
    assert ["KHOI-A", 2024, "SO-TC", "Cụm trưởng"] in rows
    assert ["KHOI-A", 2024, "VP-UB", "Cụm phó"] in rows
    assert ["KHOI-B", 2024, "CA-T", "Khối trưởng"] in rows  # a block keeps its words
    assert not any(r[3] in ("Khối trưởng", "Khối phó") for r in rows if r[0] == "KHOI-A")
    before = state()
    response = post(client, "memberships", rows, name="export.xlsx")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert state() == before


def test_a_cluster_without_a_leader_is_told_in_its_words(world, login) -> None:
    world.block.kind = BlockKind.CLUSTER
    world.block.save()
    client = login(world.user("board"))
    rows = [["KHOI-A", 2025, "SO-TC", "Thành viên"], ["KHOI-A", 2025, "VP-UB", "Cụm phó"]]
    messages = " | ".join(errors_of(post(client, "memberships", rows, name="bad.xlsx")).values())
    assert "Cụm KHOI-A năm 2025 cần đúng một Cụm trưởng; tệp ghi 0." in messages
    assert "Khối trưởng" not in messages
