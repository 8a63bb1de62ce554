"""State changes of a conference: the meeting itself, its roll, check-in, voting links, proxies,
files and the draft summary report with members' comments. Polls are in `conferences.polls`.

Who may call what is decided by the permission door (`conferences.permissions`); these functions
hold the domain rules, run in one transaction and write the audit log.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import record, snapshot
from thidua.blocks.models import BlockKind, BlockYear, MemberRole
from thidua.conferences import sealing
from thidua.conferences.models import (
    CommentStatus,
    Conference,
    ConferenceFile,
    ConferenceKind,
    ConferenceStatus,
    FileKind,
    Participant,
    ParticipantKind,
    PollStatus,
    Proxy,
    ReportComment,
    ReportSection,
)
from thidua.documents.services import allocate_number
from thidua.documents.styles import DocType, Letterhead, letterhead_for_unit
from thidua.lib.fields import apply_fields
from thidua.lib.thresholds import Verdict
from thidua.lib.uploads import store_upload
from thidua.lib.vietnamese import search_key
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
PARTICIPANT_FIELDS = ["kind", "unit", "full_name", "position", "weight", "user"]


def default_title(kind: str, year: int) -> str:
    titles = {
        ConferenceKind.PREPARATORY: _("Preparatory meeting for the %(year)s emulation summary"),
        ConferenceKind.SUMMARY: _("Conference summing up the %(year)s emulation and commendation work"),
        ConferenceKind.COVENANT: _("Launch of the %(year)s emulation movement and signing of the covenant"),
        ConferenceKind.COUNCIL: _("Session of the emulation and commendation council, %(year)s"),
    }
    return titles[ConferenceKind(kind)] % {"year": year}


def _has_open_poll(conference: Conference) -> bool:
    return conference.polls.filter(status=PollStatus.OPEN).exists()


def _require_not_closed(conference: Conference) -> None:
    if conference.status == ConferenceStatus.CLOSED:
        raise ValidationError(_("The conference is closed; nothing more can be changed."))


def _require_roll_unfrozen(conference: Conference) -> None:
    """The roll (who votes, with what weight, through which proxy) is fingerprinted when a poll opens."""
    if _has_open_poll(conference):
        raise ValidationError(_("A poll is open: the list of voters cannot change until it is closed."))


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
    *, actor: Any, block_year: BlockYear, seed_roll: bool = True, **values: Any
) -> Conference:
    """A new conference; by default its roll starts with one voting delegate per member of the year."""
    conference = Conference(block_year=block_year)
    apply_fields(conference, values, CONFERENCE_FIELDS)
    if not conference.title and conference.kind:
        conference.title = default_title(conference.kind, block_year.year)
    _check_host(conference)
    conference.full_clean()
    conference.save()
    record(actor=actor, action="conference.create", obj=conference, after=snapshot(conference))
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
def update_conference(*, actor: Any, conference: Conference, **values: Any) -> Conference:
    _require_not_closed(conference)
    before = snapshot(conference)
    quorum_fields = {"quorum_numerator", "quorum_denominator", "quorum_comparison", "delegator_may_vote"}
    if quorum_fields & set(values) and _has_open_poll(conference):
        changed = [name for name in quorum_fields & set(values) if getattr(conference, name) != values[name]]
        if changed:
            raise ValidationError(
                _("A poll is open: the quorum and proxy rules cannot change until it is closed.")
            )
    apply_fields(conference, values, CONFERENCE_FIELDS)
    _check_host(conference)
    conference.full_clean()
    conference.save()
    record(actor=actor, action="conference.update", obj=conference, before=before, after=snapshot(conference))
    return conference


@transaction.atomic
def start_conference(*, actor: Any, conference: Conference) -> Conference:
    """Planned -> in session (check-in and polls work only in session). Idempotent."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if conference.status == ConferenceStatus.IN_SESSION:
        return conference
    if conference.status != ConferenceStatus.PLANNED:
        raise ValidationError(_("The conference is closed; it cannot be opened again."))
    conference.status = ConferenceStatus.IN_SESSION
    conference.opened_at = timezone.now()
    conference.save(update_fields=["status", "opened_at"])
    record(actor=actor, action="conference.start", obj=conference, after={"status": conference.status})
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
    *, actor: Any, conference: Conference, closed_at: datetime.datetime | None = None
) -> Conference:
    """In session -> closed, recording the closing time the minutes print (issue 15 item 11), and
    the minutes get the next BB number of the issuing unit's register, once (NĐ 30/2020 Art. 15,
    R-FMT-01; issue 9 item 4). Refused while a poll is still open. Idempotent.

    `closed_at` is for a meeting entered after the fact (the demo replays the articles' meetings): the
    time it really ended, not before it started nor in the future; now when not given."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if conference.status == ConferenceStatus.CLOSED:
        return conference
    if _has_open_poll(conference):
        raise ValidationError(_("Close the open poll before closing the conference."))
    now = timezone.now()
    if closed_at is not None and (
        closed_at > now or (conference.starts_at is not None and closed_at < conference.starts_at)
    ):
        raise ValidationError(
            {"closed_at": _("The closing time must be after the conference began and not in the future.")}
        )
    conference.status = ConferenceStatus.CLOSED
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
        action="conference.close",
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
    *, actor: Any, block_year: BlockYear, held_on: datetime.date | None
) -> list[Conference]:
    """Mark as held the year's summary conferences that never ran in thidua (issue 12 item 2): a past
    conference imported or planned and then recorded from its paper minutes stays "Planned" forever
    otherwise. A planned summary conference of the year, on the minutes' day (or with either date
    unknown), with no poll and nobody checked in, becomes closed: no session, no ballot, no number
    from the register (the minutes' own number is the paper's), closed at its start time when known.
    Audited as "conference.close_unrun"."""
    closed = []
    planned = Conference.objects.select_for_update().filter(
        block_year=block_year, kind=ConferenceKind.SUMMARY, status=ConferenceStatus.PLANNED
    )
    today = timezone.localdate()
    for conference in planned:
        day = conference.day
        if day is not None and (day >= today or (held_on is not None and day != held_on)):
            continue
        if conference.polls.exists() or conference.participants.filter(checked_in_at__isnull=False).exists():
            continue
        conference.status = ConferenceStatus.CLOSED
        conference.closed_at = conference.starts_at
        conference.save(update_fields=["status", "closed_at"])
        record(
            actor=actor,
            action="conference.close_unrun",
            obj=conference,
            after={
                "status": conference.status,
                "reason": "recorded from the minutes",
                "closed_at": conference.closed_at.isoformat() if conference.closed_at else None,
            },
        )
        closed.append(conference)
    return closed


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
    *, actor: Any, conference: Conference, position_in_roll: int | None = None, **values: Any
) -> Participant:
    _require_not_closed(conference)
    participant = Participant(conference=conference)
    values.setdefault("weight", 0 if values.get("kind") == ParticipantKind.GUEST else 1)
    apply_fields(participant, values, PARTICIPANT_FIELDS)
    if participant.weight:
        _require_roll_unfrozen(conference)
    if position_in_roll is None:
        position_in_roll = (conference.participants.aggregate(m=Max("position_in_roll"))["m"] or 0) + 1
    participant.position_in_roll = position_in_roll
    _check_participant(participant)
    participant.save()
    record(actor=actor, action="participant.create", obj=participant, after=snapshot(participant))
    return participant


@transaction.atomic
def update_participant(*, actor: Any, participant: Participant, **values: Any) -> Participant:
    conference = participant.conference
    _require_not_closed(conference)
    before = snapshot(participant)
    if ("weight" in values and values["weight"] != participant.weight) or (
        "unit" in values and values["unit"] != participant.unit and participant.weight
    ):
        _require_roll_unfrozen(conference)
    apply_fields(participant, values, PARTICIPANT_FIELDS)
    _check_participant(participant)
    participant.save()
    record(
        actor=actor, action="participant.update", obj=participant, before=before, after=snapshot(participant)
    )
    return participant


@transaction.atomic
def remove_participant(*, actor: Any, participant: Participant) -> None:
    conference = participant.conference
    _require_not_closed(conference)
    if participant.weight:
        _require_roll_unfrozen(conference)
    if participant.participations.exists() or Proxy.objects.filter(holder=participant).exists():
        raise ValidationError(
            _("%(name)s has voted or holds a proxy and stays on the roll.") % {"name": participant.full_name}
        )
    before = snapshot(participant)
    participant.delete()
    record(
        actor=actor,
        action="participant.delete",
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
    *, actor: Any, participant: Participant, present: bool = True, at: datetime.datetime | None = None
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
        action="participant.check_in" if present else "participant.check_in_undo",
        obj=participant,
        after={"checked_in_at": participant.checked_in_at},
    )
    return participant


@transaction.atomic
def issue_link(*, actor: Any, participant: Participant, token: str | None = None) -> str:
    """A new personal voting link token for a voter (the old one stops working). Shown once; only its
    hash is kept. `token` is one drawn beforehand by `issue_qr_sheet`."""
    _require_not_closed(participant.conference)
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
        action="participant.link_issue",
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
    *, actor: Any, conference: Conference, render: Callable[[list[tuple[Participant, str]]], bytes]
) -> tuple[bytes, int]:
    """Fresh voting links for the printed sheet of QR codes (issue 10 item 6), returning the sheet
    (`render` of each holder and their new token) and its number of cards.

    Links are kept only as hashes (docs/security.md), so printing means issuing new ones, and every
    earlier link of these delegates stops working. The tokens are drawn first and the sheet rendered
    outside any transaction (a PDF takes seconds; ballots must not wait behind it); then the hashes
    are stored all at once, or none if the conference closed or the roll changed meanwhile. The audit
    log records who printed, when and how many cards, never a token; no poll, ballot or receipt is
    read or written."""
    _require_not_closed(conference)
    holders = link_holders(conference)
    if not holders:
        raise ValidationError(_("The roll has no voter yet: add the delegates before printing their cards."))
    cards = [(participant, sealing.new_token()) for participant in holders]
    content = render(cards)
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        _require_not_closed(locked)
        if [p.pk for p in link_holders(locked)] != [p.pk for p in holders]:
            raise ValidationError(_("The roll changed while the sheet was being made: print it again."))
        for participant, token in cards:
            issue_link(actor=actor, participant=participant, token=token)
        record(
            actor=actor,
            action="conference.qr_sheet",
            obj=locked,
            after={"cards": len(cards), "issued_at": timezone.now().isoformat()},
        )
    return content, len(cards)


@transaction.atomic
def revoke_link(*, actor: Any, participant: Participant) -> Participant:
    if participant.token_hash:
        participant.token_hash = ""
        participant.token_issued_at = None
        participant.save(update_fields=["token_hash", "token_issued_at"])
        record(actor=actor, action="participant.link_revoke", obj=participant)
    return participant


@transaction.atomic
def add_proxy(
    *,
    actor: Any,
    voter: Participant,
    holder: Participant,
    file_name: str,
    content: bytes | File,
    note: str = "",
) -> Proxy:
    """Record a written authorisation: the absent voter's vote is cast by the holder (who must be
    present when voting). Chains are refused, and a holder holds at most the conference's limit."""
    conference = voter.conference
    _require_not_closed(conference)
    _require_roll_unfrozen(conference)
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
    record(actor=actor, action="proxy.create", obj=proxy, after=snapshot(proxy))
    return proxy


@transaction.atomic
def remove_proxy(*, actor: Any, proxy: Proxy) -> None:
    conference = proxy.conference
    _require_not_closed(conference)
    _require_roll_unfrozen(conference)
    before = snapshot(proxy)
    proxy.delete_stored()
    proxy.delete()
    record(
        actor=actor,
        action="proxy.delete",
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


# -- files and the draft summary report ----------------------------------------------------------------


@transaction.atomic
def add_file(
    *, actor: Any, conference: Conference, kind: str, name: str, content: bytes | File, caption: str = ""
) -> ConferenceFile:
    """Attach a photo (JPEG, PNG, WebP) or a document, checked by its content (lib.uploads); nothing
    is attached to a closed conference."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    _require_not_closed(conference)
    if kind not in FileKind.values:
        raise ValidationError({"kind": _("Choose what kind of file this is.")})
    item = ConferenceFile(conference=conference, kind=kind, caption=caption)
    store_upload(item, actor=actor, name=name, content=content)
    item.full_clean()
    item.save()
    record(actor=actor, action="conference.file", obj=item, after=snapshot(item))
    return item


@transaction.atomic
def remove_file(*, actor: Any, item: ConferenceFile) -> None:
    """Remove a file attached by mistake, bytes included, until the conference is closed; the audit
    entry keeps its name and hash."""
    conference = Conference.objects.select_for_update().get(pk=item.conference_id)
    _require_not_closed(conference)
    before = snapshot(item)
    item.delete_stored()
    item.delete()
    record(
        actor=actor,
        action="conference.file_remove",
        object_type="conferences.conferencefile",
        object_id=str(before["id"]),
        object_repr=before["original_name"],
        before=before,
    )


def _require_report_editable(conference: Conference) -> None:
    _require_not_closed(conference)
    if ReportComment.objects.filter(section__conference=conference).exists():
        raise ValidationError(
            _("Members have commented on the draft: edit its sections one by one instead of replacing it.")
        )


def docx_sections(content: bytes) -> list[tuple[str, str]]:
    """Sections of a Word draft: each heading (Heading styles, or a short paragraph in bold or in
    capitals) starts a section; the paragraphs that follow are its text."""
    import docx

    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises several kinds for a file that is not DOCX
        raise ValidationError({"file": _("This is not a Word (.docx) file.")}) from exc
    sections: list[tuple[str, list[str]]] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        runs = [run for run in paragraph.runs if run.text.strip()]
        bold = bool(runs) and all(run.bold for run in runs)
        is_heading = style.startswith(("Heading", "Title")) or (
            len(text) <= 120 and (bold or (text.isupper() and len(text) > 3))
        )
        if is_heading:
            sections.append((text, []))
        elif sections:
            sections[-1][1].append(text)
        else:
            sections.append((_("Introduction"), [text]))
    if not sections:
        raise ValidationError({"file": _("The document has no text.")})
    return [(heading[:255], "\n\n".join(lines)) for heading, lines in sections]


@transaction.atomic
def set_report(
    *,
    actor: Any,
    conference: Conference,
    sections: list[tuple[str, str]] | None = None,
    docx_name: str = "",
    docx_content: bytes = b"",
) -> list[ReportSection]:
    """Replace the draft summary report: sections typed in the page, or a Word file split at its headings."""
    _require_report_editable(conference)
    if docx_content:
        sections = docx_sections(docx_content)
        add_file(
            actor=actor,
            conference=conference,
            kind=FileKind.DRAFT_REPORT,
            name=docx_name,
            content=docx_content,
        )
    rows = [(heading.strip(), text.strip()) for heading, text in sections or [] if heading.strip()]
    if not rows:
        raise ValidationError(_("The draft needs at least one section with a heading."))
    before = list(conference.report_sections.values_list("heading", flat=True))
    conference.report_sections.all().delete()
    created = ReportSection.objects.bulk_create(
        ReportSection(conference=conference, position=index, heading=heading[:255], text=text)
        for index, (heading, text) in enumerate(rows, start=1)
    )
    record(
        actor=actor,
        action="conference.report",
        obj=conference,
        before={"sections": before},
        after={"sections": [s.heading for s in created], "from_file": docx_name},
    )
    return created


@transaction.atomic
def update_section(*, actor: Any, section: ReportSection, heading: str, text: str) -> ReportSection:
    """The leader edits a section, e.g. to take in an accepted comment."""
    _require_not_closed(section.conference)
    if not heading.strip():
        raise ValidationError({"heading": _("A section needs a heading.")})
    before = snapshot(section)
    section.heading = heading.strip()[:255]
    section.text = text.strip()
    section.save(update_fields=["heading", "text"])
    record(actor=actor, action="report.section", obj=section, before=before, after=snapshot(section))
    return section


@transaction.atomic
def add_comment(*, actor: Any, section: ReportSection, unit: Unit, text: str) -> ReportComment:
    """A member's comment on a section of the leader's draft (seed 002: the members amend the draft)."""
    conference = section.conference
    _require_not_closed(conference)
    if not conference.block_year.memberships.filter(unit=unit).exists():
        raise ValidationError(
            _("%(unit)s is not a member of the block in %(year)s.")
            % {"unit": unit, "year": conference.block_year.year}
        )
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = ReportComment(
        section=section, unit=unit, text=text.strip(), author=actor, created_at=timezone.now()
    )
    comment.save()
    record(actor=actor, action="report.comment", obj=comment, after=snapshot(comment))
    return comment


@transaction.atomic
def answer_comment(*, actor: Any, comment: ReportComment, status: str, answer: str = "") -> ReportComment:
    """The leader accepts a comment, or does not with the reason."""
    _require_not_closed(comment.section.conference)
    if status not in (CommentStatus.ACCEPTED, CommentStatus.REJECTED):
        raise ValidationError({"status": _("Choose: accepted or not accepted.")})
    if status == CommentStatus.REJECTED and not answer.strip():
        raise ValidationError({"answer": _("Say why the comment is not accepted.")})
    before = snapshot(comment)
    comment.status = status
    comment.answer = answer.strip()
    comment.answered_by = actor
    comment.answered_at = timezone.now()
    comment.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    record(actor=actor, action="report.answer", obj=comment, before=before, after=snapshot(comment))
    return comment


@transaction.atomic
def add_section(*, actor: Any, conference: Conference, heading: str, text: str = "") -> ReportSection:
    """Add a section to the draft typed in the page."""
    _require_not_closed(conference)
    if not heading.strip():
        raise ValidationError({"heading": _("A section needs a heading.")})
    position = (conference.report_sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = ReportSection.objects.create(
        conference=conference, position=position, heading=heading.strip()[:255], text=text.strip()
    )
    record(actor=actor, action="report.section_add", obj=section, after=snapshot(section))
    return section
