"""Clusters speak as clusters (issue 12 item 5): a cụm's pages say Cụm trưởng, Cụm phó."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.blocks.models import BlockKind, MemberRole, block_word, role_title

BLOCK_WORDS = ("Khối trưởng", "Khối phó", "Trưởng khối", "Phó khối")


@pytest.fixture
def cluster(world):
    world.block.kind = BlockKind.CLUSTER
    world.block.name = "Cụm thi đua số 1"
    world.block.save()
    return world


@pytest.mark.parametrize(
    ("kind", "leader", "deputy", "word"),
    [
        (BlockKind.BLOCK, "Khối trưởng", "Khối phó", "khối thi đua"),
        (BlockKind.CLUSTER, "Cụm trưởng", "Cụm phó", "cụm thi đua"),
    ],
)
def test_words_by_kind(kind, leader, deputy, word) -> None:
    assert role_title(kind, MemberRole.LEADER) == leader
    assert role_title(kind, MemberRole.DEPUTY) == deputy
    assert role_title(kind, MemberRole.MEMBER) == "Thành viên"
    assert block_word(kind) == word


def test_cluster_edit_page_says_cum(cluster, login) -> None:
    w = cluster
    content = login(w.user("board")).get(reverse("blocks:block_edit", args=[w.block.pk])).content.decode()
    assert "Cụm phó năm nay làm Cụm trưởng năm sau" in content and "Bắt buộc có Cụm phó" in content
    for word in BLOCK_WORDS:
        assert word not in content, word


@pytest.mark.parametrize(
    "page",
    ["blocks:block_detail", "blocks:block_year_detail", "blocks:block_year_edit", "blocks:block_year_create"],
)
def test_cluster_pages_say_cum(cluster, login, page) -> None:
    w = cluster
    args = [w.block.pk] if page in ("blocks:block_detail", "blocks:block_year_create") else [w.block.pk, 2024]
    content = login(w.user("board")).get(reverse(page, args=args)).content.decode()
    assert "Cụm trưởng" in content
    if page != "blocks:block_year_create":
        assert "Cụm phó" in content
    for word in BLOCK_WORDS:
        assert word not in content, word


def test_unit_page_names_its_cluster_role(cluster, login) -> None:
    w = cluster
    content = (
        login(w.user("board")).get(reverse("orgs:unit_detail", args=[w.leader_unit.pk])).content.decode()
    )
    assert "Cụm trưởng" in content
    for word in BLOCK_WORDS:
        assert word not in content, word


def test_home_page_names_a_clusters_leader_in_its_words(cluster, login) -> None:
    content = login(cluster.user("board")).get("/").content.decode()
    card = content.split("Cụm thi đua số 1")[1].split('class="card-body"')[0]
    assert "Cụm trưởng:" in card and "Cụm phó:" in card
    assert "Khối trưởng:" in content.split("Khối B nội chính")[1].split('class="card-body"')[0]
