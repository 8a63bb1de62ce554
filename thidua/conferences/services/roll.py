"""The roll of a conference: who takes part and with what weight, check-in, voting links and their QR
sheet, written proxies and the quorum. The roll freezes while a poll is open (its fingerprint)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.conferences import sealing
from thidua.conferences.audit_actions import ConferenceAction
from thidua.conferences.models import (
    Conference,
    ConferenceStatus,
    Participant,
    ParticipantKind,
    PollStatus,
    Proxy,
)
from thidua.lib.fields import apply_fields
from thidua.lib.thresholds import Verdict
from thidua.lib.uploads import store_upload
from thidua.lib.vietnamese import search_key

PARTICIPANT_FIELDS = ["kind", "unit", "full_name", "position", "weight", "user"]


def has_open_poll(conference: Conference) -> bool:
    return conference.polls.filter(status=PollStatus.OPEN).exists()


def require_not_closed(conference: Conference) -> None:
    if conference.status == ConferenceStatus.CLOSED:
        raise ValidationError(_("The conference is closed; nothing more can be changed."))


def require_roll_unfrozen(conference: Conference) -> None:
    """The roll (who votes, with what weight, through which proxy) is fingerprinted when a poll opens."""
    if has_open_poll(conference):
        raise ValidationError(_("A poll is open: the list of voters cannot change until it is closed."))


# -- the roll ---------------------------------------------------------------------------------------


def _check_participant(participant: Participant) -> None:
    conference = participant.conference
    errors: dict[str, list[str]] = {}
    if participant.kind == ParticipantKind.DELEGATE:
        if participant.unit is None:
            errors.setdefault("unit", []).append(_("A delegate represents a member unit: choose it."))
        elif not conference.block_year.memberships.filter(unit=participant.unit).exists():
            errors.setdefault("unit", []).append(
                _("%(unit)s is not a member of the block in %(year)s.")
                % {"unit": participant.unit, "year": conference.block_year.year}
            )
    if participant.kind == ParticipantKind.GUEST and participant.weight:
        errors.setdefault("weight", []).append(_("Guests attend without a vote: set the votes to 0."))
    if not participant.full_name.strip():
        errors.setdefault("full_name", []).append(_("Write the participant's name."))
    limit = Participant._meta.get_field("full_name").max_length or 150
    if len(participant.full_name) > limit:
        errors.setdefault("full_name", []).append(
            _("The name is longer than %(limit)s characters: shorten it.") % {"limit": limit}
        )
    if errors:
        raise ValidationError(errors)
    participant.full_clean()


@transaction.atomic
def add_participant(
    *, actor: Actor, conference: Conference, position_in_roll: int | None = None, **values: Any
) -> Participant:
    require_not_closed(conference)
    participant = Participant(conference=conference)
    values.setdefault("weight", 0 if values.get("kind") == ParticipantKind.GUEST else 1)
    apply_fields(participant, values, PARTICIPANT_FIELDS)
    if participant.weight:
        require_roll_unfrozen(conference)
    if position_in_roll is None:
        position_in_roll = (conference.participants.aggregate(m=Max("position_in_roll"))["m"] or 0) + 1
    participant.position_in_roll = position_in_roll
    _check_participant(participant)
    participant.save()
    record(
        actor=actor, action=ConferenceAction.PARTICIPANT_CREATE, obj=participant, after=snapshot(participant)
    )
    return participant


@transaction.atomic
def update_participant(*, actor: Actor, participant: Participant, **values: Any) -> Participant:
    conference = participant.conference
    require_not_closed(conference)
    before = snapshot(participant)
    if ("weight" in values and values["weight"] != participant.weight) or (
        "unit" in values and values["unit"] != participant.unit and participant.weight
    ):
        require_roll_unfrozen(conference)
    apply_fields(participant, values, PARTICIPANT_FIELDS)
    _check_participant(participant)
    participant.save()
    record(
        actor=actor,
        action=ConferenceAction.PARTICIPANT_UPDATE,
        obj=participant,
        before=before,
        after=snapshot(participant),
    )
    return participant


@transaction.atomic
def remove_participant(*, actor: Actor, participant: Participant) -> None:
    conference = participant.conference
    require_not_closed(conference)
    if participant.weight:
        require_roll_unfrozen(conference)
    if participant.participations.exists() or Proxy.objects.filter(holder=participant).exists():
        raise ValidationError(
            _("%(name)s has voted or holds a proxy and stays on the roll.") % {"name": participant.full_name}
        )
    before = snapshot(participant)
    participant.delete()
    record(
        actor=actor,
        action=ConferenceAction.PARTICIPANT_DELETE,
        object_type="conferences.participant",
        object_id=str(before["id"]),
        object_repr=before["full_name"],
        before=before,
    )


# What a name on the roll looks like when nobody has written the real one yet (issue 15 item 8): the
# roll is seeded with "Đại biểu <unit>" for each member (`create_conference`), and hurried typing
# leaves "Đại biểu 1", "test" or a single word. Compared without accents and in lower case.
_PLACEHOLDER_STARTS = ("dai bieu", "delegate", "dai dien", "representative", "khach moi", "guest")
_TEST_WORDS = {"test", "testing", "demo", "xxx", "abc", "asdf", "qwerty", "tbd", "todo", "noname", "n/a"}
_TEST_PHRASES = ("thu nghiem", "chua co ten", "chua ro", "khong ro", "ten dai bieu")


def placeholder_reason(participant: Participant) -> str | None:
    """Why a name on the roll is not yet a person's real name, or None when it looks like one."""
    name = " ".join(participant.full_name.split())
    if not name:
        return _("no name yet")
    key = search_key(name)
    words = key.split()
    if key.startswith(_PLACEHOLDER_STARTS) or (
        participant.unit_id is not None and key == search_key(str(participant.unit))
    ):
        return _("a stand-in for the unit's delegate, not a person's name")
    if any(char.isdigit() for char in name):
        return _("the name has digits")
    if set(words) & _TEST_WORDS or any(phrase in key for phrase in _TEST_PHRASES) or "?" in name:
        return _("looks like a test name")
    if len(words) < 2:
        return _("a single word: write the full name")
    return None


def placeholder_names(conference: Conference) -> list[tuple[Participant, str]]:
    """The participants whose names are still stand-ins, with the reason, in the roll's order."""
    found = []
    for participant in conference.participants.select_related("unit"):
        reason = placeholder_reason(participant)
        if reason is not None:
            found.append((participant, reason))
    return found


def names_confirmed(seen: str, participants: list[Participant]) -> bool:
    """Whether the officer confirmed exactly this list (ids as the page sent them, "3,5,8"): a list that
    changed after the page was shown (someone checked in, a name was written) is asked again."""
    return seen == roll_ids(participants)


def roll_ids(participants: list[Participant]) -> str:
    return ",".join(str(pk) for pk in sorted(p.pk for p in participants))


def default_check_in_time(conference: Conference) -> datetime.datetime:
    """The time a check-in records when none is given: the conference's start for a conference held
    on an earlier day (a past meeting entered after the fact), else now."""
    now = timezone.now()
    if (
        conference.starts_at is not None
        and conference.day is not None
        and conference.day < timezone.localdate(now)
    ):
        return conference.starts_at
    return now


@transaction.atomic
def check_in(
    *, actor: Actor, participant: Participant, present: bool = True, at: datetime.datetime | None = None
) -> Participant:
    """Record arrival (with the time: `at` when the secretary copies a paper sign-in sheet) or undo a
    mistaken check-in.

    Without `at`, a conference held on an earlier day (entered after the fact) records its own start
    time, not today's clock (issue 12 item 10); a conference held today, or with no known date,
    records now."""
    conference = Conference.objects.get(pk=participant.conference_id)
    if conference.status != ConferenceStatus.IN_SESSION:
        raise ValidationError(_("Check-in opens when the conference is in session."))
    if present == participant.present:
        return participant
    if at is None:
        at = default_check_in_time(conference)
    elif at > timezone.now():
        raise ValidationError({"checked_in_at": _("The check-in time cannot be in the future.")})
    participant.checked_in_at = at if present else None
    participant.save(update_fields=["checked_in_at"])
    record(
        actor=actor,
        action=ConferenceAction.PARTICIPANT_CHECK_IN
        if present
        else ConferenceAction.PARTICIPANT_CHECK_IN_UNDO,
        obj=participant,
        after={"checked_in_at": participant.checked_in_at},
    )
    return participant


@transaction.atomic
def issue_link(*, actor: Actor, participant: Participant, token: str | None = None) -> str:
    """A new personal voting link token for a voter (the old one stops working). Shown once; only its
    hash is kept. `token` is one drawn beforehand by `issue_qr_sheet`."""
    require_not_closed(participant.conference)
    if not participant.is_voter and not participant.proxies_held.exists():
        raise ValidationError(
            _("%(name)s has no vote; a voting link is for voters.") % {"name": participant.full_name}
        )
    token = token or sealing.new_token()
    participant.token_hash = sealing.token_hash(token)
    participant.token_issued_at = timezone.now()
    participant.save(update_fields=["token_hash", "token_issued_at"])
    record(
        actor=actor,
        action=ConferenceAction.PARTICIPANT_LINK_ISSUE,
        obj=participant,
        after={"issued_at": participant.token_issued_at},
    )
    return token


def link_holders(conference: Conference, only: str | None = None) -> list[Participant]:
    """Who gets a voting link: every voter and every proxy holder on the roll, in the roll's order, or
    the one participant `only` names."""
    roll = conference.participants.select_related("unit").order_by("position_in_roll", "id")
    holders = set(Proxy.objects.filter(conference=conference).values_list("holder_id", flat=True))
    return [p for p in roll if (only and str(p.pk) == only) or (not only and (p.is_voter or p.pk in holders))]


def issue_qr_sheet(
    *, actor: Actor, conference: Conference, render: Callable[[list[tuple[Participant, str]]], bytes]
) -> tuple[bytes, int]:
    """Fresh voting links for the printed sheet of QR codes (issue 10 item 6), returning the sheet
    (`render` of each holder and their new token) and its number of cards.

    Links are kept only as hashes (docs/security.md), so printing means issuing new ones, and every
    earlier link of these delegates stops working. The tokens are drawn first and the sheet rendered
    outside any transaction (a PDF takes seconds; ballots must not wait behind it); then the hashes
    are stored all at once, or none if the conference closed or the roll changed meanwhile. The audit
    log records who printed, when and how many cards, never a token; no poll, ballot or receipt is
    read or written."""
    require_not_closed(conference)
    holders = link_holders(conference)
    if not holders:
        raise ValidationError(_("The roll has no voter yet: add the delegates before printing their cards."))
    cards = [(participant, sealing.new_token()) for participant in holders]
    content = render(cards)
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        require_not_closed(locked)
        if [p.pk for p in link_holders(locked)] != [p.pk for p in holders]:
            raise ValidationError(_("The roll changed while the sheet was being made: print it again."))
        for participant, token in cards:
            issue_link(actor=actor, participant=participant, token=token)
        record(
            actor=actor,
            action=ConferenceAction.CONFERENCE_QR_SHEET,
            obj=locked,
            after={"cards": len(cards), "issued_at": timezone.now().isoformat()},
        )
    return content, len(cards)


@transaction.atomic
def revoke_link(*, actor: Actor, participant: Participant) -> Participant:
    if participant.token_hash:
        participant.token_hash = ""
        participant.token_issued_at = None
        participant.save(update_fields=["token_hash", "token_issued_at"])
        record(actor=actor, action=ConferenceAction.PARTICIPANT_LINK_REVOKE, obj=participant)
    return participant


@transaction.atomic
def add_proxy(
    *,
    actor: Actor,
    voter: Participant,
    holder: Participant,
    file_name: str,
    content: bytes | File,
    note: str = "",
) -> Proxy:
    """Record a written authorisation: the absent voter's vote is cast by the holder (who must be
    present when voting). Chains are refused, and a holder holds at most the conference's limit."""
    conference = voter.conference
    require_not_closed(conference)
    require_roll_unfrozen(conference)
    errors: list[str] = []
    if holder.conference_id != conference.pk:
        errors.append(_("The proxy holder must be on this conference's roll."))
    if not voter.is_voter:
        errors.append(_("%(name)s has no vote to hand over.") % {"name": voter.full_name})
    if voter.pk == holder.pk:
        errors.append(_("A delegate cannot hold their own proxy."))
    if holder.kind == ParticipantKind.GUEST:
        errors.append(_("A guest cannot hold a proxy."))
    if Proxy.objects.filter(voter=voter).exists():
        errors.append(_("%(name)s has already given a proxy.") % {"name": voter.full_name})
    if Proxy.objects.filter(voter=holder).exists():
        errors.append(
            _("%(name)s has given their own vote to someone else and cannot hold a proxy.")
            % {"name": holder.full_name}
        )
    if Proxy.objects.filter(holder=holder).count() >= conference.max_proxies_per_holder:
        errors.append(
            _("%(name)s already holds %(count)s proxy(ies), the most this conference allows.")
            % {"name": holder.full_name, "count": conference.max_proxies_per_holder}
        )
    if not content:
        errors.append(_("Attach the written authorisation (a scan or photo of the signed letter)."))
    if errors:
        raise ValidationError(errors)
    proxy = Proxy(conference=conference, voter=voter, holder=holder, note=note)
    store_upload(proxy, actor=actor, name=file_name, content=content)
    proxy.save()
    record(actor=actor, action=ConferenceAction.PROXY_CREATE, obj=proxy, after=snapshot(proxy))
    return proxy


@transaction.atomic
def remove_proxy(*, actor: Actor, proxy: Proxy) -> None:
    conference = proxy.conference
    require_not_closed(conference)
    require_roll_unfrozen(conference)
    before = snapshot(proxy)
    proxy.delete_stored()
    proxy.delete()
    record(
        actor=actor,
        action=ConferenceAction.PROXY_DELETE,
        object_type="conferences.proxy",
        object_id=str(before["id"]),
        object_repr=str(before["voter_id"]),
        before=before,
    )


@dataclass
class QuorumStatus:
    total: int  # the roll's voting weight
    present: int  # voting weight present in person or through a present proxy holder
    verdict: Verdict
    absent: list[Participant]


def quorum_status(conference: Conference) -> QuorumStatus:
    """The quorum: present voting weight (in person or through a present proxy holder) against the
    roll's. R-VOTE-01 (Bắc Ninh QĐ 86/2025 Art 8(4)(b), provincial: a setting per conference; [U]
    law.md §4.4 for blocks)."""
    voters = list(conference.participants.filter(weight__gt=0).select_related("unit"))
    holders_present = {
        proxy.voter_id
        for proxy in Proxy.objects.filter(conference=conference).select_related("holder")
        if proxy.holder.present
    }
    total = sum(p.weight for p in voters)
    present_voters = [p for p in voters if p.present or p.pk in holders_present]
    present = sum(p.weight for p in present_voters)
    return QuorumStatus(
        total=total,
        present=present,
        verdict=conference.quorum.verdict(present, total),
        absent=[p for p in voters if p not in present_voters],
    )
