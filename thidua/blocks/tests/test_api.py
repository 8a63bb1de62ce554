"""The API through the same permission door: every persona on every endpoint."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from thidua.audit.models import AuditEntry
from thidua.blocks.models import BlockYear
from thidua.testing import PASSWORD, PERSONAS


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_token_login_and_token_auth(world) -> None:
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "board", "password": PASSWORD}, format="json")
    assert response.status_code == 200 and set(response.json()) == {"token"}
    client.credentials(HTTP_AUTHORIZATION="Token " + response.json()["token"])
    assert client.get("/api/v1/blocks/").status_code == 200


def test_session_login_works_for_the_api(world, client) -> None:
    client.post("/accounts/login/", {"username": "member", "password": PASSWORD})
    assert client.get("/api/v1/blocks/").status_code == 200


def test_schema_and_docs_are_served(world) -> None:
    client = _client(world.user("board"))
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"openapi: 3" in schema.content
    for path in (
        "/api/v1/units/",
        "/api/v1/people/",
        "/api/v1/blocks/",
        "/api/v1/block-years/",
        "/api/v1/auth/token/",
    ):
        assert path.encode() in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
    assert b"cdn" not in docs.content.lower()


@pytest.mark.parametrize(
    "path", ["/api/v1/units/", "/api/v1/people/", "/api/v1/blocks/", "/api/v1/block-years/"]
)
def test_anonymous_gets_401(db, path) -> None:
    assert _client().get(path).status_code == 401


@pytest.mark.parametrize("persona", PERSONAS)
def test_block_years_are_scoped(world, persona) -> None:
    rows = _client(world.user(persona)).get("/api/v1/block-years/").json()["results"]
    blocks = {row["block"] for row in rows}
    if persona in ("board", "admin", "observer"):
        assert blocks == {world.block.pk, world.block_b.pk}
    elif persona == "outsider":
        assert blocks == {world.block_b.pk}
    else:
        assert blocks == {world.block.pk}


def test_block_year_shows_members_leader_deputy_and_filters_by_year(world) -> None:
    client = _client(world.user("observer"))
    rows = client.get("/api/v1/block-years/", {"year": 2024, "block": world.block.pk}).json()["results"]
    assert len(rows) == 1
    row = rows[0]
    assert row["leader"]["name"] == "Sở Tài chính"
    assert [d["name"] for d in row["deputies"]] == ["Văn phòng UBND tỉnh"]
    assert {m["name"] for m in row["members"]} == {"Sở Tài chính", "Văn phòng UBND tỉnh", "Sở Nội vụ"}
    assert client.get("/api/v1/block-years/", {"year": 2023}).json()["results"] == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_board_creates_block_years(world, persona) -> None:
    payload = {
        "block": world.block.pk,
        "year": 2025,
        "member_ids": [world.leader_unit.pk, world.deputy_unit.pk, world.member_unit.pk],
        "leader_id": world.deputy_unit.pk,
        "deputy_ids": [world.member_unit.pk],
    }
    response = _client(world.user(persona)).post("/api/v1/block-years/", payload, format="json")
    if persona in ("board", "admin"):
        assert response.status_code == 201, response.content
        assert response.json()["leader"]["id"] == world.deputy_unit.pk
    else:
        assert response.status_code in (403, 404)
        assert not BlockYear.objects.filter(block=world.block, year=2025).exists()


def test_invalid_block_year_is_400_with_reason_and_changes_nothing(world) -> None:
    before = AuditEntry.objects.count()
    payload = {
        "block": world.block.pk,
        "year": 2025,
        "member_ids": [world.leader_unit.pk, world.deputy_unit.pk],
        "leader_id": world.leader_unit.pk,  # led 2024: the rotation rule refuses
        "deputy_ids": [world.deputy_unit.pk],
    }
    response = _client(world.user("board")).post("/api/v1/block-years/", payload, format="json")
    assert response.status_code == 400
    assert "leader" in response.json()
    assert AuditEntry.objects.count() == before


def test_update_replaces_membership(world) -> None:
    payload = {
        "block": world.block.pk,
        "year": 2024,
        "member_ids": [world.leader_unit.pk, world.deputy_unit.pk, world.member_unit.pk],
        "leader_id": world.leader_unit.pk,
        "deputy_ids": [world.deputy_unit.pk, world.member_unit.pk],
    }
    response = _client(world.user("board")).put(
        f"/api/v1/block-years/{world.block_year.pk}/", payload, format="json"
    )
    assert response.status_code == 200, response.content
    assert len(response.json()["deputies"]) == 2
    response = _client(world.user("leader")).put(
        f"/api/v1/block-years/{world.block_year.pk}/", payload, format="json"
    )
    assert response.status_code == 403


def test_blocks_create_is_board_only(world) -> None:
    payload = {
        "code": "K-C",
        "name": "Khối C",
        "kind": "cluster",
        "level": "commune",
        "managing_body": world.province.pk,
    }
    assert _client(world.user("member")).post("/api/v1/blocks/", payload, format="json").status_code == 403
    response = _client(world.user("board")).post("/api/v1/blocks/", payload, format="json")
    assert response.status_code == 201 and response.json()["kind"] == "cluster"
    response = _client(world.user("observer")).patch(
        f"/api/v1/blocks/{world.block.pk}/", {"name": "X"}, format="json"
    )
    assert response.status_code == 403


def test_schema_and_docs_need_a_login(db) -> None:
    assert _client().get("/api/v1/schema/").status_code in (401, 403)
    assert _client().get("/api/v1/docs/").status_code in (401, 403)


@pytest.mark.parametrize("required", [False, True])
def test_a_year_without_a_deputy_follows_the_blocks_setting(world, required) -> None:
    board = _client(world.user("board"))
    response = board.patch(f"/api/v1/blocks/{world.block.pk}/", {"deputy_required": required}, format="json")
    assert response.status_code == 200 and response.json()["deputy_required"] is required
    payload = {
        "block": world.block.pk,
        "year": 2025,
        "member_ids": [world.deputy_unit.pk, world.member_unit.pk],
        "leader_id": world.deputy_unit.pk,
        "deputy_ids": [],
    }
    response = board.post("/api/v1/block-years/", payload, format="json")
    if required:
        assert response.status_code == 400
        assert "bắt buộc mỗi năm có ít nhất một Khối phó" in response.json()["deputies"][0]
        assert not BlockYear.objects.filter(block=world.block, year=2025).exists()
    else:
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["leader"]["id"], body["deputies"], body["deputy_ids"]) == (world.deputy_unit.pk, [], [])


def test_deputy_ids_keep_their_order_through_the_api(world) -> None:
    board = _client(world.user("board"))
    url = f"/api/v1/block-years/{world.block_year.pk}/"
    payload = {
        "block": world.block.pk,
        "year": 2024,
        "member_ids": [world.leader_unit.pk, world.deputy_unit.pk, world.member_unit.pk],
        "leader_id": world.leader_unit.pk,
        # Sở Nội vụ first, then Văn phòng UBND tỉnh: the names sort the other way.
        "deputy_ids": [world.member_unit.pk, world.deputy_unit.pk],
    }
    expected = [world.member_unit.pk, world.deputy_unit.pk]
    assert board.put(url, payload, format="json").json()["deputy_ids"] == expected
    body = board.get(url).json()
    assert body["deputy_ids"] == expected
    assert [d["id"] for d in body["deputies"]] == expected
    orders = {m["id"]: m["deputy_order"] for m in body["members"]}
    assert orders == {world.leader_unit.pk: None, world.member_unit.pk: 1, world.deputy_unit.pk: 2}
    # A PATCH that leaves the deputies out keeps them in their order.
    assert board.patch(url, {"note": "Ghi chú"}, format="json").json()["deputy_ids"] == expected
    payload["deputy_ids"] = [world.deputy_unit.pk, world.member_unit.pk]
    assert board.put(url, payload, format="json").json()["deputy_ids"] == payload["deputy_ids"]
    assert board.get(url).json()["deputy_ids"] == payload["deputy_ids"]
