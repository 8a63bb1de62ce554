"""The steps of a scoring year, one URL per verb (issue 14 item 4): who may take each, a refused form
says in Vietnamese what to fix and changes nothing, and each step says what it did."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from thidua.audit.models import AuditEntry
from thidua.scoring.models import (
    Covenant,
    CovenantStatus,
    Movement,
    Registration,
    ReviewAssignment,
    ScoringTable,
)
from thidua.scoring.services.covenant import create_covenant
from thidua.scoring.tests.test_tables import _table
from thidua.scoring.tests.test_year import FULL, _score_all

# The steps of those who run the year (the board and the year's leader officer).
RUN_STEPS = [
    "table_create",
    "table_copy",
    "movement_add",
    "covenant_create",
    "covenant_amend",
    "covenant_open",
    "rules_save",
    "scorecards_open",
    "reviewer_assign",
    "ranking_publish",
]


def _url(world, name: str) -> str:
    return reverse(f"scoring:{name}", args=[world.block.pk, 2024])


def _message(response) -> str:
    """The newest message the step left for the page (messages pile up until a page shows them)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


@pytest.mark.parametrize("name", RUN_STEPS)
def test_a_step_of_the_year_is_refused_to_those_who_do_not_run_it(world, login, name) -> None:
    url = _url(world, name)
    entries = AuditEntry.objects.exclude(action__startswith="auth.").count()
    for persona, status in (("member", 403), ("observer", 403), ("delegate", 403), ("outsider", 404)):
        assert login(world.user(persona)).post(url, {"name": "x"}).status_code == status, persona
    assert login(world.user("leader")).get(url).status_code == 405
    assert Client().post(url).status_code == 302  # the anonymous: to the login page
    assert AuditEntry.objects.exclude(action__startswith="auth.").count() == entries


@pytest.mark.parametrize("name", ["registration_save", "covenant_sign"])
def test_a_members_step_is_its_officers(world, login, name) -> None:
    url = _url(world, name)
    assert login(world.user("observer")).post(url, {"targets": "x"}).status_code == 403
    assert login(world.user("board")).post(url, {"targets": "x"}).status_code == 403
    assert login(world.user("outsider")).post(url, {"targets": "x"}).status_code == 404
    assert not Registration.objects.exists()


def test_the_leader_creates_a_table_and_is_told_so(world, login) -> None:
    response = login(world.user("leader")).post(
        _url(world, "table_create"), {"name": "Bảng điểm 2024", "total_points": "100"}
    )
    table = ScoringTable.objects.get(block_year=world.block_year)
    assert response.url == reverse("scoring:table", args=[table.pk])
    assert _message(response) == "Đã tạo bảng điểm; hãy thêm các tiêu chí."
    refused = login(world.user("leader")).post(_url(world, "table_create"), {"name": "", "total_points": "0"})
    assert ScoringTable.objects.count() == 1
    assert _message(refused) == "Hãy đặt tên bảng điểm và tổng điểm ít nhất là 1."


def test_a_movement_with_a_wrong_date_is_refused_with_the_field_named(world, login) -> None:
    client = login(world.user("leader"))
    data = {"name": "Thi đua chuyển đổi số", "kind": "thematic", "theme": "Chuyển đổi số"}
    response = client.post(_url(world, "movement_add"), {**data, "start": "01/03/2024", "end": "31/02/2024"})
    assert not Movement.objects.exists()
    assert _message(response) == "Đến ngày: Nhập một ngày hợp lệ."
    response = client.post(_url(world, "movement_add"), {**data, "start": "01/03/2024", "end": "30/06/2024"})
    assert Movement.objects.get().end == datetime.date(2024, 6, 30)
    assert _message(response) == "Đã thêm phong trào thi đua."


def test_a_registration_with_a_number_that_is_not_whole_records_nothing(
    world, award_catalogue, login
) -> None:
    response = login(world.user("member")).post(
        _url(world, "registration_save"), {"targets": "Mục tiêu", "count_LDTT": "2,5"}
    )
    assert not Registration.objects.exists()
    assert _message(response).endswith(": Ghi một số nguyên, ví dụ 3.")


def test_a_covenant_with_its_targets_is_one_post(world, login) -> None:
    client = login(world.user("leader"))
    response = client.post(_url(world, "covenant_create"), {"content": "", "targets": "Một"})
    assert not Covenant.objects.exists() and _message(response) == "Nội dung: Trường này là bắt buộc."
    response = client.post(
        _url(world, "covenant_create"), {"content": "Giao ước 2024", "targets": "Một\nHai\nBa"}
    )
    covenant = Covenant.objects.get()
    assert [t.text for t in covenant.targets.all()] == ["Một", "Hai", "Ba"]
    assert _message(response) == "Đã soạn dự thảo giao ước."


def test_opening_a_covenant_on_a_table_of_another_year_is_refused(world, login) -> None:
    covenant = create_covenant(actor=None, block_year=world.block_year, content="Giao ước", targets=["Một"])
    response = login(world.user("leader")).post(
        _url(world, "covenant_open"), {"covenant": covenant.pk, "table": "999999"}
    )
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.DRAFT
    assert _message(response) == "Bảng tiêu chí chấm điểm: Hãy chọn một bảng điểm của năm này."
    table = _table(world)
    response = login(world.user("leader")).post(
        _url(world, "covenant_open"), {"covenant": covenant.pk, "table": table.pk}
    )
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.DRAFT  # the table is not frozen: the service refuses
    assert _message(response) == "Hãy chốt bảng điểm của năm trước khi ký giao ước."


def test_a_reviewer_from_outside_the_block_is_refused(world, year, login) -> None:
    card = year["cards"][world.member_unit.pk]
    _score_all(world, card, FULL, world.user("member"))
    client = login(world.user("leader"))
    response = client.post(
        _url(world, "reviewer_assign"), {"card": card.pk, "reviewer": world.outside_unit.pk}
    )
    assert not ReviewAssignment.objects.exists()
    assert _message(response) == "Đơn vị chấm: Hãy chọn một đơn vị thành viên của khối trong năm này."
    response = client.post(
        _url(world, "reviewer_assign"), {"card": card.pk, "reviewer": world.deputy_unit.pk}
    )
    assert ReviewAssignment.objects.get().reviewer == world.deputy_unit
    assert _message(response) == "Văn phòng UBND tỉnh thẩm định phiếu chấm điểm của Sở Nội vụ."


# -- the table's and the card's verbs ----------------------------------------------------------------


def test_members_targets_are_saved_all_or_none(world, login) -> None:
    from thidua.scoring.models import CriterionTarget
    from thidua.scoring.tests.test_formula import _formula_table

    table = _formula_table(world)
    criterion = table.criteria.get(code="I.1")
    url = reverse("scoring:criterion_targets", args=[table.pk, criterion.pk])
    client = login(world.user("leader"))
    data = {f"target-{world.leader_unit.pk}": "120", f"target-{world.deputy_unit.pk}": "80,5"}
    response = client.post(url, {**data, f"target-{world.member_unit.pk}": "0"})
    assert not CriterionTarget.objects.exists()  # the third refused: none of the first two kept
    assert _message(response) == "Chỉ tiêu phải lớn hơn 0."
    response = client.post(url, {**data, f"target-{world.member_unit.pk}": "abc"})
    assert not CriterionTarget.objects.exists()
    assert _message(response) == "Sở Nội vụ: “abc” không phải là số; hãy ghi ví dụ 7,5."
    client.post(url, {**data, f"target-{world.member_unit.pk}": "100"})
    assert sorted(CriterionTarget.objects.values_list("target", flat=True)) == [80.5, 100, 120]
    assert login(world.user("member")).post(url, data).status_code == 403


def test_a_ledger_line_with_points_that_are_not_a_number_is_refused(world, year, login) -> None:
    card = year["cards"][world.member_unit.pk]
    url = reverse("scoring:adjustment_add", args=[card.pk])
    data = {"kind": "bonus", "points": "hai", "reason": "Dẫn đầu", "basis": "QĐ 12"}
    assert login(world.user("member")).post(url, {**data, "points": "2"}).status_code == 403
    response = login(world.user("leader")).post(url, data)
    assert not card.adjustments.exists()
    assert _message(response) == "Số điểm: “hai” không phải là số; hãy ghi ví dụ 7,5."
    login(world.user("leader")).post(url, {**data, "points": "2,5"})
    assert card.adjustments.get().points == 2.5


def test_a_review_with_a_refused_score_saves_and_submits_nothing(world, year, login) -> None:
    card = year["cards"][world.member_unit.pk]
    _score_all(world, card, FULL, world.user("member"))
    client = login(world.user("leader"))
    review_url = client.post(reverse("scoring:review_as_leader", args=[card.pk])).url
    assignment = ReviewAssignment.objects.get(scorecard=card)
    criteria = {c.code: c for c in card.table.criteria.filter(kind="normal")}
    scores = {f"score-{criteria[code].pk}": value for code, value in FULL.items()}
    scores[f"score-{criteria['II.2'].pk}"] = "99"  # over the maximum of 15
    response = client.post(review_url + "save/", {**scores, "action": "submit"})
    assignment.refresh_from_db()
    assert assignment.submitted_at is None and not assignment.scores.exists()
    assert _message(response) == "II.2: điểm phải từ 0 đến 15."
    scores[f"score-{criteria['II.2'].pk}"] = "15"
    client.post(review_url + "save/", {**scores, "action": "submit"})
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None and assignment.scores.count() == len(FULL)


@pytest.mark.parametrize(
    "name", ["evidence_add", "scorecard_import", "explanation_add", "scorecard_submit", "adjustment_add"]
)
def test_a_cards_verb_answers_post_only_and_only_to_its_writers(world, year, login, name) -> None:
    card = year["cards"][world.member_unit.pk]
    url = reverse(f"scoring:{name}", args=[card.pk])
    assert login(world.user("member")).get(url).status_code == 405
    assert login(world.user("outsider")).post(url).status_code == 404
    assert login(world.user("observer")).post(url).status_code == 403
