"""Polls: the state machine, casting rules, counting with exact thresholds, recount, receipts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from thidua.audit.services import verify_chain
from thidua.blocks.models import Standing
from thidua.conferences import services
from thidua.conferences.models import Ballot, Participation, Poll, PollMode, PollStatus
from thidua.conferences.results import Place, StoredVerdict
from thidua.conferences.tests.helpers import delegate, make_conference, open_ranking, option_for, sealed_count


def _vote(poll, conference, unit, choice_units, voter_unit=None):
    presser = delegate(conference, unit)
    voter = delegate(conference, voter_unit) if voter_unit else None
    choice = [option_for(poll, u) for u in choice_units]
    return services.cast_ballot(poll=poll, participant=presser, voter=voter, choice=choice)


def test_ranking_vote_counts_publishes_and_records_standings(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference)
    _vote(poll, conference, w.leader_unit, [w.member_unit, w.deputy_unit])
    _vote(poll, conference, w.deputy_unit, [w.member_unit, w.leader_unit])
    receipt = _vote(poll, conference, w.member_unit, [w.member_unit, w.deputy_unit, w.leader_unit])
    assert services.participation_count(poll) == (3, 3)
    poll = services.close_poll(actor=w.user("board"), poll=poll)
    result = poll.outcome
    assert result is not None
    votes = {o.unit_id: o.votes for o in result.options}
    assert votes == {w.member_unit.pk: 3, w.deputy_unit.pk: 2, w.leader_unit.pk: 2}
    # More than half of all 3 voters: needs 2.
    verdicts = {o.unit_id: o.verdict for o in result.options}
    assert verdicts[w.member_unit.pk] == StoredVerdict(passed=True, got=3, needed=2, base=3)
    # Deputy and leader tie on votes and share second place (no scoring ranking published).
    assert sorted((p.unit_id, p.place) for p in result.place_list()) == sorted(
        [(w.member_unit.pk, 1), (w.deputy_unit.pk, 2), (w.leader_unit.pk, 2)]
    )
    assert Standing.objects.count() == 0  # nothing flows on before publication
    poll = services.publish_poll(actor=w.user("board"), poll=poll)
    standings = dict(Standing.objects.values_list("unit_id", "rank"))
    assert standings == {w.member_unit.pk: 1, w.deputy_unit.pk: 2, w.leader_unit.pk: 2}
    assert services.receipt_listed(poll, receipt)
    assert not services.receipt_listed(poll, "AAAA-BBBB-CCCC")
    assert services.recount(Poll.objects.get(pk=poll.pk)) == Poll.objects.get(pk=poll.pk).outcome
    assert verify_chain().ok


def test_scoring_ranking_breaks_equal_votes(world, monkeypatch) -> None:
    w = world
    conference = make_conference(w)
    monkeypatch.setattr(
        services.outcomes,
        "_score_ranks",
        lambda poll: {w.leader_unit.pk: 1, w.deputy_unit.pk: 2, w.member_unit.pk: 3},
    )
    poll = open_ranking(w, conference, max_choices=1)
    _vote(poll, conference, w.leader_unit, [w.deputy_unit])
    _vote(poll, conference, w.deputy_unit, [w.leader_unit])
    _vote(poll, conference, w.member_unit, [w.member_unit])
    result = services.close_poll(actor=w.user("board"), poll=poll).outcome
    assert result is not None
    by_unit = {o.unit_id: o for o in result.options}
    assert [by_unit[u.pk].rank for u in (w.leader_unit, w.deputy_unit, w.member_unit)] == [1, 2, 3]
    assert by_unit[w.deputy_unit.pk].separated_by == "score_rank"
    # One vote of three is not more than half: nobody takes a place.
    assert result.places == ()


def test_shared_first_place_is_recorded_as_a_tie(world) -> None:
    """Issue 12 item 6: a tie for first beyond `leading_units_max` records the tie (both first,
    flagged for the province's decision), no longer nothing."""
    w = world
    conference = make_conference(w)
    poll = open_ranking(
        w, conference, max_choices=2, tie_break="none", threshold_numerator=1, threshold_denominator=3
    )
    _vote(poll, conference, w.leader_unit, [w.member_unit, w.deputy_unit])
    _vote(poll, conference, w.deputy_unit, [w.member_unit, w.deputy_unit])
    poll = services.close_poll(actor=w.user("board"), poll=poll)
    assert poll.outcome is not None and poll.outcome.tied_places == (1,)
    services.publish_poll(actor=w.user("board"), poll=poll)
    assert sorted(Standing.objects.values_list("unit_id", "rank", "tied")) == sorted(
        [(w.member_unit.pk, 1, True), (w.deputy_unit.pk, 1, True)]
    )


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("twice", "đã được bỏ"),
        ("absent", "điểm danh"),
        ("too_many", "tối đa"),
        ("unknown_option", "không có trong danh sách"),
        ("no_proxy", "không có giấy ủy quyền"),
    ],
)
def test_bad_ballots_are_refused_and_store_nothing(world, case, message) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    for unit in (w.leader_unit, w.deputy_unit):
        services.check_in(actor=w.user("board"), participant=delegate(conference, unit))
    poll = open_ranking(w, conference, max_choices=1)
    presser = delegate(conference, w.leader_unit)
    if case == "twice":
        services.cast_ballot(poll=poll, participant=presser, choice=[option_for(poll, w.deputy_unit)])
    before = (sealed_count(poll), Participation.objects.count())
    kwargs: dict[str, Any] = {
        "poll": poll,
        "participant": presser,
        "choice": [option_for(poll, w.deputy_unit)],
    }
    if case == "absent":
        kwargs["participant"] = delegate(conference, w.member_unit)
    elif case == "too_many":
        kwargs["choice"] = [option_for(poll, w.deputy_unit), option_for(poll, w.member_unit)]
    elif case == "unknown_option":
        kwargs["choice"] = [999999]
    elif case == "no_proxy":
        kwargs["voter"] = delegate(conference, w.member_unit)
    with pytest.raises(ValidationError) as excinfo:
        services.cast_ballot(**kwargs)
    assert message in " ".join(excinfo.value.messages)
    assert (sealed_count(poll), Participation.objects.count()) == before


def test_proxy_holder_casts_the_absent_members_vote_once(world, tmp_path) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    holder = delegate(conference, w.leader_unit)
    absent = delegate(conference, w.member_unit)
    services.check_in(actor=w.user("board"), participant=holder)
    services.check_in(actor=w.user("board"), participant=delegate(conference, w.deputy_unit))
    services.add_proxy(
        actor=w.user("board"), voter=absent, holder=holder, file_name="uy-quyen.pdf", content=b"%PDF signed"
    )
    # The proxy counts towards the quorum: 3 of 3 present.
    assert services.quorum_status(conference).present == 3
    poll = open_ranking(w, conference, max_choices=1)
    services.cast_ballot(
        poll=poll, participant=holder, voter=absent, choice=[option_for(poll, w.member_unit)]
    )
    services.cast_ballot(poll=poll, participant=holder, choice=[option_for(poll, w.deputy_unit)])
    with pytest.raises(ValidationError):
        services.cast_ballot(
            poll=poll, participant=holder, voter=absent, choice=[option_for(poll, w.member_unit)]
        )
    # The absent delegate, arriving later, cannot vote in person: the holder casts that vote.
    services.check_in(actor=w.user("board"), participant=absent)
    with pytest.raises(ValidationError, match="ủy quyền"):
        services.cast_ballot(poll=poll, participant=absent, choice=[option_for(poll, w.member_unit)])
    assert Participation.objects.filter(poll=poll).count() == 2


def test_quorum_is_checked_before_a_poll_opens(world) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    services.check_in(actor=w.user("board"), participant=delegate(conference, w.leader_unit))
    poll = services.create_poll(actor=w.user("board"), conference=conference, kind="ranking")
    with pytest.raises(ValidationError) as excinfo:
        services.open_poll(actor=w.user("board"), poll=poll)
    assert "cần có mặt 2/3" in " ".join(excinfo.value.messages)
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.DRAFT


ILLEGAL = [
    ("draft", "close"),
    ("draft", "publish"),
    ("open", "publish"),
    ("closed", "open"),
    ("published", "open"),
    ("published", "void"),
    ("void", "open"),
    ("void", "close"),
    ("void", "publish"),
]


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_illegal_transitions_are_refused(world, state, action) -> None:
    w = world
    board = w.user("board")
    conference = make_conference(w)
    poll = services.create_poll(actor=board, conference=conference, kind="ranking")
    if state in ("open", "closed", "published"):
        services.open_poll(actor=board, poll=poll)
    if state in ("closed", "published"):
        services.close_poll(actor=board, poll=poll)
    if state == "published":
        services.publish_poll(actor=board, poll=poll)
    if state == "void":
        services.void_poll(actor=board, poll=poll, reason="Nhầm danh sách")
    before = Poll.objects.get(pk=poll.pk).status
    run = {
        "open": lambda: services.open_poll(actor=board, poll=poll),
        "close": lambda: services.close_poll(actor=board, poll=poll),
        "publish": lambda: services.publish_poll(actor=board, poll=poll),
        "void": lambda: services.void_poll(actor=board, poll=poll, reason="x"),
    }[action]
    with pytest.raises(ValidationError):
        run()
    assert Poll.objects.get(pk=poll.pk).status == before


def test_close_and_publish_are_idempotent(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference)
    _vote(poll, conference, w.leader_unit, [w.member_unit])
    closed = services.close_poll(actor=w.user("board"), poll=poll)
    again = services.close_poll(actor=w.user("board"), poll=poll)
    assert again.result == closed.result and again.closed_at == closed.closed_at
    published = services.publish_poll(actor=w.user("board"), poll=poll)
    assert services.publish_poll(actor=w.user("board"), poll=poll).published_at == published.published_at


def test_settings_change_only_in_draft_but_the_wording_any_time(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference)
    with pytest.raises(ValidationError, match="đang soạn"):
        services.update_poll(actor=w.user("board"), poll=poll, threshold_numerator=2, threshold_denominator=3)
    services.update_poll(actor=w.user("board"), poll=poll, title="Suy tôn đơn vị dẫn đầu năm 2024")
    poll.refresh_from_db()
    assert (poll.title, poll.threshold_numerator) == ("Suy tôn đơn vị dẫn đầu năm 2024", 1)


def test_voided_poll_stays_in_the_record_with_its_reason(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference)
    _vote(poll, conference, w.leader_unit, [w.member_unit])
    with pytest.raises(ValidationError):
        services.void_poll(actor=w.user("board"), poll=poll, reason="  ")
    services.void_poll(actor=w.user("board"), poll=poll, reason="Sai danh sách ứng viên")
    poll.refresh_from_db()
    assert poll.status == PollStatus.VOID and poll.void_reason == "Sai danh sách ứng viên"
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.choice == [option_for(poll, w.member_unit)] and sealed_count(poll) == 0


def test_self_vote_can_be_refused(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, allow_self_vote=False)
    with pytest.raises(ValidationError, match="chính mình"):
        _vote(poll, conference, w.member_unit, [w.member_unit])
    _vote(poll, conference, w.member_unit, [w.leader_unit])


def test_yes_no_question_with_abstentions_out_of_the_base(world) -> None:
    w = world
    board = w.user("board")
    conference = make_conference(w)
    poll = services.create_poll(
        actor=board,
        conference=conference,
        kind="question",
        threshold_base="yes_no",
        threshold_comparison="more_than",
    )
    services.open_poll(actor=board, poll=poll)
    option = poll.options.get().pk
    for unit, answer in ((w.leader_unit, "Y"), (w.deputy_unit, "A"), (w.member_unit, "A")):
        services.cast_ballot(poll=poll, participant=delegate(conference, unit), choice={str(option): answer})
    result = services.close_poll(actor=board, poll=poll).outcome
    assert result is not None
    assert result.options[0].verdict == StoredVerdict(passed=True, got=1, needed=1, base=1)
    with pytest.raises(ValidationError):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, w.leader_unit), choice={str(option): "Y"}
        )


def test_paper_results_are_checked_then_close_the_poll(world) -> None:
    w = world
    board = w.user("board")
    conference = make_conference(w)
    poll = services.create_poll(
        actor=board,
        conference=conference,
        kind="ranking",
        mode=PollMode.PAPER,
        max_choices=1,
        ranks_to_fill=1,
    )
    services.open_poll(actor=board, poll=poll)
    with pytest.raises(ValidationError):
        services.cast_ballot(poll=poll, participant=delegate(conference, w.leader_unit), choice=[])
    ids = {u: option_for(poll, u) for u in (w.leader_unit, w.deputy_unit, w.member_unit)}
    with pytest.raises(ValidationError, match="chỉ có 3"):
        services.enter_paper_result(actor=board, poll=poll, cast=4, votes={i: 0 for i in ids.values()})
    with pytest.raises(ValidationError, match="nhiều hơn số phiếu hợp lệ"):
        services.enter_paper_result(
            actor=board,
            poll=poll,
            cast=3,
            invalid=1,
            votes={ids[w.leader_unit]: 3, ids[w.deputy_unit]: 0, ids[w.member_unit]: 0},
        )
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN
    poll = services.enter_paper_result(
        actor=board,
        poll=poll,
        cast=3,
        invalid=1,
        votes={ids[w.leader_unit]: 2, ids[w.deputy_unit]: 0, ids[w.member_unit]: 0},
    )
    assert poll.status == PollStatus.CLOSED
    assert poll.outcome is not None
    assert poll.outcome.places == (Place(option_id=ids[w.leader_unit], unit_id=w.leader_unit.pk, place=1),)
    assert services.recount(poll) is None


def test_a_delegate_of_another_blocks_conference_cannot_vote(world) -> None:
    """A delegate of block B's conference, even present, is refused in block A's poll."""
    from thidua.blocks.models import BlockYear
    from thidua.conferences.models import Conference

    w = world
    board = w.user("board")
    conference_a = make_conference(w)
    poll = open_ranking(w, conference_a)
    block_b_year = BlockYear.objects.get(block=w.block_b, year=2024)
    conference_b = services.create_conference(
        actor=board,
        block_year=block_b_year,
        kind="summary",
        starts_at=conference_a.starts_at,
        place="Hội trường",
        chair="x",
        secretary="y",
    )
    services.start_conference(actor=board, conference=conference_b)
    outsider = Conference.objects.get(pk=conference_b.pk).participants.get(unit=w.outside_unit)
    services.check_in(actor=board, participant=outsider)
    with pytest.raises(ValidationError, match="không có trong danh sách"):
        services.cast_ballot(poll=poll, participant=outsider, choice=[option_for(poll, w.member_unit)])
    assert not Participation.objects.filter(poll=poll).exists() and sealed_count(poll) == 0
