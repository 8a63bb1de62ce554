"""Movements and registrations through the API: the same rules as the Scoring page."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from thidua.blocks.services import set_block_year
from thidua.scoring.models import Movement, Registration
from thidua.scoring.services.registration import add_movement, register
from thidua.testing import PERSONAS

RUNS = {"board", "admin", "leader"}
HIDDEN = {"outsider"}


def _client(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_on_movements(world, persona) -> None:
    movement = add_movement(actor=None, block_year=world.block_year, name="Thi đua thường xuyên")
    client = _client(world.user(persona))
    names = [
        m["name"]
        for m in client.get("/api/v1/movements/", {"block_year": world.block_year.pk}).json()["results"]
    ]
    assert names == ([] if persona in HIDDEN else ["Thi đua thường xuyên"])
    assert client.get(f"/api/v1/movements/{movement.pk}/").status_code == (404 if persona in HIDDEN else 200)
    response = client.post(
        "/api/v1/movements/",
        {
            "block_year": world.block_year.pk,
            "kind": "thematic",
            "name": "Học tập và làm theo Bác",
            "theme": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            "start": "2024-01-01",
            "end": "2024-12-31",
        },
        format="json",
    )
    expected = 201 if persona in RUNS else 404 if persona in HIDDEN else 403
    assert response.status_code == expected
    assert Movement.objects.filter(name="Học tập và làm theo Bác").exists() == (persona in RUNS)


def test_movement_input_is_checked_with_clear_messages(world) -> None:
    client = _client(world.user("leader"))
    base = {"block_year": world.block_year.pk, "kind": "thematic", "name": "Chuyển đổi số"}
    response = client.post("/api/v1/movements/", base, format="json")
    assert response.status_code == 400
    assert response.json() == {"theme": ["Hãy nêu chủ đề của phong trào theo chuyên đề."]}
    response = client.post(
        "/api/v1/movements/",
        {**base, "theme": "Chuyển đổi số", "start": "2024-06-01", "end": "2024-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"end": ["Phong trào kết thúc trước khi bắt đầu; hãy kiểm tra lại ngày."]}
    response = client.post("/api/v1/movements/", {**base, "theme": "Chuyển đổi số", "start": "2024-06-01"})
    assert response.status_code == 400
    assert response.json() == {
        "end": ["Hãy ghi ngày bắt đầu và ngày kết thúc của phong trào theo chuyên đề."]
    }
    assert not Movement.objects.exists()


def test_anonymous_gets_401(world) -> None:
    client = _client()
    assert client.get("/api/v1/movements/").status_code == 401
    assert client.get("/api/v1/registrations/").status_code == 401
    assert client.post("/api/v1/registrations/", {"targets": "x"}, format="json").status_code == 401
    url = f"/api/v1/registrations/not-registered/?block_year={world.block_year.pk}"
    assert client.get(url).status_code == 401


@pytest.fixture
def registered(world) -> dict[str, Registration]:
    """The member and the leader have registered for 2024; the deputy has not."""
    movement = add_movement(actor=None, block_year=world.block_year, name="Thi đua thường xuyên")
    return {
        "member": register(
            actor=world.user("member"),
            block_year=world.block_year,
            unit=world.member_unit,
            targets="Hoàn thành 100% chỉ tiêu",
            movements=[movement],
        ),
        "leader": register(
            actor=world.user("leader"),
            block_year=world.block_year,
            unit=world.leader_unit,
            targets="Dẫn đầu khối",
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_reads_the_registrations_it_may(world, registered, persona) -> None:
    client = _client(world.user(persona))
    listed = client.get("/api/v1/registrations/", {"block_year": world.block_year.pk}).json()["results"]
    everything = {world.member_unit.pk, world.leader_unit.pk}
    expected = {
        "board": everything,
        "admin": everything,
        "observer": everything,
        "leader": everything,  # the leader officer follows up the year
        "member": {world.member_unit.pk},  # never another member's
        "delegate": {world.member_unit.pk},  # its own unit's, read-only
        "outsider": set(),
    }[persona]
    assert {row["unit"] for row in listed} == expected
    for whose, reg in registered.items():
        readable = reg.unit_id in expected
        assert client.get(f"/api/v1/registrations/{reg.pk}/").status_code == (200 if readable else 404), whose


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_a_members_own_officer_registers_it(world, registered, persona) -> None:
    client = _client(world.user(persona))
    response = client.post(
        "/api/v1/registrations/",
        {"block_year": world.block_year.pk, "targets": "Mục tiêu mới", "titles": "Cờ thi đua"},
        format="json",
    )
    # The member and the leader already registered: a second POST replaces their registration.
    expected = {"member": 200, "leader": 200, "outsider": 404}.get(persona, 403)
    assert response.status_code == expected
    changed = set(Registration.objects.filter(targets="Mục tiêu mới").values_list("unit_id", flat=True))
    assert changed == {"member": {world.member_unit.pk}, "leader": {world.leader_unit.pk}}.get(persona, set())

    url = f"/api/v1/registrations/{registered['member'].pk}/"
    response = client.patch(url, {"titles": "Tập thể lao động xuất sắc"}, format="json")
    # The leader and the board read it but do not register for the member; the delegate only reads.
    expected = {"member": 200, "outsider": 404}.get(persona, 403)
    assert response.status_code == expected
    titles = Registration.objects.get(pk=registered["member"].pk).titles
    assert (titles == "Tập thể lao động xuất sắc") == (persona == "member")


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_has_not_registered(world, registered, persona) -> None:
    client = _client(world.user(persona))
    response = client.get("/api/v1/registrations/not-registered/", {"block_year": world.block_year.pk})
    expected = {"board": 200, "admin": 200, "observer": 200, "leader": 200, "outsider": 404}.get(persona, 403)
    assert response.status_code == expected
    if expected == 200:
        assert response.json() == [
            {"id": world.deputy_unit.pk, "code": "VP-UB", "name": "Văn phòng UBND tỉnh"}
        ]


def test_a_new_registration_and_its_errors(world) -> None:
    movement = add_movement(actor=None, block_year=world.block_year, name="Thi đua thường xuyên")
    later = set_block_year(
        actor=None,
        block=world.block,
        year=2025,
        members=[world.leader_unit, world.deputy_unit, world.member_unit],
        leader=world.deputy_unit,
        deputies=[world.member_unit],
    )
    other_movement = add_movement(actor=None, block_year=later, name="Năm sau")
    client = _client(world.user("member"))
    url = "/api/v1/registrations/"
    response = client.post(url, {"block_year": world.block_year.pk, "targets": "  "}, format="json")
    assert response.status_code == 400 and response.json() == {
        "targets": ["Hãy ghi các chỉ tiêu đơn vị đăng ký."]
    }
    response = client.post(
        url,
        {"block_year": world.block_year.pk, "targets": "x", "movements": [other_movement.pk]},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["movements"]
    assert (
        response.status_code == 400 and client.post(url, {"targets": "x"}, format="json").status_code == 400
    )
    assert not Registration.objects.exists()
    response = client.post(
        url,
        {"block_year": world.block_year.pk, "targets": "Hoàn thành 10 chỉ tiêu", "movements": [movement.pk]},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["unit"], body["movements"], body["registered_by_name"]) == (
        world.member_unit.pk,
        [movement.pk],
        "Member",
    )
    # The outsider's unit is not a member of block A in any year: it does not even see the year.
    response = _client(world.user("outsider")).post(
        url, {"block_year": world.block_year.pk, "targets": "x"}, format="json"
    )
    assert response.status_code == 404
    # A list without block_year is refused in words.
    response = _client(world.user("board")).get("/api/v1/registrations/not-registered/")
    assert response.status_code == 400 and "block_year" in response.json()


def _queries(client: APIClient, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_run_a_fixed_number_of_queries(world) -> None:
    client = _client(world.user("leader"))
    urls = [f"/api/v1/registrations/?block_year={world.block_year.pk}", "/api/v1/movements/"]
    movement = add_movement(actor=None, block_year=world.block_year, name="Thi đua 1")
    register(
        actor=world.user("member"),
        block_year=world.block_year,
        unit=world.member_unit,
        targets="x",
        movements=[movement],
    )
    [_queries(client, url) for url in urls]  # warm-up: the user's own units are cached afterwards
    before = [_queries(client, url) for url in urls]
    for n in range(2, 6):
        add_movement(actor=None, block_year=world.block_year, name=f"Thi đua {n}")
    everyone = list(world.block_year.memberships.select_related("unit"))
    for membership in everyone:
        register(
            actor=world.user("board"),
            block_year=world.block_year,
            unit=membership.unit,
            targets="Chỉ tiêu",
            movements=list(world.block_year.movements.all()),
        )
    assert [_queries(client, url) for url in urls] == before
