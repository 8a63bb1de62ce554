from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from thidua.orgs.models import Person, Unit
from thidua.testing import PERSONAS


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_people_are_scoped(world, persona) -> None:
    names = {
        row["full_name"] for row in _client(world.user(persona)).get("/api/v1/people/").json()["results"]
    }
    expected = {
        "board": {"Nguyễn Thị Lan", "Trần Văn Bình"},
        "admin": {"Nguyễn Thị Lan", "Trần Văn Bình"},
        "observer": {"Nguyễn Thị Lan", "Trần Văn Bình"},
        "leader": {"Nguyễn Thị Lan"},
        "member": {"Nguyễn Thị Lan"},
        "outsider": {"Trần Văn Bình"},
        "delegate": set(),
    }[persona]
    assert names == expected


def test_people_search_ignores_accents_and_hides_ids_from_observers(world) -> None:
    rows = _client(world.user("observer")).get("/api/v1/people/", {"q": "nguyen thi lan"}).json()["results"]
    assert [r["full_name"] for r in rows] == ["Nguyễn Thị Lan"]
    assert rows[0]["national_id"] is None and rows[0]["given_name"] == "Lan"
    rows = _client(world.user("board")).get("/api/v1/people/", {"q": "nguyen thi lan"}).json()["results"]
    assert rows[0]["national_id"] == "001190000001"


@pytest.mark.parametrize("persona", PERSONAS)
def test_units_are_scoped(world, persona) -> None:
    codes = {
        row["code"]
        for row in _client(world.user(persona)).get("/api/v1/units/", {"limit": 500}).json()["results"]
    }
    if persona in ("board", "admin", "observer"):
        assert codes == set(Unit.objects.values_list("code", flat=True))
    elif persona == "outsider":
        assert codes == {"CA-T", "VKS-T"}
    elif persona == "leader":
        assert codes == {"SO-TC", "VP-UB", "SO-NV"}
    else:  # the member's unit, its sub-unit and its fellow block members
        assert codes == {"SO-TC", "VP-UB", "SO-NV", "SO-NV-TDKT"}


def test_unit_officer_creates_people_only_in_its_own_unit(world) -> None:
    payload = {
        "full_name": "Phan Văn Mới",
        "gender": "male",
        "unit": world.outside_unit.pk,
        "position_title": "Chuyên viên",
        "position_start": "2025-01-01",
    }
    assert _client(world.user("member")).post("/api/v1/people/", payload, format="json").status_code == 403
    payload["unit"] = world.member_sub_unit.pk
    response = _client(world.user("member")).post("/api/v1/people/", payload, format="json")
    assert response.status_code == 201, response.content
    assert Person.objects.get(full_name="Phan Văn Mới").positions.get().unit == world.member_sub_unit


def test_likely_duplicate_is_refused_until_confirmed(world) -> None:
    client = _client(world.user("board"))
    payload = {
        "full_name": "Nguyễn Thị Lan",
        "gender": "female",
        "birth_date": None,
        "national_id": "001190000001",
        "unit": world.member_unit.pk,
        "position_title": "Chuyên viên",
        "position_start": "2025-01-01",
        "allow_duplicate": True,
    }
    response = client.post("/api/v1/people/", payload, format="json")
    assert response.status_code == 400 and "national_id" in response.json()


def test_member_cannot_update_a_person_of_another_unit(world) -> None:
    url = f"/api/v1/people/{world.outside_person.pk}/"
    assert _client(world.user("member")).patch(url, {"full_name": "X"}, format="json").status_code == 404
    assert _client(world.user("observer")).patch(url, {"full_name": "X"}, format="json").status_code == 403
    response = _client(world.user("outsider")).patch(url, {"phone": "0912345678"}, format="json")
    assert response.status_code == 200 and response.json()["phone"] == "0912345678"


def test_the_api_does_not_name_a_look_alike_the_officer_may_not_read(world) -> None:
    """The attack through the API: a unit officer posts someone's civil-servant code to learn whose it
    is; the 400 says someone has it, without the name."""
    Person.objects.filter(pk=world.outside_person.pk).update(civil_servant_code="CC-77")
    payload = {
        "full_name": "Ai Đó",
        "gender": "male",
        "civil_servant_code": "CC-77",
        "unit": world.member_sub_unit.pk,
        "position_title": "Chuyên viên",
        "position_start": "2025-01-01",
    }
    response = _client(world.user("member")).post("/api/v1/people/", payload, format="json")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Trần Văn Bình" not in text and "đơn vị khác" in text
    board = _client(world.user("board")).post("/api/v1/people/", payload, format="json")
    assert board.status_code == 400 and "Trần Văn Bình" in board.content.decode()
