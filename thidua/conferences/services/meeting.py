"""A conference itself: creating, editing, starting and closing it, the minutes' issuer and letterhead,
and the year's meetings left unrun. The roll is in `roll`, files and the draft report in `report`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.blocks.models import BlockKind, BlockYear, MemberRole
from thidua.conferences.audit_actions import ConferenceAction
from thidua.conferences.models import (
    Conference,
    ConferenceKind,
    ConferenceStatus,
    ParticipantKind,
)
from thidua.conferences.services.roll import add_participant, has_open_poll, require_not_closed
from thidua.documents.services import allocate_number
from thidua.documents.styles import DocType, Letterhead, letterhead_for_unit
from thidua.lib.fields import apply_fields
from thidua.orgs.models import Unit

CONFERENCE_FIELDS = [
    "kind",
    "title",
    "starts_at",
    "place",
    "host",
    "chair",
    "secretary",
    "agenda",
    "minutes_copies",
    "quorum_numerator",
    "quorum_denominator",
    "quorum_comparison",
    "max_proxies_per_holder",
    "delegator_may_vote",
]


# The conference's workflow (as `services.polls.TRANSITIONS` for a poll): the state each transition
# leads to and the states it may leave from. Asked again once there, a transition changes nothing.
CONFERENCE_TRANSITIONS: dict[str, tuple[str, set[str]]] = {
    "start": (ConferenceStatus.IN_SESSION, {ConferenceStatus.PLANNED}),
    # A past meeting entered after the fact is closed without a session (the demo, the import sheet).
    "close": (ConferenceStatus.CLOSED, {ConferenceStatus.PLANNED, ConferenceStatus.IN_SESSION}),
    # Recorded from its paper minutes, a summary conference that never ran in thidua.
    "close_unrun": (ConferenceStatus.CLOSED, {ConferenceStatus.PLANNED}),
}


def _already_or_refused(transition: str, conference: Conference) -> bool:
    """True when the conference is already where `transition` leads; a ValidationError when the
    transition may not leave its state; False when it may go."""
    target, sources = CONFERENCE_TRANSITIONS[transition]
    if conference.status == target:
        return True
    if conference.status not in sources:
        # Only starting can be refused: a closed conference is not opened again ("close" leaves from
        # every other state).
        refusals = {"start": _("The conference is closed; it cannot be opened again.")}
        raise ValidationError(refusals[transition])
    return False


def default_title(kind: str, year: int) -> str:
    titles = {
        ConferenceKind.PREPARATORY: _("Preparatory meeting for the %(year)s emulation summary"),
        ConferenceKind.SUMMARY: _("Conference summing up the %(year)s emulation and commendation work"),
        ConferenceKind.COVENANT: _("Launch of the %(year)s emulation movement and signing of the covenant"),
        ConferenceKind.COUNCIL: _("Session of the emulation and commendation council, %(year)s"),
    }
    return titles[ConferenceKind(kind)] % {"year": year}


def _check_host(conference: Conference) -> None:
    """The host unit (đơn vị đăng cai, issue 12 item 10) is one of the year's members."""
    if conference.host_id is None:
        return
    if not conference.block_year.memberships.filter(unit_id=conference.host_id).exists():
        raise ValidationError(
            {
                "host": _("The host unit (%(unit)s) must be a member of the %(word)s this year.")
                % {"unit": conference.host, "word": conference.block_year.block.word}
            }
        )


@transaction.atomic
def create_conference(
    *, actor: Actor, block_year: BlockYear, seed_roll: bool = True, **values: Any
) -> Conference:
    """A new conference; by default its roll starts with one voting delegate per member of the year."""
    conference = Conference(block_year=block_year)
    apply_fields(conference, values, CONFERENCE_FIELDS)
    if not conference.title and conference.kind:
        conference.title = default_title(conference.kind, block_year.year)
    _check_host(conference)
    conference.full_clean()
    conference.save()
    record(actor=actor, action=ConferenceAction.CONFERENCE_CREATE, obj=conference, after=snapshot(conference))
    if seed_roll:
        for position, membership in enumerate(
            block_year.memberships.select_related("unit").order_by("unit__name_sort")
        ):
            add_participant(
                actor=actor,
                conference=conference,
                kind=ParticipantKind.DELEGATE,
                unit=membership.unit,
                full_name=_("Delegate of %(unit)s") % {"unit": membership.unit},
                position_in_roll=position + 1,
            )
    return conference


@transaction.atomic
def update_conference(*, actor: Actor, conference: Conference, **values: Any) -> Conference:
    require_not_closed(conference)
    before = snapshot(conference)
    quorum_fields = {"quorum_numerator", "quorum_denominator", "quorum_comparison", "delegator_may_vote"}
    if quorum_fields & set(values) and has_open_poll(conference):
        changed = [name for name in quorum_fields & set(values) if getattr(conference, name) != values[name]]
        if changed:
            raise ValidationError(
                _("A poll is open: the quorum and proxy rules cannot change until it is closed.")
            )
    apply_fields(conference, values, CONFERENCE_FIELDS)
    _check_host(conference)
    conference.full_clean()
    conference.save()
    record(
        actor=actor,
        action=ConferenceAction.CONFERENCE_UPDATE,
        obj=conference,
        before=before,
        after=snapshot(conference),
    )
    return conference


@transaction.atomic
def start_conference(*, actor: Actor, conference: Conference) -> Conference:
    """Planned -> in session (check-in and polls work only in session). Idempotent."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if _already_or_refused("start", conference):
        return conference
    conference.status = CONFERENCE_TRANSITIONS["start"][0]
    conference.opened_at = timezone.now()
    conference.save(update_fields=["status", "opened_at"])
    record(
        actor=actor,
        action=ConferenceAction.CONFERENCE_START,
        obj=conference,
        after={"status": conference.status},
    )
    return conference


def minutes_issuer(conference: Conference) -> Unit:
    """The unit whose register numbers the minutes: the year's leading unit (Khối trưởng, the host),
    else the block's managing body."""
    leader = next(
        (
            m.unit
            for m in conference.block_year.memberships.select_related("unit__parent")
            if m.role == MemberRole.LEADER
        ),
        None,
    )
    return leader or conference.block_year.block.managing_body


def minutes_letterhead(conference: Conference) -> Letterhead:
    """The block writing through its issuing unit, in that unit's format by its kind (R-FMT-01/02,
    decided by the documents engine): "KTĐ" for a block (khối), "CTĐ" for a cluster (cụm)."""
    block = conference.block_year.block
    symbol = "CTĐ" if block.kind == BlockKind.CLUSTER else "KTĐ"
    return letterhead_for_unit(minutes_issuer(conference), symbol=symbol, issuer=block.name, parent="")


@transaction.atomic
def close_conference(
    *, actor: Actor, conference: Conference, closed_at: datetime.datetime | None = None
) -> Conference:
    """In session -> closed, recording the closing time the minutes print (issue 15 item 11), and
    the minutes get the next BB number of the issuing unit's register, once (NĐ 30/2020 Art. 15,
    R-FMT-01; issue 9 item 4). Refused while a poll is still open. Idempotent.

    `closed_at` is for a meeting entered after the fact (the demo replays the articles' meetings): the
    time it really ended, not before it started nor in the future; now when not given."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if _already_or_refused("close", conference):
        return conference
    if has_open_poll(conference):
        raise ValidationError(_("Close the open poll before closing the conference."))
    now = timezone.now()
    if closed_at is not None and (
        closed_at > now or (conference.starts_at is not None and closed_at < conference.starts_at)
    ):
        raise ValidationError(
            {"closed_at": _("The closing time must be after the conference began and not in the future.")}
        )
    conference.status = CONFERENCE_TRANSITIONS["close"][0]
    conference.closed_at = closed_at or now
    if conference.issued_number_id is None:
        conference.issued_number = allocate_number(
            actor=actor,
            issuer=minutes_issuer(conference),
            letterhead=minutes_letterhead(conference),
            doc_type=DocType.MINUTES,
            # The minutes are dated the day of the conference (its year's register); the closing day
            # when that is not known.
            day=conference.day or timezone.localdate(conference.closed_at),
            summary=conference.title,
        )
    conference.save(update_fields=["status", "closed_at", "issued_number"])
    record(
        actor=actor,
        action=ConferenceAction.CONFERENCE_CLOSE,
        obj=conference,
        after={
            "status": conference.status,
            "closed_at": conference.closed_at.isoformat(),
            "minutes_number": conference.issued_number.number_line if conference.issued_number else "",
        },
    )
    return conference


@transaction.atomic
def close_unrun_conferences(
    *, actor: Actor, block_year: BlockYear, held_on: datetime.date | None
) -> list[Conference]:
    """Mark as held the year's summary conferences that never ran in thidua (issue 12 item 2): a past
    conference imported or planned and then recorded from its paper minutes stays "Planned" forever
    otherwise. A planned summary conference of the year, on the minutes' day (or with either date
    unknown), with no poll and nobody checked in, becomes closed: no session, no ballot, no number
    from the register (the minutes' own number is the paper's), closed at its start time when known.
    Audited as "conference.close_unrun"."""
    closed = []
    planned = Conference.objects.select_for_update().filter(
        block_year=block_year,
        kind=ConferenceKind.SUMMARY,
        status__in=CONFERENCE_TRANSITIONS["close_unrun"][1],
    )
    today = timezone.localdate()
    for conference in planned:
        day = conference.day
        if day is not None and (day >= today or (held_on is not None and day != held_on)):
            continue
        if conference.polls.exists() or conference.participants.filter(checked_in_at__isnull=False).exists():
            continue
        conference.status = CONFERENCE_TRANSITIONS["close_unrun"][0]
        conference.closed_at = conference.starts_at
        conference.save(update_fields=["status", "closed_at"])
        record(
            actor=actor,
            action=ConferenceAction.CONFERENCE_CLOSE_UNRUN,
            obj=conference,
            after={
                "status": conference.status,
                "reason": "recorded from the minutes",
                "closed_at": conference.closed_at.isoformat() if conference.closed_at else None,
            },
        )
        closed.append(conference)
    return closed
