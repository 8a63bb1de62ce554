"""No server error on bad input (issue 11, item 6): the cases the security audit found, each a 400
or a 404 with a Vietnamese message."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from thidua.conferences.tests.helpers import make_conference, open_ranking

BIG = "9" * 30


@pytest.fixture
def board(world) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user("board"))
    return client


@pytest.mark.parametrize("path", ["/api/v1/units/abc/", f"/api/v1/units/{BIG}/", "/api/v1/polls/1.5/"])
def test_an_id_that_is_not_a_number_of_ours_is_404(board, path) -> None:
    response = board.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [f"/api/v1/people/?unit={BIG}", f"/api/v1/units/?parent={BIG}", f"/api/v1/polls/?conference={BIG}"],
)
def test_a_huge_number_in_a_filter_is_not_a_server_error(board, path) -> None:
    assert board.get(path).status_code in (200, 400)


def test_a_huge_number_in_a_body_is_400(world, board) -> None:
    response = board.post(
        "/api/v1/units/",
        {"code": "X", "name": "X", "kind": "other", "level": "province", "parent": BIG},
        format="json",
    )
    assert response.status_code == 400


def test_patch_of_a_block_year_without_member_ids_keeps_the_members(world, board) -> None:
    response = board.patch(f"/api/v1/block-years/{world.block_year.pk}/", {"note": "x"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["note"] == "x"
    assert {m["id"] for m in response.json()["members"]} == {
        world.leader_unit.pk,
        world.deputy_unit.pk,
        world.member_unit.pk,
    }


def test_paper_counts_keyed_by_a_name_are_400_in_vietnamese(world, board) -> None:
    conference = make_conference(world)
    poll = open_ranking(world, conference, mode="paper")
    response = board.post(
        f"/api/v1/polls/{poll.pk}/paper/", {"cast": 12, "votes": {"Sở Alpha": 12}}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "Sở Alpha" in response.content.decode()


def test_drf_messages_are_in_vietnamese(world, board) -> None:
    response = board.post("/api/v1/units/", {"code": "X", "kind": "nonsense"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["name"] == ["Trường này là bắt buộc."]
    assert "không phải là lựa chọn hợp lệ" in body["kind"][0]
