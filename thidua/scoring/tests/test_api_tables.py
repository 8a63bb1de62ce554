"""Building scoring tables through the API: the same door and services as the table editor."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from rest_framework.test import APIClient

from thidua.audit.models import AuditEntry
from thidua.blocks.services import set_block_year
from thidua.scoring.models import Criterion, CriterionTarget, ScoringTable
from thidua.scoring.services.tables import (
    add_criterion,
    create_table,
    freeze_table,
    set_member_target,
    table_problems,
    update_criterion,
)
from thidua.scoring.tests.test_tables import _table
from thidua.testing import PERSONAS

RUNS = {"board", "admin", "leader"}  # the board and the block year's leader officer
HIDDEN = {"outsider"}  # block A is not visible to a unit outside it


def _client(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _expected(persona: str, ok: int) -> int:
    return ok if persona in RUNS else 404 if persona in HIDDEN else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_on_the_table_endpoints(world, persona) -> None:
    table = _table(world)
    criterion = table.criteria.get(code="II.2")
    client = _client(world.user(persona))
    readable = persona not in HIDDEN

    assert client.get(f"/api/v1/scoring-tables/{table.pk}/").status_code == (200 if readable else 404)
    assert client.get(f"/api/v1/criteria/{criterion.pk}/").status_code == (200 if readable else 404)
    listed = client.get("/api/v1/criteria/", {"table": table.pk}).json()["results"]
    assert len(listed) == (8 if readable else 0)

    response = client.post(
        "/api/v1/scoring-tables/",
        {"block_year": world.block_year.pk, "name": "Bảng mới", "total_points": "100"},
        format="json",
    )
    assert response.status_code == _expected(persona, 201), persona
    assert ScoringTable.objects.filter(name="Bảng mới").exists() == (persona in RUNS)

    response = client.patch(f"/api/v1/scoring-tables/{table.pk}/", {"name": "Đổi tên"}, format="json")
    assert response.status_code == _expected(persona, 200)

    response = client.post(
        "/api/v1/criteria/",
        {"table": table.pk, "kind": "bonus", "code": "T2", "text": "Thưởng thêm", "max_points": "2"},
        format="json",
    )
    assert response.status_code == _expected(persona, 201)
    assert table.criteria.filter(code="T2").exists() == (persona in RUNS)

    response = client.patch(f"/api/v1/criteria/{criterion.pk}/", {"text": "Thi đua"}, format="json")
    assert response.status_code == _expected(persona, 200)
    assert Criterion.objects.get(pk=criterion.pk).text == ("Thi đua" if persona in RUNS else criterion.text)

    response = client.delete(f"/api/v1/criteria/{table.criteria.get(code='TR').pk}/")
    assert response.status_code == _expected(persona, 204)
    assert table.criteria.filter(code="TR").exists() == (persona not in RUNS)

    update_criterion(actor=None, criterion=table.criteria.get(code="I.1"), formula="proportional")
    formula = table.criteria.get(code="I.1")
    response = client.post(
        f"/api/v1/criteria/{formula.pk}/targets/",
        [{"unit": world.member_unit.pk, "target": "120"}],
        format="json",
    )
    assert response.status_code == _expected(persona, 200)
    assert CriterionTarget.objects.filter(criterion=formula).exists() == (persona in RUNS)

    for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
        set_member_target(actor=None, criterion=formula, unit=unit, target=D(100))
    assert table_problems(table) == []
    response = client.post(f"/api/v1/scoring-tables/{table.pk}/freeze/")
    assert response.status_code == _expected(persona, 200)
    table.refresh_from_db()
    assert table.is_frozen == (persona in RUNS)
    if table.is_frozen:
        response = client.post(
            f"/api/v1/scoring-tables/{table.pk}/amend/", {"reason": "Bổ sung"}, format="json"
        )
        assert response.status_code == 201 and response.json()["version"] == 3  # v2 is "Bảng mới"


@pytest.mark.parametrize("persona", ["delegate", "observer", "member", "outsider"])
def test_those_who_do_not_run_the_year_cannot_amend_or_copy(world, persona) -> None:
    table = freeze_table(actor=None, table=_table(world))
    next_year = set_block_year(
        actor=None,
        block=world.block,
        year=2025,
        members=[world.leader_unit, world.deputy_unit, world.member_unit],
        leader=world.member_unit,  # the member's officer runs 2025
        deputies=[world.deputy_unit],
    )
    client = _client(world.user(persona))
    response = client.post(f"/api/v1/scoring-tables/{table.pk}/amend/", {"reason": "x"}, format="json")
    assert response.status_code == (404 if persona in HIDDEN else 403)
    response = client.post(
        f"/api/v1/scoring-tables/{table.pk}/copy-forward/", {"block_year": next_year.pk}, format="json"
    )
    # Next year's leader copies last year's table; the others may not.
    assert response.status_code == {"member": 201, "outsider": 404}.get(persona, 403)
    assert ScoringTable.objects.filter(block_year=next_year).exists() == (persona == "member")
    assert ScoringTable.objects.filter(block_year=world.block_year).count() == 1


def test_anonymous_gets_401_everywhere(world) -> None:
    table = _table(world)
    client = _client()
    assert client.get(f"/api/v1/scoring-tables/{table.pk}/").status_code == 401
    assert client.post("/api/v1/scoring-tables/", {}, format="json").status_code == 401
    assert client.post("/api/v1/criteria/", {"table": table.pk}, format="json").status_code == 401
    assert client.post(f"/api/v1/scoring-tables/{table.pk}/freeze/").status_code == 401
    assert not table.criteria.filter(code="T2").exists()


def test_leader_builds_a_table_from_scratch_and_freezes_it(world) -> None:
    client = _client(world.user("leader"))
    response = client.post(
        "/api/v1/scoring-tables/",
        {"block_year": world.block_year.pk, "name": "Bảng điểm 2024", "total_points": "100"},
        format="json",
    )
    assert response.status_code == 201
    table_id = response.json()["id"]
    assert response.json()["version"] == 1 and response.json()["status"] == "draft"

    def post(**values: Any) -> Any:
        return client.post("/api/v1/criteria/", {"table": table_id, **values}, format="json")

    group = post(kind="group", code="I", text="Nhiệm vụ chính trị", max_points="100").json()["id"]
    response = post(
        parent=group, code="I.1", text="Chỉ tiêu", max_points="60", step="0.5", evidence_required=True
    )
    assert response.status_code == 201 and response.json()["evidence_required"] is True
    post(
        parent=group,
        code="I.2",
        text="Nhiệm vụ riêng",
        max_points="40",
        formula="proportional",
        applies_to=[world.member_unit.pk, world.leader_unit.pk],
    )
    post(kind="penalty", code="TR", text="Điểm trừ", max_points="10")
    table = client.get(f"/api/v1/scoring-tables/{table_id}/").json()
    assert table["problems"] == [
        "I.2 tính điểm theo chỉ tiêu của từng thành viên; còn 2 thành viên chưa có chỉ tiêu."
    ]
    i2 = next(c for c in table["criteria"] if c["code"] == "I.2")
    assert sorted(i2["applies_to"]) == sorted([world.member_unit.pk, world.leader_unit.pk])
    response = client.post(
        f"/api/v1/criteria/{i2['id']}/targets/",
        [{"unit": world.member_unit.pk, "target": "120"}, {"unit": world.leader_unit.pk, "target": "80"}],
        format="json",
    )
    assert response.status_code == 200
    assert sorted(t["target"] for t in response.json()["targets"]) == ["120.00", "80.00"]
    response = client.post(f"/api/v1/scoring-tables/{table_id}/freeze/")
    assert response.status_code == 200 and response.json()["status"] == "frozen"
    assert response.json()["problems"] == []
    assert AuditEntry.objects.filter(action="criterion.create").count() == 4
    assert AuditEntry.objects.filter(action="criterion.target").count() == 2


def test_bad_input_gets_a_400_that_names_the_field_and_changes_nothing(world) -> None:
    table = _table(world)
    client = _client(world.user("leader"))
    criterion = table.criteria.get(code="II.2")
    cases = [
        (
            "post",
            "/api/v1/criteria/",
            {"table": table.pk, "code": "III", "text": "x", "max_points": "5"},
            "max_points",
        ),
        ("patch", f"/api/v1/criteria/{criterion.pk}/", {"max_points": "16"}, "max_points"),
        ("patch", f"/api/v1/criteria/{criterion.pk}/", {"step": "4"}, "step"),
        ("patch", f"/api/v1/criteria/{criterion.pk}/", {"applies_to": [world.outside_unit.pk]}, "applies_to"),
        ("patch", f"/api/v1/criteria/{criterion.pk}/", {"code": "I.1"}, "code"),
        (
            "patch",
            f"/api/v1/criteria/{criterion.pk}/",
            {"formula": "proportional", "kind": "bonus"},
            "formula",
        ),
        ("patch", f"/api/v1/scoring-tables/{table.pk}/", {"total_points": "90"}, "total_points"),
    ]
    before = list(Criterion.objects.filter(table=table).values_list("code", "max_points", "step", "kind"))
    for method, url, payload, field in cases:
        response = getattr(client, method)(url, payload, format="json")
        assert response.status_code == 400, (url, payload)
        assert list(response.json()) == [field], (payload, response.json())
    assert (
        list(Criterion.objects.filter(table=table).values_list("code", "max_points", "step", "kind"))
        == before
    )
    assert not Criterion.objects.get(pk=criterion.pk).applies_to.exists()
    # A unit the caller cannot see is not named back to it; the board sees it named.
    payload = {"applies_to": [world.outside_unit.pk]}
    response = client.patch(f"/api/v1/criteria/{criterion.pk}/", payload, format="json")
    assert response.status_code == 400 and "Công an tỉnh" not in str(response.json())
    response = _client(world.user("board")).patch(f"/api/v1/criteria/{criterion.pk}/", payload, format="json")
    assert response.json() == {"applies_to": ["Không phải thành viên của khối năm nay: Công an tỉnh."]}
    message = client.patch(f"/api/v1/criteria/{criterion.pk}/", {"step": "4"}, format="json").json()["step"][
        0
    ]
    assert message == "Bước điểm 4 không chia hết điểm tối đa 15; hãy chọn bước khác, ví dụ 0,5."
    # A target for a unit outside the year: none of the list is saved.
    formula = update_criterion(actor=None, criterion=criterion, formula="proportional")
    response = client.post(
        f"/api/v1/criteria/{formula.pk}/targets/",
        [{"unit": world.member_unit.pk, "target": "5"}, {"unit": world.outside_unit.pk, "target": "5"}],
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["unit"]
    assert not CriterionTarget.objects.exists()


def test_a_frozen_table_refuses_every_change_in_vietnamese(world) -> None:
    table = freeze_table(actor=None, table=_table(world))
    criterion = table.criteria.get(code="I.1")
    client = _client(world.user("board"))
    refused = [
        client.post(
            "/api/v1/criteria/",
            {"table": table.pk, "kind": "bonus", "code": "T2", "text": "x", "max_points": "1"},
            format="json",
        ),
        client.patch(f"/api/v1/criteria/{criterion.pk}/", {"text": "Sửa"}, format="json"),
        client.delete(f"/api/v1/criteria/{criterion.pk}/"),
        client.patch(f"/api/v1/scoring-tables/{table.pk}/", {"name": "Sửa"}, format="json"),
        client.post(f"/api/v1/scoring-tables/{table.pk}/freeze/"),
    ]
    for response in refused:
        assert response.status_code == 400
        assert response.json() == {
            "non_field_errors": ["Phiên bản 1 của bảng đã chốt; hãy lập sửa đổi để tạo phiên bản mới."]
        }
    assert Criterion.objects.get(pk=criterion.pk).text == "10 chỉ tiêu trọng tâm"
    assert table.criteria.count() == 8


def test_amend_and_copy_forward_through_the_api(world) -> None:
    table = _table(world)
    client = _client(world.user("leader"))
    response = client.post(f"/api/v1/scoring-tables/{table.pk}/amend/", {"reason": "x"}, format="json")
    assert response.status_code == 400  # only a frozen table is amended
    freeze_table(actor=None, table=table)
    response = client.post(f"/api/v1/scoring-tables/{table.pk}/amend/", {"reason": "  "}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["amendment_reason"]
    response = client.post(
        f"/api/v1/scoring-tables/{table.pk}/amend/", {"reason": "Thêm tiêu chí chuyển đổi số"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["version"], body["status"], body["copied_from"]) == (2, "draft", table.pk)
    assert body["amendment_reason"] == "Thêm tiêu chí chuyển đổi số" and len(body["criteria"]) == 8

    next_year = set_block_year(
        actor=None,
        block=world.block,
        year=2025,
        members=[world.leader_unit, world.deputy_unit, world.member_unit],
        leader=world.deputy_unit,
        deputies=[world.member_unit],
    )
    # The 2024 leader does not run 2025: the door refuses before the service is called.
    response = client.post(
        f"/api/v1/scoring-tables/{table.pk}/copy-forward/", {"block_year": next_year.pk}, format="json"
    )
    assert response.status_code == 403
    board = _client(world.user("board"))
    other_block_year = world.block_b.years.get(year=2024)
    response = board.post(
        f"/api/v1/scoring-tables/{table.pk}/copy-forward/", {"block_year": other_block_year.pk}, format="json"
    )
    assert response.status_code == 400 and list(response.json()) == ["block_year"]
    response = board.post(
        f"/api/v1/scoring-tables/{table.pk}/copy-forward/", {"block_year": next_year.pk}, format="json"
    )
    assert response.status_code == 201
    assert (response.json()["block_year"], response.json()["copied_from"]) == (next_year.pk, table.pk)
    # "Bảng điểm 2024" is renamed for its year; no criterion of the test table names 2024.
    assert (response.json()["name"], response.json()["stale_year_criteria"]) == ("Bảng điểm 2025", [])


def test_creating_in_a_block_year_one_cannot_see_is_404(world) -> None:
    other_year = world.block_b.years.get(year=2024)
    client = _client(world.user("leader"))
    response = client.post(
        "/api/v1/scoring-tables/",
        {"block_year": other_year.pk, "name": "x", "total_points": "100"},
        format="json",
    )
    assert response.status_code == 404
    other_table = create_table(actor=None, block_year=other_year, name="B", total_points=D(100))
    response = client.post(
        "/api/v1/criteria/",
        {"table": other_table.pk, "code": "A", "text": "a", "max_points": "1"},
        format="json",
    )
    assert response.status_code == 404
    assert not other_table.criteria.exists()


def test_the_criteria_list_runs_a_fixed_number_of_queries(world) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    table = _table(world)
    client = _client(world.user("leader"))
    url = f"/api/v1/criteria/?table={table.pk}"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    count()  # warm-up: the user's own units are cached after the first request
    before = count()
    for n in range(5):
        criterion = add_criterion(
            actor=None, table=table, kind="bonus", code=f"T{n + 2}", text="Thưởng", max_points=D(1)
        )
        criterion.applies_to.set([world.member_unit])
    assert count() == before
