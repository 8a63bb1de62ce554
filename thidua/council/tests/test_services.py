from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from thidua.awards.models import AwardType
from thidua.council import services
from thidua.council.models import SessionStatus
from thidua.council.tests.helpers import council_session
from thidua.proposals import services as proposals
from thidua.proposals.models import CouncilOutcome
from thidua.testing import make_world

pytestmark = pytest.mark.django_db


def test_needed_votes_are_ceil_of_all_members():
    assert services.needed_votes(5, 80) == 4
    assert services.needed_votes(7, 80) == 6  # 5.6 -> 6
    assert services.needed_votes(11, 90) == 10  # 9.9 -> 10
    assert services.needed_votes(10, 90) == 9


def test_quorum_refused_in_vietnamese_and_nothing_changes():
    """R-VOTE-01: a session reviewing titles needs ceil(0.80·N) members: 5 of 6 (4 of 6 is refused)."""
    world = make_world()
    session, team = council_session(world, members=6)
    assert services.quorum_needed(6) == 5
    with pytest.raises(ValidationError) as caught:
        services.open_session(actor=world.user("board"), session=session, present=team[:4])
    assert "Chưa đủ" in " ".join(caught.value.messages)
    assert "cần ít nhất 5" in " ".join(caught.value.messages).replace("\n", " ")
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT
    assert session.present.count() == 0
    services.open_session(actor=world.user("board"), session=session, present=team[:5])
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN


def test_a_province_may_set_another_quorum(settings):
    """R-VOTE-01 is provincial: COUNCIL_QUORUM = "2/3" opens a session with 4 of 6 members."""
    settings.COUNCIL_QUORUM = "2/3"
    world = make_world()
    session, team = council_session(world, members=6)
    services.open_session(actor=world.user("board"), session=session, present=team[:4])
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN


@pytest.mark.parametrize(("yes", "approved", "margin"), [(4, True, 0), (3, False, -1), (5, True, 1)])
def test_cstdcs_threshold_at_the_edge(yes, approved, margin):
    """R-IND-04: ≥ ceil(0.8·5) = 4 of all five members, even with one absent."""
    world = make_world()
    session, team = council_session(world, members=5)
    board = world.user("board")
    services.open_session(actor=board, session=session, present=team if yes == 5 else team[:4])
    line = session.lines.get()
    services.enter_counts(actor=board, session=session, counts={line.pk: (yes, 0, 0)})
    line.refresh_from_db()
    assert (line.approved, line.margin) == (approved, margin)


@pytest.mark.parametrize(("yes", "approved", "margin"), [(9, True, 0), (8, False, -1)])
def test_provincial_emulation_fighter_needs_ninety_percent_of_all_members(yes, approved, margin):
    """R-IND-06: CSTĐ cấp tỉnh needs ≥ ceil(0.9·10) = 9 of the ten members, the catalogue's 90 %."""
    world = make_world()
    session, team = council_session(world, members=10, code="CSTD_TINH")
    board = world.user("board")
    services.open_session(actor=board, session=session, present=team)
    line = session.lines.get()
    assert services.threshold_pct(line) == 90
    services.enter_counts(actor=board, session=session, counts={line.pk: (yes, 10 - yes, 0)})
    line.refresh_from_db()
    assert (line.approved, line.margin) == (approved, margin)


def test_counts_above_present_refused_all_or_nothing():
    world = make_world()
    session, team = council_session(world, members=5)
    board = world.user("board")
    dossier = session.lines.get().dossier_line.dossier
    services.open_session(actor=board, session=session, present=team[:4])
    line = session.lines.get()
    services.enter_counts(actor=board, session=session, counts={line.pk: (4, 0, 0)})
    with pytest.raises(ValidationError) as caught:
        services.enter_counts(actor=board, session=session, counts={line.pk: (3, 1, 1)})
    assert "có mặt" in " ".join(caught.value.messages)
    line.refresh_from_db()
    assert (line.votes_yes, line.votes_no, line.approved) == (4, 0, True)
    assert dossier.pk


def test_close_records_outcome_and_decision_skips_rejected_lines():
    world = make_world()
    session, team = council_session(world, members=5)
    board = world.user("board")
    services.open_session(actor=board, session=session, present=team)
    line = session.lines.get()
    with pytest.raises(ValidationError):
        services.close_session(actor=board, session=session)
    services.enter_counts(actor=board, session=session, counts={line.pk: (3, 2, 0)})
    services.close_session(actor=board, session=session)
    line.dossier_line.refresh_from_db()
    assert line.dossier_line.council_outcome == CouncilOutcome.NOT_APPROVED
    with pytest.raises(ValidationError):
        proposals.draft_decision(
            actor=board,
            dossier=line.dossier_line.dossier,
            award_type=AwardType.objects.get(code="CSTDCS"),
            date=datetime.date(2024, 12, 25),
        )


def test_written_opinions_of_absent_members_count_towards_the_threshold():
    """R-IND-04: 3 present votes + 1 written opinion of an absent member = 4 = ceil(0.8·5)."""
    world = make_world()
    session, team = council_session(world, members=5)
    board = world.user("board")
    services.open_session(actor=board, session=session, present=team[:4])
    line = session.lines.get()
    with pytest.raises(ValidationError) as caught:
        services.enter_counts(actor=board, session=session, counts={line.pk: (3, 1, 0, 2, 0)})
    assert "vắng" in " ".join(caught.value.messages)
    services.enter_counts(actor=board, session=session, counts={line.pk: (3, 1, 0, 1, 0)})
    line.refresh_from_db()
    assert (line.written_yes, line.approved, line.margin) == (1, True, 0)


def test_every_council_action_is_named_in_the_audit_log():
    from thidua.audit.actions import describe
    from thidua.audit.models import AuditEntry

    world = make_world()
    session, team = council_session(world, members=5)
    board = world.user("board")
    services.open_session(actor=board, session=session, present=team)
    line = session.lines.get()
    services.enter_counts(actor=board, session=session, counts={line.pk: (5, 0, 0)})
    services.close_session(actor=board, session=session)
    actions = set(AuditEntry.objects.filter(action__startswith="council.").values_list("action", flat=True))
    assert len(actions) == 7
    assert all(describe(a) != a for a in actions)


def test_no_member_is_added_once_the_council_has_sat():
    """N is the whole council the thresholds and the numbered minutes counted: adding a member after a
    session opened would change a closed session's ceil(p·N) and its absent members (review finding)."""
    from thidua.council.models import CouncilMember, MemberRole
    from thidua.testing import make_person

    world = make_world()
    session, team = council_session(world, members=5)
    board = world.user("board")
    late = make_person("Thành viên đến muộn", world.member_unit)
    services.open_session(actor=board, session=session, present=team)
    with pytest.raises(ValidationError) as caught:
        services.add_member(actor=board, council=session.council, person=late, role=MemberRole.MEMBER)
    assert "Hội đồng đã họp" in " ".join(caught.value.messages)
    assert CouncilMember.objects.filter(council=session.council).count() == 5


@pytest.mark.parametrize(("yes", "approved", "margin"), [(3, False, -1), (4, True, 0)])
def test_a_title_without_a_ballot_threshold_needs_more_than_half(yes, approved, margin):
    """No threshold in the catalogue version: the majority principle, more than half of ALL members
    (R-VOTE-02): exactly 3 of 6 does not pass, 4 does."""
    world = make_world()
    session, team = council_session(world, members=6)
    line = session.lines.select_related("dossier_line__award_type").get()
    version = proposals.version_on(line.dossier_line.award_type, session.date)
    version.ballot_threshold_pct = None
    version.save(update_fields=["ballot_threshold_pct"])
    board = world.user("board")
    services.open_session(actor=board, session=session, present=team[:5])
    assert services.threshold_pct(line) is None
    services.enter_counts(actor=board, session=session, counts={line.pk: (yes, 5 - yes, 0)})
    line.refresh_from_db()
    assert (line.approved, line.margin) == (approved, margin)
