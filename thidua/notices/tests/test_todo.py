"""The start page's "Việc cần làm" per persona (issue 15 item 5)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.conferences.models import (
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Participant,
    Participation,
    Poll,
)
from thidua.notices.todo import tasks_for
from thidua.proposals.models import Dossier, DossierStatus
from thidua.scoring.models import Explanation, ReviewAssignment
from thidua.scoring.services.cards import open_scorecards
from thidua.scoring.services.covenant import add_target, create_covenant, open_for_signing, sign_covenant
from thidua.scoring.services.tables import freeze_table
from thidua.scoring.services.year import rules_for
from thidua.scoring.tests.test_tables import _table

TODAY = datetime.date(2024, 12, 5)


def _whats(user: Any) -> list[str]:
    return [t.what for t in tasks_for(user, TODAY)]


@pytest.fixture
def signing(world: Any) -> Any:
    """Block A's covenant open for signing, signed by the leader only."""
    table = freeze_table(actor=None, table=_table(world))
    covenant = create_covenant(actor=None, block_year=world.block_year, content="Giao ước 2024")
    add_target(actor=None, covenant=covenant, text="10 chỉ tiêu trọng tâm")
    open_for_signing(actor=None, covenant=covenant, table=table)
    sign_covenant(actor=world.user("leader"), covenant=covenant, unit=world.leader_unit)
    return covenant


@pytest.fixture
def scoring(world: Any, signing: Any) -> dict[int, Any]:
    """Everyone signed, scorecards open, deadlines set: self-scoring 10/12, reviews 20/12."""
    sign_covenant(actor=world.user("board"), covenant=signing, unit=world.deputy_unit)
    sign_covenant(actor=world.user("member"), covenant=signing, unit=world.member_unit)
    rules = rules_for(world.block_year)
    rules.self_scoring_deadline = datetime.date(2024, 12, 10)
    rules.review_deadline = datetime.date(2024, 12, 20)
    rules.explanation_deadline = datetime.date(2024, 12, 31)
    rules.save()
    return {c.unit_id: c for c in open_scorecards(actor=None, block_year=world.block_year)}


def _dossier(world: Any, unit: Any, status: str, **extra: Any) -> Dossier:
    return Dossier.objects.create(
        title="Đề nghị khen thưởng năm 2024",
        proposing_unit=unit,
        receiving_body=world.province,
        year=2024,
        status=status,
        created_by=world.user("board"),
        **extra,
    )


def _open_poll(world: Any, user: Any) -> tuple[Participant, Poll]:
    conference = Conference.objects.create(
        block_year=world.block_year,
        kind=ConferenceKind.SUMMARY,
        title="Hội nghị tổng kết Khối A năm 2024",
        status=ConferenceStatus.IN_SESSION,
    )
    voter = Participant.objects.create(
        conference=conference, kind="delegate", unit=world.member_unit, full_name="Lê Thị Hoa", user=user
    )
    poll = Poll.objects.create(
        conference=conference, kind="question", title="Thông qua báo cáo", status="open"
    )
    return voter, poll


def test_member_officer_with_an_open_covenant_signs_it(world, signing, login) -> None:
    assert _whats(world.user("member")) == ["Ký giao ước"]
    assert _whats(world.user("leader")) == []  # already signed
    assert _whats(world.user("outsider")) == []  # not a member of block A
    page = login(world.user("member")).get(reverse("web:home")).content.decode()
    assert "Việc cần làm" in page and "Ký giao ước" in page
    assert reverse("scoring:overview", args=[world.block.pk, 2024]) in page


def test_self_scoring_carries_its_deadline_and_turns_overdue(world, scoring, login) -> None:
    (task,) = tasks_for(world.user("member"), TODAY)
    assert task.what == "Tự chấm điểm và nộp phiếu chấm"
    assert task.deadline == datetime.date(2024, 12, 10) and not task.overdue
    assert task.url == reverse("scoring:scorecard", args=[scoring[world.member_unit.pk].pk])
    (late,) = tasks_for(world.user("member"), datetime.date(2024, 12, 11))
    assert late.overdue
    page = login(world.user("member")).get(reverse("web:home")).content.decode()
    assert "10/12/2024" in page


def test_reviewer_sees_the_review_then_the_member_may_explain(world, scoring) -> None:
    card = scoring[world.member_unit.pk]
    card.status = "submitted"
    card.save()
    review = ReviewAssignment.objects.create(scorecard=card, reviewer=world.leader_unit)
    leader_tasks = tasks_for(world.user("leader"), TODAY)
    assert [t.what for t in leader_tasks] == ["Tự chấm điểm và nộp phiếu chấm", "Thẩm định phiếu chấm"]
    assert leader_tasks[1].deadline == datetime.date(2024, 12, 20)
    assert "Sở Nội vụ" in leader_tasks[1].why
    assert _whats(world.user("member")) == []  # submitted, not reviewed yet
    review.submitted_at = timezone.now()
    review.save()
    assert "Thẩm định phiếu chấm" not in _whats(world.user("leader"))
    (explain,) = tasks_for(world.user("member"), TODAY)
    assert explain.what == "Giải trình điểm thẩm định" and explain.deadline == datetime.date(2024, 12, 31)
    assert _whats(world.user("member")) == ["Giải trình điểm thẩm định"]
    assert tasks_for(world.user("member"), datetime.date(2025, 1, 1)) == []  # deadline passed
    criterion = card.table.criteria.filter(kind="normal").first()
    Explanation.objects.create(
        scorecard=card,
        criterion=criterion,
        text="Đã hoàn thành",
        submitted_by=world.user("member"),
        submitted_at=timezone.now(),
    )
    assert _whats(world.user("member")) == []


def test_board_receives_submitted_dossiers_unit_submits_its_own(world, login) -> None:
    submitted = _dossier(world, world.member_unit, DossierStatus.SUBMITTED)
    _dossier(world, world.member_unit, DossierStatus.DRAFT, deadline=datetime.date(2024, 12, 1))
    _dossier(world, world.member_unit, DossierStatus.RETURNED)
    _dossier(world, world.outside_unit, DossierStatus.DRAFT)
    board = tasks_for(world.user("board"), TODAY)
    assert [t.what for t in board] == ["Tiếp nhận hồ sơ"]
    assert board[0].url == reverse("proposals:dossier", args=[submitted.pk])
    member = tasks_for(world.user("member"), TODAY)
    assert [t.what for t in member] == ["Nộp hồ sơ", "Nộp lại hồ sơ bị trả lại"]
    assert member[0].overdue and member[0].deadline == datetime.date(2024, 12, 1)
    assert _whats(world.user("observer")) == []  # reads everything, does nothing
    assert _whats(world.user("delegate")) == []
    page = login(world.user("board")).get(reverse("web:home")).content.decode()
    assert "Tiếp nhận hồ sơ" in page


def test_delegate_in_an_open_poll_votes_now(world, login) -> None:
    delegate = world.user("delegate")
    voter, poll = _open_poll(world, delegate)
    (task,) = tasks_for(delegate, TODAY)
    assert task.what == "Bỏ phiếu" and task.now and task.url == reverse("vote:page")
    page = login(delegate).get(reverse("web:home")).content.decode()
    assert "Bỏ phiếu" in page and "Thông qua báo cáo" in page
    Participation.objects.create(poll=poll, voter=voter, cast_by=voter)
    assert tasks_for(delegate, TODAY) == []


@pytest.mark.parametrize(
    "persona", ["board", "admin", "leader", "member", "outsider", "delegate", "observer"]
)
def test_empty_state_for_every_persona(world, login, persona) -> None:
    assert tasks_for(world.user(persona), TODAY) == []
    page = login(world.user(persona)).get(reverse("web:home")).content.decode()
    assert "Không có việc nào cần làm" in page


def _count(user: Any) -> int:
    tasks_for(user, TODAY)
    with CaptureQueriesContext(connection) as ctx:
        tasks_for(user, TODAY)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["board", "member", "leader", "delegate"])
def test_query_count_stays_flat_with_more_rows(world, scoring, persona) -> None:
    user = world.user(persona)
    for card in scoring.values():
        card.status = "submitted"
        card.save()
    ReviewAssignment.objects.create(scorecard=scoring[world.member_unit.pk], reviewer=world.leader_unit)
    _open_poll(world, world.user("delegate"))
    _dossier(world, world.member_unit, DossierStatus.SUBMITTED)
    _dossier(world, world.leader_unit, DossierStatus.DRAFT)
    _dossier(world, world.member_unit, DossierStatus.DRAFT)
    before = _count(user)
    ReviewAssignment.objects.create(scorecard=scoring[world.deputy_unit.pk], reviewer=world.leader_unit)
    ReviewAssignment.objects.create(scorecard=scoring[world.deputy_unit.pk], reviewer=world.member_unit)
    for _i in range(6):
        _dossier(world, world.member_unit, DossierStatus.SUBMITTED)
        _dossier(world, world.member_unit, DossierStatus.RETURNED)
        _dossier(world, world.leader_unit, DossierStatus.RETURNED)
        _open_poll(world, world.user("delegate"))
    assert len(tasks_for(user, TODAY)) >= 2
    assert _count(user) == before
