"""Council services: members, sessions, attendance and quorum, paper counts and the conclusion that
goes back to the proposals' lines. Every service is one transaction with one audit entry."""

from __future__ import annotations

import datetime
import math
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.awards.models import AwardTypeVersion
from thidua.council.audit_actions import CouncilAction
from thidua.council.models import (
    SESSION_TRANSITIONS,
    Council,
    CouncilMember,
    CouncilSession,
    SessionLine,
    SessionStatus,
)
from thidua.documents.services import allocate_number
from thidua.documents.styles import DocType, Letterhead, letterhead_for_unit
from thidua.lib.thresholds import Comparison, Threshold
from thidua.lib.workflow import move
from thidua.orgs.models import Person, Unit
from thidua.proposals import services as proposals
from thidua.proposals.models import Appraisal, Dossier, DossierStatus

# The council's part of its numbers: Số: 03/BB-HĐTĐKT.
MINUTES_SYMBOL = "HĐTĐKT"
MINUTES_ISSUER = "Hội đồng Thi đua - Khen thưởng"


def minutes_letterhead(session: CouncilSession) -> Letterhead:
    """The council writes under its issuing body: the body's name above, the council below (or the
    body alone when it is the council); its minutes are numbered in the body's register."""
    body = session.council.body
    if body.name.lower().startswith("hội đồng"):
        # The body is the council itself (a unit of its own): its name and parent as they are.
        return letterhead_for_unit(body, symbol=MINUTES_SYMBOL)
    return letterhead_for_unit(body, symbol=MINUTES_SYMBOL, issuer=MINUTES_ISSUER, parent=body.name)


def quorum() -> Fraction:
    """R-VOTE-01: a council session reviewing titles and forms is valid only if at least ceil(0.80·N)
    of its N members attend (Bắc Ninh QĐ 86/2025 Art 8(4)(b), [C] provincial, so a setting): every
    session here reviews the dossiers' titles and forms. Setting COUNCIL_QUORUM, a fraction as a
    string (default "4/5"; a province whose rule differs sets e.g. "2/3")."""
    return Fraction(getattr(settings, "COUNCIL_QUORUM", "4/5"))


def quorum_needed(total_members: int) -> int:
    """How many members must be present to open a session (R-VOTE-01, see `quorum`)."""
    return math.ceil(quorum() * total_members)


# A title or form whose catalogue version sets no ballot threshold passes with more than half of all
# members (the majority principle, Bắc Ninh QĐ 86/2025 Art 8(4); R-VOTE-02 counts on all N members):
# exactly half of an even council does not pass.
MAJORITY = Threshold(1, 2, Comparison.MORE_THAN)


def needed_votes(total_members: int, threshold_pct: int | None) -> int:
    """R-IND-04 / R-COL-04: ≥ ceil(0.80·N); R-IND-06: ≥ ceil(0.90·N) of ALL members (NĐ 98 Art 30(7));
    the percentage comes from the awards catalogue version in force on the session date. Without a
    percentage: more than half of all members (`MAJORITY`)."""
    if threshold_pct is None:
        return MAJORITY.needed(total_members)
    return math.ceil(Fraction(threshold_pct, 100) * total_members)


@transaction.atomic
def create_council(*, actor: Actor, body: Unit, year: int, name: str) -> Council:
    """One council per body and year: a second one (two officers posting at once included) is refused
    with a message, never a database error."""
    refused = ValidationError(_("This body already has a council for that year."))
    if Council.objects.filter(body=body, year=year).exists():
        raise refused
    try:
        with transaction.atomic():
            council = Council.objects.create(body=body, year=year, name=name.strip())
    except IntegrityError:
        raise refused from None
    record(actor=actor, action=CouncilAction.CREATE, obj=council, after=snapshot(council))
    return council


@transaction.atomic
def add_member(*, actor: Actor, council: Council, person: Person, role: str) -> CouncilMember:
    """A new member of the council. Refused once the council has sat (a session open or closed): its
    N, the whole membership every threshold ceil(p·N) counts on (R-IND-04, NĐ 98 Art 30(7)), and the
    minutes already numbered must not change afterwards; a changed council is set up for the next year.
    """
    council = Council.objects.select_for_update().get(pk=council.pk)
    if council.sessions.exclude(status=SessionStatus.DRAFT).exists():
        raise ValidationError(
            _(
                "The council has already sat: its members are those its votes and minutes counted. "
                "Add the member before the first session opens."
            )
        )
    if council.members.filter(person=person).exists():
        raise ValidationError(_("This person is already a member of the council."))
    member = CouncilMember.objects.create(council=council, person=person, role=role)
    record(actor=actor, action=CouncilAction.MEMBER_ADD, obj=member, after=snapshot(member))
    return member


@transaction.atomic
def create_session(*, actor: Actor, council: Council, date: datetime.date, place: str) -> CouncilSession:
    session = CouncilSession.objects.create(council=council, date=date, place=place.strip())
    record(actor=actor, action=CouncilAction.SESSION_CREATE, obj=session, after=snapshot(session))
    return session


def _locked(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def put_dossier(*, actor: Actor, session: CouncilSession, dossier: Dossier) -> list[SessionLine]:
    """Put the eligible lines of a dossier sent to the council before a draft session."""
    session = _locked(session)
    if session.status != SessionStatus.DRAFT:
        raise ValidationError(_("Dossiers can be added only before the session opens."))
    if dossier.status != DossierStatus.FOR_COUNCIL:
        raise ValidationError(_("Only a dossier sent to the council can be put before it."))
    if dossier.receiving_body_id != session.council.body_id:
        raise ValidationError(_("This dossier is addressed to another body's council."))
    created = []
    for line in dossier.current_lines().filter(appraisal=Appraisal.ELIGIBLE):
        if not session.lines.filter(dossier_line=line).exists():
            created.append(SessionLine.objects.create(session=session, dossier_line=line))
    record(actor=actor, action=CouncilAction.PUT_DOSSIER, obj=session, after={"dossier": dossier.pk})
    return created


@transaction.atomic
def open_session(*, actor: Actor, session: CouncilSession, present: list[CouncilMember]) -> CouncilSession:
    """Record who is present and open the session, refused below the quorum (R-VOTE-01, setting)."""
    session = _locked(session)
    total = session.council.members.count()
    if any(m.council_id != session.council_id for m in present):
        raise ValidationError(not_members_message())
    if total == 0 or Fraction(len(set(present)), total) < quorum():
        raise ValidationError(
            _("Quorum not reached: %(present)s of %(total)s members present, at least %(need)s needed.")
            % {"present": len(set(present)), "total": total, "need": quorum_needed(total)}
        )
    move(session, SessionStatus.OPEN, SESSION_TRANSITIONS, _("Only a draft session can be opened."))
    session.save(update_fields=["status"])
    session.present.set(present)
    record(actor=actor, action=CouncilAction.SESSION_OPEN, obj=session, after={"present": len(set(present))})
    return session


def not_members_message() -> str:
    return _("Only members of this council can be marked present.")


def threshold_pct(line: SessionLine) -> int | None:
    """The ballot threshold (% of all members) of the line's title in the catalogue version in force
    on the session date; None when that version sets none (then `MAJORITY` applies)."""
    award_type = line.dossier_line.award_type
    if award_type.is_local and not award_type.legal_form_id:
        # A province's own entry with no legal form (a Party or sector award) may have no version:
        # the majority then applies.
        found = AwardTypeVersion.objects.filter(award_type=award_type).in_force_on(line.session.date).first()
        return int(found.ballot_threshold_pct) if found and found.ballot_threshold_pct else None
    version = proposals.version_on(award_type, line.session.date)
    return int(version.ballot_threshold_pct) if version.ballot_threshold_pct else None


@transaction.atomic
def enter_counts(
    *, actor: Actor, session: CouncilSession, counts: dict[int, tuple[int, ...]]
) -> list[SessionLine]:
    """Paper counts entered by the secretary: {session line id: (yes, no, abstain[, written yes,
    written no])}. All or nothing: one refused line leaves every line as it was. Absent members'
    written opinions count with the votes (NĐ 98 Art 30(7)); the approval uses all members
    (R-IND-04/06)."""
    session = _locked(session)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Counts can be entered only while the session is open."))
    present = session.present.count()
    total = session.council.members.count()
    done = []
    for line_id, numbers in counts.items():
        yes, no, abstain = numbers[:3]
        written_yes, written_no = (tuple(numbers[3:5]) + (0, 0))[:2]
        line = session.lines.select_related("dossier_line__award_type").filter(pk=line_id).first()
        if line is None:
            raise ValidationError(_("Line %(line)s is not before this session.") % {"line": line_id})
        if min(yes, no, abstain, written_yes, written_no) < 0:
            raise ValidationError(_("Vote counts cannot be negative."))
        if written_yes + written_no > total - present:
            raise ValidationError(
                _("%(line)s: %(written)s written opinions but only %(absent)s members are absent.")
                % {"line": line, "written": written_yes + written_no, "absent": total - present}
            )
        if yes + no + abstain > present:
            raise ValidationError(
                _("%(line)s: %(votes)s votes counted but only %(present)s members are present.")
                % {"line": line, "votes": yes + no + abstain, "present": present}
            )
        need = needed_votes(total, threshold_pct(line))
        line.votes_yes, line.votes_no, line.votes_abstain = yes, no, abstain
        line.written_yes, line.written_no = written_yes, written_no
        line.approved = yes + written_yes >= need
        line.margin = yes + written_yes - need
        line.save()
        done.append(line)
    record(actor=actor, action=CouncilAction.COUNTS, obj=session, after={"lines": sorted(counts)})
    return done


@transaction.atomic
def close_session(*, actor: Actor, session: CouncilSession) -> CouncilSession:
    """Close the session, write the council's conclusion on each proposals line and give its minutes
    the next BB number of the issuing body's register (NĐ 30/2020 Art. 15, R-FMT-01), dated the
    session's day."""
    session = _locked(session)
    lines = list(session.lines.select_related("dossier_line"))
    if any(line.approved is None for line in lines):
        raise ValidationError(_("Enter the counts of every line before closing the session."))
    move(session, SessionStatus.CLOSED, SESSION_TRANSITIONS, _("Only an open session can be closed."))
    session.minutes_number = allocate_number(
        actor=actor,
        issuer=session.council.body,
        letterhead=minutes_letterhead(session),
        doc_type=DocType.MINUTES,
        day=session.date,
        summary=str(session),
    )
    session.save(update_fields=["status", "minutes_number"])
    for line in lines:
        proposals.record_council_outcome(actor=actor, line=line.dossier_line, approved=bool(line.approved))
    record(
        actor=actor,
        action=CouncilAction.SESSION_CLOSE,
        obj=session,
        after={"status": session.status, "number": session.minutes_number.number_line},
    )
    return session
