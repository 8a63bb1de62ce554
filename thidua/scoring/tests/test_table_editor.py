"""Editing a criterion in its row of the table editor (htmx), through `update_criterion`."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.urls import reverse

from thidua.audit.models import AuditEntry
from thidua.scoring.models import Criterion
from thidua.scoring.services.tables import freeze_table
from thidua.scoring.tests.test_tables import _table
from thidua.testing import PERSONAS

RUNS = {"board", "admin", "leader"}


def _edit_url(criterion: Criterion) -> str:
    return reverse("scoring:criterion_edit", args=[criterion.table_id, criterion.pk])


def _form_data(criterion: Criterion, **changes: Any) -> dict[str, Any]:
    data = {
        "kind": criterion.kind,
        "parent": criterion.parent_id or "",
        "code": criterion.code,
        "text": criterion.text,
        "max_points": str(criterion.max_points),
        "step": str(criterion.step or ""),
        "formula": criterion.formula,
        "guidance": criterion.guidance,
        **({"evidence_required": "on"} if criterion.evidence_required else {}),
    }
    data.update(changes)
    return {f"edit-{name}": value for name, value in data.items() if value is not None}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_on_the_edit_row(world, login, persona) -> None:
    table = _table(world)
    criterion = table.criteria.get(code="II.2")
    client = login(world.user(persona))
    expected = 200 if persona in RUNS else 404 if persona == "outsider" else 403
    assert client.get(_edit_url(criterion), HTTP_HX_REQUEST="true").status_code == expected
    response = client.post(_edit_url(criterion), _form_data(criterion, text="Sửa nội dung"))
    assert response.status_code == (302 if persona in RUNS else expected)
    changed = Criterion.objects.get(pk=criterion.pk).text == "Sửa nội dung"
    assert changed == (persona in RUNS)
    # Only those who may edit see the Edit links.
    page = client.get(reverse("scoring:table", args=[table.pk]))
    if persona != "outsider":
        assert (_edit_url(criterion) in page.content.decode()) == (persona in RUNS)


def test_anonymous_is_sent_to_the_login_page(world, client) -> None:
    criterion = _table(world).criteria.get(code="II.2")
    response = client.post(_edit_url(criterion), _form_data(criterion, text="x"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert Criterion.objects.get(pk=criterion.pk).text != "x"


def test_edit_in_place_swaps_the_row_and_recomputes_the_problems(world, login) -> None:
    table = _table(world)
    criterion = table.criteria.get(code="II.2")
    client = login(world.user("leader"))
    response = client.get(_edit_url(criterion), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body  # the table's body only
    assert 'name="edit-max_points"' in body and 'value="15' in body
    assert 'name="max_points"' in body  # the add form stays below

    response = client.post(
        _edit_url(criterion),
        _form_data(criterion, text="Công tác thi đua", max_points="10", step="0.5", evidence_required="on"),
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đã lưu thay đổi của II.2." in body
    assert 'name="edit-max_points"' not in body  # back to a plain row
    assert "Các tiêu chí của nhóm II cộng lại được 35 điểm, không bằng 40 điểm của nhóm." in body
    stored = Criterion.objects.get(pk=criterion.pk)
    assert (stored.text, stored.max_points, stored.step, stored.evidence_required) == (
        "Công tác thi đua",
        D(10),
        D("0.5"),
        True,
    )
    entry = AuditEntry.objects.filter(action="criterion.update", object_id=str(criterion.pk)).latest("id")
    assert entry.actor == world.user("leader")
    assert entry.before is not None and entry.before["max_points"] == "15.00"


def test_a_refused_edit_keeps_the_form_with_the_reason_and_changes_nothing(world, login) -> None:
    table = _table(world)
    criterion = table.criteria.get(code="II.2")
    client = login(world.user("leader"))
    cases = [
        ({"max_points": "16"}, "vượt 40 điểm của nhóm"),
        ({"step": "4"}, "Bước điểm 4 không chia hết điểm tối đa 15"),
        ({"code": "I.1"}, "Bảng đã có tiêu chí khác mang mã này."),
        ({"max_points": "mười"}, "Nhập một số."),
        ({"text": ""}, "Trường này là bắt buộc."),
    ]
    for change, message in cases:
        response = client.post(_edit_url(criterion), _form_data(criterion, **change), HTTP_HX_REQUEST="true")
        body = response.content.decode()
        assert response.status_code == 200, change  # htmx swaps 2xx answers: the form and its reason
        assert message in body, (change, body[body.find("invalid-feedback") - 300 :][:600])
        assert 'name="edit-max_points"' in body  # still editing
        assert "Đã lưu" not in body
    # Without htmx the refusal is a 422 page.
    response = client.post(_edit_url(criterion), _form_data(criterion, max_points="16"))
    assert response.status_code == 422 and "vượt 40 điểm của nhóm" in response.content.decode()
    stored = Criterion.objects.get(pk=criterion.pk)
    assert (stored.code, stored.text, stored.max_points, stored.step) == ("II.2", criterion.text, D(15), None)
    assert not AuditEntry.objects.filter(action="criterion.update").exists()


def test_limit_to_some_members_and_open_it_again(world, login) -> None:
    table = _table(world)
    criterion = table.criteria.get(code="T")
    client = login(world.user("board"))
    client.post(_edit_url(criterion), {**_form_data(criterion), "edit-applies_to": [world.member_unit.pk]})
    assert list(criterion.applies_to.all()) == [world.member_unit]
    response = client.post(
        _edit_url(criterion), {**_form_data(criterion), "edit-applies_to": [world.outside_unit.pk]}
    )
    assert response.status_code == 422 and list(criterion.applies_to.all()) == [world.member_unit]
    response = client.post(_edit_url(criterion), _form_data(criterion))  # no box ticked: every member
    assert response.status_code == 302 and not criterion.applies_to.exists()


def test_without_htmx_the_edit_is_a_page_and_a_redirect(world, login) -> None:
    table = _table(world)
    criterion = table.criteria.get(code="I.2")
    client = login(world.user("leader"))
    page = client.get(_edit_url(criterion)).content.decode()
    assert "<html" in page and 'name="edit-text"' in page
    response = client.post(
        _edit_url(criterion), _form_data(criterion, guidance="Theo báo cáo tổng kết"), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("scoring:table", args=[table.pk])
    assert "Đã lưu thay đổi của I.2." in response.content.decode()
    assert Criterion.objects.get(pk=criterion.pk).guidance == "Theo báo cáo tổng kết"


def test_a_frozen_table_says_why_it_cannot_be_edited(world, login) -> None:
    table = freeze_table(actor=None, table=_table(world))
    criterion = table.criteria.get(code="II.2")
    client = login(world.user("leader"))
    refusal = "Phiên bản 1 của bảng đã chốt; hãy lập sửa đổi để tạo phiên bản mới."
    response = client.get(_edit_url(criterion), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and refusal in response.content.decode()
    assert 'name="edit-text"' not in response.content.decode()
    response = client.post(_edit_url(criterion), _form_data(criterion, text="Sửa"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and refusal in response.content.decode()
    assert 'name="edit-text"' not in response.content.decode()
    response = client.post(_edit_url(criterion), _form_data(criterion, text="Sửa"))
    assert response.status_code == 422 and refusal in response.content.decode()
    assert Criterion.objects.get(pk=criterion.pk).text == criterion.text
    page = client.get(reverse("scoring:table", args=[table.pk])).content.decode()
    assert _edit_url(criterion) not in page
