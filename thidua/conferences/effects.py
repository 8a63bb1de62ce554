"""What a published result changes elsewhere (issue 4 item 9), inside the publishing transaction:

- the leading unit and ranks become the block year's standings (Law Art 26(1); R-BLK-05);
- the election of the leader creates (or updates) next year's block year with it, and the election
  of the deputies adds them, in their order (R-BLK-01, R-BLK-02: the rotation rule is checked again
  there); a block whose setting requires a deputy waits for both polls.

If a change is refused (e.g. the rotation rule), publishing is refused with it and nothing changes.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record
from thidua.blocks.models import BlockKind, BlockYear, StandingSource
from thidua.blocks.services import record_standings, set_block_year
from thidua.conferences.audit_actions import ConferenceAction
from thidua.conferences.models import AwardCandidate, Conference, Poll, PollKind, PollStatus
from thidua.conferences.results import OptionResult, PollResult, given
from thidua.orgs.models import Unit


def conference_date(conference: Conference) -> str:
    """dd/mm/yyyy of the conference, or "chưa rõ" when its date is not known (issue 12 item 2)."""
    return conference.day.strftime("%d/%m/%Y") if conference.day is not None else _("not known yet")


def apply_result(*, actor: Actor, poll: Poll) -> None:
    if poll.kind == PollKind.RANKING:
        record_ranking(actor=actor, poll=poll)
    elif poll.kind in (PollKind.LEADER, PollKind.DEPUTY):
        apply_election(actor=actor, conference=poll.conference)
    elif poll.kind == PollKind.PROPOSALS:
        record_candidates(actor=actor, poll=poll)


def record_candidates(*, actor: Actor, poll: Poll) -> list[AwardCandidate]:
    """Each proposal that passed the poll's threshold becomes a candidate for the proposals and dossier
    work that follows (issue 4 item 9), with its yes / no / abstain counts."""
    outcome = poll.outcome
    passed = {o.id: o for o in (outcome.options if outcome else ()) if o.verdict.passed}
    now = timezone.now()
    created = []
    for option in poll.options.filter(pk__in=passed).select_related("award_type"):
        counts = passed[option.pk]
        assert option.award_type is not None  # a proposals poll's options all name a title or form
        created.append(
            AwardCandidate.objects.create(
                block_year=poll.conference.block_year,
                award_type=option.award_type,
                unit=option.unit,
                person=option.person,
                poll=poll,
                option=option,
                # None when decided by acclamation: no count was kept ("không rõ", never 0).
                yes=given(counts.yes),
                no=given(counts.no),
                abstain=given(counts.abstain),
                approved_at=now,
            )
        )
    record(
        actor=actor,
        action=ConferenceAction.POLL_CANDIDATES,
        obj=poll,
        after={"candidates": [c.option.label for c in created if c.option is not None]},
    )
    return created


def _basis(poll: Poll) -> str:
    conference = poll.conference
    return _("%(poll)s — %(conference)s, %(date)s") % {
        "poll": poll.title,
        "conference": conference.title,
        "date": conference_date(conference),
    }


def tied_first(result: PollResult) -> list[OptionResult]:
    """The options tied for a first place left open (more tied units than the block's
    `leading_units_max`, no tie-break left) that passed the threshold."""
    if 1 not in result.open_places():
        return []
    return [o for o in result.options if o.rank == 1 and o.verdict.passed and o.unit_id]


def record_ranking(*, actor: Actor, poll: Poll) -> bool:
    """R-BLK-05 ([U] law.md §8.4): the leading unit is the one the summary conference elects under the
    poll's threshold. A first place tied beyond the block's `leading_units_max` with no tie-break
    left (issue 12 item 6) is recorded as the tie: each tied unit at rank 1, flagged `tied`, for the
    province to decide (R-COL-03), or for the conference to vote again (a later published ranking
    replaces it). Returns whether standings were written."""
    result = poll.outcome
    if result is None:
        return False
    tied = tied_first(result)
    places = [(p.unit_id, p.place) for p in result.place_list() if p.unit_id is not None]
    places += [(o.unit_id, 1) for o in tied if o.unit_id is not None]
    if not places:
        return False
    units = Unit.objects.in_bulk([unit_id for unit_id, _place in places])
    record_standings(
        actor=actor,
        block_year=poll.conference.block_year,
        ranks=[(units[unit_id], place) for unit_id, place in places],
        source=StandingSource.ACCLAMATION if result.by_acclamation else StandingSource.CONFERENCE,
        basis=_basis(poll)[:255],
        votes={o.unit_id: o.votes for o in result.options if o.unit_id and isinstance(o.votes, int)},
        tied_first=bool(tied),
    )
    return True


def _winners(conference: Conference, kind: str) -> tuple[Poll | None, list[int]]:
    poll = (
        conference.polls.filter(kind=kind, status=PollStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .first()
    )
    outcome = poll.outcome if poll is not None else None
    if outcome is None or outcome.open_places():
        return poll, []
    return poll, [p.unit_id for p in outcome.place_list() if p.unit_id is not None]


def apply_election(*, actor: Actor, conference: Conference) -> BlockYear | None:
    """R-BLK-02 (HD 1122/2011, HD 2819/2014): next year's leader and deputies are chosen at this year's
    summary. Once the leader poll is published with one winner, next year's block year is created with
    this year's continuing members (or, if it exists, keeps its members) and the elected leader; the
    deputy poll's winners, when it is published, are its deputies in the poll's order (until then, or
    after a tie, an existing year keeps its own). A block with `deputy_required` (R-BLK-01, D13) waits for both polls.
    `set_block_year` checks R-BLK-01 and the rotation rule."""
    _leader_poll, leaders = _winners(conference, PollKind.LEADER)
    _deputy_poll, deputies = _winners(conference, PollKind.DEPUTY)
    block_year = conference.block_year
    if len(leaders) != 1 or (not deputies and block_year.block.deputy_required):
        return None
    next_year = block_year.year + 1
    existing = BlockYear.objects.filter(block=block_year.block, year=next_year).first()
    if existing is not None:
        existing = BlockYear.objects.with_members().get(pk=existing.pk)
        members = [m.unit for m in existing.memberships.all()]
        note = existing.note
        if not deputies:  # no deputy elected yet (or a tie): the year keeps its own
            deputies = [u.pk for u in existing.deputies if u.pk != leaders[0]]
    else:
        first_day = datetime.date(next_year, 1, 1)
        members = [
            m.unit
            for m in block_year.memberships.select_related("unit")
            if m.unit.active_to is None or m.unit.active_to >= first_day
        ]
        names = {
            "conference": conference.title,
            "date": conference_date(conference),
        }
        cluster = block_year.block.kind == BlockKind.CLUSTER
        if deputies:
            note = (
                _("Cluster leader and deputy elected at: %(conference)s (%(date)s).")
                if cluster
                else _("Leader and deputy elected at: %(conference)s (%(date)s).")
            ) % names
        else:
            note = (
                _("Cluster leader elected at: %(conference)s (%(date)s).")
                if cluster
                else _("Leader elected at: %(conference)s (%(date)s).")
            ) % names
    units = Unit.objects.in_bulk([*leaders, *deputies])
    for unit_id in [*leaders, *deputies]:
        if unit_id not in {u.pk for u in members}:
            members.append(units[unit_id])
    return set_block_year(
        actor=actor,
        block=block_year.block,
        year=next_year,
        members=members,
        leader=units[leaders[0]],
        deputies=[units[d] for d in deputies],
        note=note,
    )
