"""Award proposals at the conference: yes / no / abstain on each, the approved ones stored as
candidates; nobody under an open case is a candidate (R-GEN-01, R-BLK-07)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from thidua.awards.models import Case
from thidua.awards.services import add_history_record
from thidua.conferences import services
from thidua.conferences.models import AwardCandidate, PollKind
from thidua.conferences.services import Proposal
from thidua.conferences.tests.helpers import delegate, make_conference


def _answer_all(conference, poll, answers):
    """answers: {voter unit: {option label prefix: "Y"/"N"/"A"}}"""
    options = list(poll.options.all())
    for unit, by_option in answers.items():
        choice = {str(o.pk): by_option[o.unit_id or o.person_id] for o in options}
        services.cast_ballot(poll=poll, participant=delegate(conference, unit), choice=choice)


def test_approved_proposals_become_candidates(world, award_catalogue) -> None:
    w = world
    board = w.user("board")
    conference = make_conference(w)
    poll = services.create_poll(
        actor=board,
        conference=conference,
        kind=PollKind.PROPOSALS,
        proposals=[
            Proposal(award_catalogue["CO_TD_CP"], unit=w.member_unit),
            Proposal(award_catalogue["BK_TINH"], unit=w.deputy_unit),
            Proposal(award_catalogue["CSTDCS"], person=w.member_person),
        ],
    )
    assert [o.label for o in poll.options.all()][0].startswith("Cờ thi đua của Chính phủ — Sở Nội vụ")
    services.open_poll(actor=board, poll=poll)
    m, d, person = w.member_unit.pk, w.deputy_unit.pk, w.member_person.pk
    _answer_all(
        conference,
        poll,
        {
            w.leader_unit: {m: "Y", d: "N", person: "Y"},
            w.deputy_unit: {m: "Y", d: "A", person: "Y"},
            w.member_unit: {m: "Y", d: "Y", person: "N"},
        },
    )
    poll = services.publish_poll(actor=board, poll=services.close_poll(actor=board, poll=poll))
    result = poll.outcome
    assert result is not None
    rows = {o.label: (o.yes, o.no, o.abstain, o.verdict.passed) for o in result.options}
    assert sorted(rows.values()) == [(1, 1, 1, False), (2, 1, 0, True), (3, 0, 0, True)]
    candidates = {(c.award_type.code, c.unit_id, c.person_id, c.yes) for c in AwardCandidate.objects.all()}
    assert candidates == {("CO_TD_CP", m, None, 3), ("CSTDCS", None, person, 2)}


@pytest.mark.parametrize(
    ("code", "target", "message"),
    [
        ("CSTDCS", "unit", "dành cho cá nhân"),
        ("TTLDXS", "person", "dành cho tập thể"),
        ("CO_TD_TINH", "outsider", "không phải thành viên"),
        ("CSTDCS", "outside_person", "không làm việc tại"),
    ],
)
def test_proposals_that_cannot_be_put_to_the_vote(world, award_catalogue, code, target, message) -> None:
    w = world
    conference = make_conference(w)
    proposal = {
        "unit": Proposal(award_catalogue[code], unit=w.member_unit),
        "person": Proposal(award_catalogue[code], person=w.member_person),
        "outsider": Proposal(award_catalogue[code], unit=w.outside_unit),
        "outside_person": Proposal(award_catalogue[code], person=w.outside_person),
    }[target]
    with pytest.raises(ValidationError) as excinfo:
        services.create_poll(
            actor=w.user("board"), conference=conference, kind=PollKind.PROPOSALS, proposals=[proposal]
        )
    assert message in " ".join(excinfo.value.messages)
    assert not conference.polls.exists()


def test_open_case_blocks_a_proposal_and_the_leading_unit(world, award_catalogue) -> None:
    """R-GEN-01 and R-BLK-07 (NĐ 152/2025 Art 4(4)): a unit under an open investigation on the
    conference's day is neither proposed nor a candidate for the leading unit."""
    w = world
    add_history_record(
        actor=w.user("board"),
        model=Case,
        unit=w.member_unit,
        kind="investigation",
        opened_on=datetime.date(2024, 11, 1),
        description="Thanh tra việc sử dụng kinh phí",
    )
    conference = make_conference(w)
    with pytest.raises(ValidationError, match="Thanh tra việc sử dụng kinh phí"):
        services.create_poll(
            actor=w.user("board"),
            conference=conference,
            kind=PollKind.PROPOSALS,
            proposals=[Proposal(award_catalogue["CO_TD_TINH"], unit=w.member_unit)],
        )
    ranking = services.create_poll(
        actor=w.user("board"), conference=conference, kind=PollKind.RANKING, max_choices=2, ranks_to_fill=2
    )
    assert w.member_unit.pk not in set(ranking.options.values_list("unit_id", flat=True))
    assert [u for u, _reason in services.blocked_units(conference)] == [w.member_unit]
    with pytest.raises(ValidationError, match="Nghị định số 152/2025/NĐ-CP"):
        services.set_options(
            actor=w.user("board"), poll=ranking, options=[(str(w.member_unit), w.member_unit)]
        )


def test_a_closed_case_no_longer_blocks(world, award_catalogue) -> None:
    w = world
    add_history_record(
        actor=w.user("board"),
        model=Case,
        unit=w.member_unit,
        kind="investigation",
        opened_on=datetime.date(2024, 1, 1),
        closed_on=datetime.date(2024, 6, 30),
        description="Đã kết luận",
    )
    conference = make_conference(w)
    poll = services.create_poll(
        actor=w.user("board"),
        conference=conference,
        kind=PollKind.PROPOSALS,
        proposals=[Proposal(award_catalogue["CO_TD_TINH"], unit=w.member_unit)],
    )
    assert poll.options.count() == 1
