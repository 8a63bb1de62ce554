"""State changes of dossiers, decisions and the reward fund. Each is atomic and audited and follows
`models.TRANSITIONS`; who may take a step is the permission door's business (permissions.py)."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_of, user_or_none
from thidua.audit.services import record, snapshot
from thidua.awards.models import AwardLevel, AwardRecord, AwardType, AwardTypeVersion
from thidua.awards.rules import evaluate
from thidua.awards.services import cash_amount
from thidua.documents.services import allocate_number
from thidua.documents.styles import DocType, letterhead_for_unit
from thidua.lib.uploads import store_upload
from thidua.orgs.models import Person, Unit
from thidua.proposals.checklist import missing_papers
from thidua.proposals.models import (
    TRANSITIONS,
    AchievementReport,
    Appraisal,
    CouncilOutcome,
    Deadline,
    Decision,
    DecisionLine,
    DecisionStatus,
    Dossier,
    DossierAttachment,
    DossierKind,
    DossierLine,
    DossierStatus,
    DossierTransition,
    EntryKind,
    FundEntry,
    FundSettings,
    Holiday,
    LineResult,
    PaperKind,
    SubmissionPaper,
)
from thidua.proposals.rules import BASIS_REQUIRED, basis_choices, deadline_for

LINE_FIELDS = ["person", "unit", "award_type", "year", "basis", "wording"]


def _move(dossier: Dossier, to: str, *, actor: Actor, reason: str = "") -> DossierTransition:
    """Take one step of the table, log it and audit it (inside the caller's transaction)."""
    if (dossier.status, to) not in TRANSITIONS:
        raise ValidationError(
            _("A dossier that is “%(from)s” cannot become “%(to)s”.")
            % {"from": DossierStatus(dossier.status).label, "to": DossierStatus(to).label}
        )
    before = dossier.status
    dossier.status = to
    dossier.save()
    step = DossierTransition.objects.create(
        dossier=dossier,
        version=dossier.version,
        from_status=before,
        to_status=to,
        actor=user_or_none(actor),
        at=timezone.now(),
        reason=reason,
    )
    record(
        actor=actor,
        action=f"dossier.{to}",
        obj=dossier,
        before={"status": before},
        after={"status": to, "version": dossier.version, "reason": reason},
    )
    return step


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _require_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


# -- composing -------------------------------------------------------------------------------------


@transaction.atomic
def create_dossier(
    *,
    actor: Actor,
    title: str,
    proposing_unit: Unit,
    receiving_body: Unit,
    year: int,
    kind: str = DossierKind.YEAR_END,
    block_year: Any = None,
    signer_title: str = "",
    signer_name: str = "",
) -> Dossier:
    dossier = Dossier.objects.create(
        signer_title=(signer_title or "").strip(),
        signer_name=(signer_name or "").strip(),
        title=title,
        proposing_unit=proposing_unit,
        receiving_body=receiving_body,
        year=year,
        kind=kind,
        block_year=block_year,
        created_by=user_of(actor),
    )
    record(actor=actor, action="dossier.create", obj=dossier, after=snapshot(dossier))
    return dossier


@transaction.atomic
def create_block_dossier(*, actor: Actor, block_year: Any) -> Dossier:
    """The block's dossier of the year: from its leader to the block's managing body, with one line
    per proposal the conference approved, carrying the poll's result (outputs.md §1.1)."""
    from thidua.conferences.models import AwardCandidate

    leader = block_year.leader
    if leader is None:
        raise ValidationError(_("This block year has no leader to propose."))
    candidates = list(
        AwardCandidate.objects.filter(block_year=block_year).select_related("award_type", "person", "unit")
    )
    if not candidates:
        raise ValidationError(_("The conference has approved no award proposal for this year yet."))
    dossier = create_dossier(
        actor=actor,
        title=_("Award proposals of %(block)s, %(year)s")
        % {"block": block_year.block, "year": block_year.year},
        proposing_unit=leader,
        receiving_body=block_year.block.managing_body,
        year=block_year.year,
        block_year=block_year,
    )
    for position, candidate in enumerate(candidates, start=1):
        DossierLine.objects.create(
            dossier=dossier,
            version=1,
            person=candidate.person,
            unit=candidate.unit,
            award_type=candidate.award_type,
            year=block_year.year,
            candidate=candidate,
            votes_yes=candidate.yes,
            votes_no=candidate.no,
            votes_abstain=candidate.abstain,
            basis="collective" if candidate.unit_id and candidate.award_type.code in BASIS_REQUIRED else "",
            position=position,
        )
    return dossier


SIGNER_FIELDS = ["signer_title", "signer_name"]


@transaction.atomic
def set_signer(*, actor: Actor, dossier: Dossier, signer_title: str, signer_name: str) -> Dossier:
    """Who signs the tờ trình (and a collective's báo cáo) for the proposing unit (outputs.md §1.1):
    a title starting "Phó" signs KT. for the head; changed while the unit may change the dossier."""
    dossier = _locked(dossier)
    _check_editable(dossier)
    before = snapshot(dossier, SIGNER_FIELDS)
    dossier.signer_title, dossier.signer_name = (signer_title or "").strip(), (signer_name or "").strip()
    dossier.save(update_fields=SIGNER_FIELDS)
    record(
        actor=actor,
        action="dossier.signer",
        obj=dossier,
        before=before,
        after=snapshot(dossier, SIGNER_FIELDS),
    )
    return dossier


def _check_editable(dossier: Dossier) -> None:
    if not dossier.editable:
        raise ValidationError(
            _("A dossier that is “%(status)s” cannot be changed by its unit.")
            % {"status": dossier.get_status_display()}
        )


def _check_line(line: DossierLine) -> None:
    award_type = line.award_type
    if (line.person_id is None) == (line.unit_id is None):
        raise ValidationError(_("A line proposes either a person or a collective."))
    if line.person_id and not award_type.for_individuals:
        raise ValidationError({"award_type": _("%(award)s is for collectives.") % {"award": award_type}})
    if line.unit_id and not award_type.for_collectives:
        raise ValidationError({"award_type": _("%(award)s is for individuals.") % {"award": award_type}})
    keys = [key for key, _label in basis_choices(award_type.code)]
    if line.basis and line.basis not in keys:
        raise ValidationError(
            {"basis": _("This basis does not belong to %(award)s.") % {"award": award_type}}
        )


@transaction.atomic
def add_line(
    *,
    actor: Actor,
    dossier: Dossier,
    award_type: AwardType,
    person: Person | None = None,
    unit: Unit | None = None,
    year: int | None = None,
    basis: str = "",
    wording: str = "",
) -> DossierLine:
    """A line the unit adds itself (no conference vote behind it)."""
    dossier = _locked(dossier)
    _check_editable(dossier)
    line = DossierLine(
        dossier=dossier,
        version=dossier.version,
        person=person,
        unit=unit,
        award_type=award_type,
        year=year or dossier.year,
        basis=basis,
        wording=wording,
        position=dossier.current_lines().count() + 1,
    )
    _check_line(line)
    line.save()
    record(actor=actor, action="dossier.line.add", obj=line, after=snapshot(line, LINE_FIELDS))
    return line


@transaction.atomic
def update_line(*, actor: Actor, line: DossierLine, basis: str, wording: str) -> DossierLine:
    _check_editable(_locked(line.dossier))
    if line.version != line.dossier.version:
        raise ValidationError(_("An earlier version of a dossier cannot be changed."))
    before = snapshot(line, LINE_FIELDS)
    line.basis, line.wording = basis, wording
    _check_line(line)
    line.save()
    record(
        actor=actor, action="dossier.line.update", obj=line, before=before, after=snapshot(line, LINE_FIELDS)
    )
    return line


@transaction.atomic
def remove_line(*, actor: Actor, line: DossierLine) -> None:
    _check_editable(_locked(line.dossier))
    if line.version != line.dossier.version:
        raise ValidationError(_("An earlier version of a dossier cannot be changed."))
    record(actor=actor, action="dossier.line.remove", obj=line, before=snapshot(line, LINE_FIELDS))
    line.delete()


# -- the papers of a dossier (R-DOS-01/02) ---------------------------------------------------------


def _attachment_facts(item: DossierAttachment) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "line": item.line_id,
        "version": item.version,
        "file": item.original_name,
        "sha256": item.sha256,
        "size": item.size,
        "uploaded_by": item.uploaded_by_id,
    }


@transaction.atomic
def upload_attachment(
    *,
    actor: Actor,
    dossier: Dossier,
    kind: str,
    name: str,
    content: bytes | File,
    line: DossierLine | None = None,
    replaces: DossierAttachment | None = None,
    note: str = "",
) -> DossierAttachment:
    """Attach a paper (tờ trình, báo cáo, biên bản, sáng kiến, xác nhận …) to the dossier's current
    version, for the dossier or one of its lines, while its unit may change it (draft or returned;
    the permission door decides who). The file is checked by its content (lib.uploads, kind
    "document") and kept with its SHA-256, size and uploader. With `replaces`, the old paper is
    stamped superseded and stays in the history (R-DOS-01/02, Law Art 84(1))."""
    dossier = _locked(dossier)
    _check_editable(dossier)
    if kind not in PaperKind.values:
        raise ValidationError({"kind": _("Choose the kind of paper.")})
    if line is not None and (line.dossier_id != dossier.pk or line.version != dossier.version):
        raise ValidationError({"line": _("Choose a line of the dossier's current version.")})
    old = None
    if replaces is not None:
        old = DossierAttachment.objects.select_for_update().get(pk=replaces.pk)
        if old.dossier_id != dossier.pk or old.version != dossier.version or not old.active:
            raise ValidationError(_("Only a paper of the current version still in use can be replaced."))
        line = line or old.line
    item = DossierAttachment(
        dossier=dossier, version=dossier.version, line=line, kind=kind, note=(note or "").strip()[:300]
    )
    store_upload(item, actor=actor, name=name, content=content)
    if old is not None:
        old.superseded_at = item.uploaded_at
        old.save(update_fields=["superseded_at"])
        item.replaces = old
    item.save()
    record(
        actor=actor,
        action="dossier.paper.replace" if old else "dossier.paper.upload",
        obj=dossier,
        before=_attachment_facts(old) if old else None,
        after=_attachment_facts(item),
    )
    return item


@transaction.atomic
def remove_attachment(*, actor: Actor, attachment: DossierAttachment, reason: str = "") -> DossierAttachment:
    """Take a paper out of the dossier's current version: it is stamped removed (with who), never
    deleted, and stays listed in the history of the dossier's papers."""
    dossier = _locked(attachment.dossier)
    _check_editable(dossier)
    item = DossierAttachment.objects.select_for_update().get(pk=attachment.pk)
    if item.version != dossier.version:
        raise ValidationError(_("An earlier version of a dossier cannot be changed."))
    if not item.active:
        raise ValidationError(_("This paper has already been replaced or removed."))
    item.removed_at = timezone.now()
    item.removed_by = user_or_none(actor)
    item.save(update_fields=["removed_at", "removed_by"])
    record(
        actor=actor,
        action="dossier.paper.remove",
        obj=dossier,
        before=_attachment_facts(item),
        after={"removed_at": item.removed_at.isoformat(), "reason": (reason or "").strip()},
    )
    return item


REPORT_FIELDS = ["profile", "achievements", "awards"]


@transaction.atomic
def save_achievement_report(
    *, actor: Actor, line: DossierLine, profile: str, achievements: str, awards: str
) -> AchievementReport:
    """Store the line's báo cáo thành tích (NĐ 152/2025 Mẫu 05 / Mẫu 04 shape) as the unit edits it,
    while the dossier is a draft or returned; saved with its achievements, it is the line's báo cáo
    in the checklist (R-DOS-02, Law Art 84(1))."""
    dossier = _locked(line.dossier)
    _check_editable(dossier)
    if line.version != dossier.version:
        raise ValidationError(_("An earlier version of a dossier cannot be changed."))
    if not (achievements or "").strip():
        raise ValidationError({"achievements": _("Write the achievements (section II) of the report.")})
    report = AchievementReport.objects.filter(line=line).first()
    before = snapshot(report, REPORT_FIELDS) if report else None
    report = report or AchievementReport(line=line)
    report.profile, report.achievements, report.awards = profile.strip(), achievements.strip(), awards.strip()
    report.updated_by = user_of(actor)
    report.updated_at = timezone.now()
    report.save()
    record(
        actor=actor,
        action="dossier.line.report",
        obj=line,
        before=before,
        after=snapshot(report, REPORT_FIELDS),
    )
    return report


def _carry_attachments(dossier: Dossier, old_version: int, lines: dict[int, DossierLine]) -> None:
    """A returned dossier's next version starts with the papers in use in the returned one (the same
    stored bytes, new rows) and the achievement reports, each on the copy of its line; the returned
    version keeps its own."""
    for report in AchievementReport.objects.filter(line_id__in=list(lines)):
        AchievementReport.objects.create(
            line=lines[report.line_id],
            profile=report.profile,
            achievements=report.achievements,
            awards=report.awards,
            updated_by_id=report.updated_by_id,
            updated_at=report.updated_at,
        )
    for item in DossierAttachment.objects.filter(
        dossier=dossier, version=old_version, superseded_at__isnull=True, removed_at__isnull=True
    ):
        DossierAttachment.objects.create(
            dossier=dossier,
            version=dossier.version,
            line=lines.get(item.line_id) if item.line_id else None,
            kind=item.kind,
            note=item.note,
            file=item.file.name,
            original_name=item.original_name,
            size=item.size,
            sha256=item.sha256,
            content_type=item.content_type,
            uploaded_by_id=item.uploaded_by_id,
            uploaded_at=item.uploaded_at,
        )


# -- eligibility at submission ---------------------------------------------------------------------


def fingerprint(verdict: Any) -> str:
    """A hash of everything the verdict rests on (the records it read and its conditions)."""
    return hashlib.sha256(repr(verdict.signature()).encode()).hexdigest()


def verdict_of(line: DossierLine, on: datetime.date) -> Any:
    """The eligibility verdict of a line, relying on the basis the line states (D4; R-IND-08, R-IND-09,
    R-COL-06): a failed stated basis is "not eligible"; a line without a basis as before."""
    return evaluate(line.candidate_obj, line.award_type.code, line.year, on=on, basis=line.basis or None)


def _take_verdicts(dossier: Dossier, on: datetime.date) -> None:
    """Snapshot each line's verdict with its explanation (issue 9 item 1)."""
    for line in dossier.current_lines().select_related("award_type", "person", "unit"):
        verdict = verdict_of(line, on)
        line.verdict_status = verdict.status
        line.verdict_on = on
        line.verdict_snapshot = [
            {"rule": c.rule, "article": c.article, "status": c.status, "text": str(c.text)}
            for c in verdict.conditions
        ]
        line.verdict_fingerprint = fingerprint(verdict)
        line.save(update_fields=["verdict_status", "verdict_on", "verdict_snapshot", "verdict_fingerprint"])


def history_changed(line: DossierLine) -> bool:
    """Whether the verdict taken at submission would differ now (the history changed since)."""
    if not line.verdict_fingerprint or line.verdict_on is None:
        return False
    return fingerprint(verdict_of(line, line.verdict_on)) != line.verdict_fingerprint


def _check_complete(dossier: Dossier) -> None:
    lines = list(dossier.current_lines().select_related("award_type"))
    if not lines:
        raise ValidationError(_("The dossier has no line: add at least one proposal."))
    missing = [str(line) for line in lines if line.award_type.code in BASIS_REQUIRED and not line.basis]
    if missing:
        raise ValidationError(
            _("State the basis of each Bằng khen (D4): %(lines)s.") % {"lines": "; ".join(missing)}
        )
    _check_papers(dossier)


def _check_papers(dossier: Dossier) -> None:
    """R-DOS-01/02 (Law Art 84(1); NĐ 98 Art 34(2)(d)): a version is submitted only with its tờ
    trình, each line's báo cáo thành tích and biên bản, and the certified initiative of each line of
    a title that needs one (`checklist.checklist`); the refusal lists what is missing."""
    missing = missing_papers(dossier)
    if missing:
        raise ValidationError(
            [_("The dossier cannot be submitted without these papers (R-DOS-01/02):"), *missing]
        )


def _stamp_submission(dossier: Dossier, today: datetime.date) -> None:
    dossier.submitted_on = today
    dossier.deadline = deadline_for(dossier.year, dossier.kind)
    dossier.late = dossier.deadline is not None and today > dossier.deadline


def shown_number(number_line: str) -> str:
    """ "05/QĐ-SNV" or "127-TTr/BTCTU": the number as written in citations and the history."""
    return number_line.removeprefix("Số: ").removeprefix("Số ").strip()


def _number_submission(dossier: Dossier, actor: Actor, today: datetime.date) -> SubmissionPaper:
    """The tờ trình of the version being submitted gets the next TTr number of the proposing unit
    (NĐ 30/2020 Art. 15, R-FMT-01), once per version. A resubmission is a new tờ trình (new date,
    corrected list), so it gets a new number; the returned version keeps its paper and number."""
    paper = SubmissionPaper.objects.filter(dossier=dossier, version=dossier.version).first()
    if paper is not None:
        return paper
    issued = allocate_number(
        actor=actor,
        issuer=dossier.proposing_unit,
        letterhead=letterhead_for_unit(dossier.proposing_unit),
        doc_type=DocType.SUBMISSION,
        day=today,
        summary=dossier.title,
    )
    paper = SubmissionPaper.objects.create(dossier=dossier, version=dossier.version, issued_number=issued)
    record(actor=actor, action="dossier.paper.number", obj=dossier, after={"number": issued.number_line})
    return paper


@transaction.atomic
def submit_dossier(*, actor: Actor, dossier: Dossier, today: datetime.date | None = None) -> Dossier:
    """Draft -> submitted: the lines' verdicts are taken on the submission date; the deadline of
    the year and kind (R-TIME-01) flags a late dossier."""
    dossier = _locked(dossier)
    today = today or timezone.localdate()
    _check_complete(dossier)
    _stamp_submission(dossier, today)
    _take_verdicts(dossier, today)
    _move(dossier, DossierStatus.SUBMITTED, actor=actor)
    _number_submission(dossier, actor, today)
    return dossier


@transaction.atomic
def resubmit_dossier(*, actor: Actor, dossier: Dossier, today: datetime.date | None = None) -> Dossier:
    """Returned -> resubmitted: the corrected version, with its verdicts taken again."""
    dossier = _locked(dossier)
    today = today or timezone.localdate()
    _check_complete(dossier)
    _stamp_submission(dossier, today)
    _take_verdicts(dossier, today)
    _move(dossier, DossierStatus.RESUBMITTED, actor=actor)
    _number_submission(dossier, actor, today)
    return dossier


@transaction.atomic
def withdraw_dossier(*, actor: Actor, dossier: Dossier, reason: str = "") -> Dossier:
    dossier = _locked(dossier)
    _move(dossier, DossierStatus.WITHDRAWN, actor=actor, reason=reason.strip())
    return dossier


# -- the receiving body ------------------------------------------------------------------------------


@transaction.atomic
def receive_dossier(*, actor: Actor, dossier: Dossier, today: datetime.date | None = None) -> Dossier:
    """Submitted (or resubmitted) -> received: starts the processing clock (outputs.md §1.2)."""
    dossier = _locked(dossier)
    _move(dossier, DossierStatus.RECEIVED, actor=actor)
    dossier.received_on = today or timezone.localdate()
    dossier.save(update_fields=["received_on"])
    return dossier


@transaction.atomic
def appraise_line(*, actor: Actor, line: DossierLine, appraisal: str, reason: str = "") -> DossierLine:
    """Eligible or not, with a reason when not; the first appraisal puts a received dossier under
    review."""
    dossier = _locked(line.dossier)
    if dossier.status not in (DossierStatus.RECEIVED, DossierStatus.UNDER_REVIEW):
        raise ValidationError(_("Lines are appraised once the dossier has been received."))
    if line.version != dossier.version:
        raise ValidationError(_("An earlier version of a dossier cannot be changed."))
    if appraisal not in (Appraisal.ELIGIBLE, Appraisal.NOT_ELIGIBLE):
        raise ValidationError({"appraisal": _("Choose eligible or not eligible.")})
    reason = (reason or "").strip()
    if appraisal == Appraisal.NOT_ELIGIBLE and not reason:
        raise ValidationError({"reason": _("Give the reason why the line is not eligible.")})
    if dossier.status == DossierStatus.RECEIVED:
        _move(dossier, DossierStatus.UNDER_REVIEW, actor=actor)
    before = {"appraisal": line.appraisal, "reason": line.appraisal_reason}
    line.appraisal, line.appraisal_reason = appraisal, reason
    line.save(update_fields=["appraisal", "appraisal_reason"])
    record(
        actor=actor,
        action="dossier.line.appraise",
        obj=line,
        before=before,
        after={"appraisal": appraisal, "reason": reason},
    )
    return line


@transaction.atomic
def return_dossier(
    *, actor: Actor, dossier: Dossier, reason: str, line_reasons: dict[int, str] | None = None
) -> Dossier:
    """Back to the unit with a mandatory reason (for the dossier, and optionally for chosen lines).
    The returned version stays as it was; the unit corrects the next one, a copy of its lines."""
    dossier = _locked(dossier)
    reason = _require_reason(reason, _("Give the reason for returning the dossier."))
    line_reasons = {pk: text.strip() for pk, text in (line_reasons or {}).items() if text and text.strip()}
    lines = list(dossier.current_lines())
    unknown = set(line_reasons) - {line.pk for line in lines}
    if unknown:
        raise ValidationError(_("Only lines of the dossier's current version can be returned."))
    _move(dossier, DossierStatus.RETURNED, actor=actor, reason=reason)
    for line in lines:
        if line.pk in line_reasons:
            line.return_reason = line_reasons[line.pk]
            line.save(update_fields=["return_reason"])
    dossier.version += 1
    dossier.save(update_fields=["version"])
    copies: dict[int, DossierLine] = {}
    for line in lines:
        copies[line.pk] = DossierLine.objects.create(
            dossier=dossier,
            version=dossier.version,
            person_id=line.person_id,
            unit_id=line.unit_id,
            award_type_id=line.award_type_id,
            year=line.year,
            basis=line.basis,
            wording=line.wording,
            candidate_id=line.candidate_id,
            votes_yes=line.votes_yes,
            votes_no=line.votes_no,
            votes_abstain=line.votes_abstain,
            return_reason=line.return_reason,
            position=line.position,
        )
    _carry_attachments(dossier, dossier.version - 1, copies)
    return dossier


@transaction.atomic
def send_to_council(*, actor: Actor, dossier: Dossier) -> Dossier:
    """Under review -> for the council, once every line is appraised and one at least is eligible."""
    dossier = _locked(dossier)
    appraisals = list(dossier.current_lines().values_list("appraisal", flat=True))
    if Appraisal.PENDING in appraisals:
        raise ValidationError(_("Appraise every line before sending the dossier to the council."))
    if Appraisal.ELIGIBLE not in appraisals:
        raise ValidationError(_("No line is eligible: reject or return the dossier instead."))
    _move(dossier, DossierStatus.FOR_COUNCIL, actor=actor)
    return dossier


@transaction.atomic
def record_council_outcome(*, actor: Actor, line: DossierLine, approved: bool) -> DossierLine:
    """The council's conclusion on one line of a dossier before it (thidua.council calls this when a
    session closes); a line the council did not approve never enters a drafted decision."""
    line = DossierLine.objects.select_for_update().get(pk=line.pk)
    if line.dossier.status != DossierStatus.FOR_COUNCIL:
        raise ValidationError(_("Only a dossier sent to the council can receive its conclusion."))
    before = snapshot(line, ["council_outcome"])
    line.council_outcome = CouncilOutcome.APPROVED if approved else CouncilOutcome.NOT_APPROVED
    line.save(update_fields=["council_outcome"])
    record(
        actor=actor,
        action="line.council_outcome",
        obj=line,
        before=before,
        after=snapshot(line, ["council_outcome"]),
    )
    return line


@transaction.atomic
def reject_dossier(*, actor: Actor, dossier: Dossier, reason: str) -> Dossier:
    dossier = _locked(dossier)
    reason = _require_reason(reason, _("Give the reason for rejecting the dossier."))
    _move(dossier, DossierStatus.REJECTED, actor=actor, reason=reason)
    dossier.current_lines().update(result=LineResult.NOT_AWARDED)
    return dossier


# -- decisions --------------------------------------------------------------------------------------


def version_on(award_type: AwardType, day: datetime.date) -> AwardTypeVersion:
    version = AwardTypeVersion.objects.filter(award_type=award_type).in_force_on(day).first()
    if version is None:
        raise ValidationError(
            _("No version of %(award)s is in force on %(date)s.")
            % {"award": award_type, "date": day.strftime("%d/%m/%Y")}
        )
    return version


def _money(award_type: AwardType, day: datetime.date, collective: bool) -> tuple[Any, int | None, int]:
    """R-MONEY-01 through the awards app (coefficient, base salary, amount); no coefficient, no money."""
    if version_on(award_type, day).coefficient_for(collective) is None:
        return None, None, 0
    cash = cash_amount(award_type=award_type, decision_date=day, collective=collective)
    return cash.coefficient, cash.base_salary, cash.amount


def _add_decision_line(decision: Decision, position: int, **who: Any) -> DecisionLine:
    collective = who.get("unit") is not None
    coefficient, base, amount = (None, None, 0)
    if not decision.external:
        coefficient, base, amount = _money(decision.award_type, decision.date, collective)
    return DecisionLine.objects.create(
        decision=decision, coefficient=coefficient, base_salary=base, amount=amount, position=position, **who
    )


def _check_number(number: str) -> str:
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("Give the decision's number.")})
    return number


def _number_decision(decision: Decision, actor: Actor) -> None:
    """A decision drafted without a number gets the next QĐ number of the deciding body's register
    (the dossier's receiving body) on issue, once (NĐ 30/2020 Art. 15, R-FMT-01)."""
    if decision.external or decision.number or decision.issued_number_id or decision.dossier is None:
        return
    body = decision.dossier.receiving_body
    issued = allocate_number(
        actor=actor,
        issuer=body,
        letterhead=letterhead_for_unit(body),
        doc_type=DocType.DECISION,
        day=decision.date,
        summary=str(decision.award_type),
    )
    decision.issued_number = issued
    decision.number = shown_number(issued.number_line)
    decision.save(update_fields=["issued_number", "number"])


@transaction.atomic
def draft_decision(
    *,
    actor: Actor,
    dossier: Dossier,
    award_type: AwardType,
    date: datetime.date,
    number: str = "",
    signer_title: str = "",
    signer_name: str = "",
    bases: str = "",
) -> Decision:
    """A decision for the dossier's eligible lines of one title or form: the authority from the
    catalogue version in force on the decision date, the money of R-MONEY-01 per line. Without a
    `number`, the register gives one when the decision is issued."""
    dossier = _locked(dossier)
    if dossier.status != DossierStatus.FOR_COUNCIL:
        raise ValidationError(_("Only a dossier sent to the council can be decided."))
    lines = [
        line
        for line in dossier.current_lines()
        .filter(award_type=award_type, appraisal=Appraisal.ELIGIBLE)
        .exclude(council_outcome=CouncilOutcome.NOT_APPROVED)
        if not line.decision_lines.exclude(decision__status=DecisionStatus.CANCELLED).exists()
    ]
    if not lines:
        raise ValidationError(_("No eligible line of this title or form is waiting for a decision."))
    version = version_on(award_type, date)
    decision = Decision.objects.create(
        award_type=award_type,
        dossier=dossier,
        year=dossier.year,
        number=(number or "").strip(),
        date=date,
        authority=version.deciding_authority,
        level=award_type.level,
        signer_title=signer_title,
        signer_name=signer_name,
        bases=bases,
        created_by=user_of(actor),
    )
    for position, line in enumerate(lines, start=1):
        _add_decision_line(
            decision, position, dossier_line=line, person=line.person, unit=line.unit, wording=line.wording
        )
    record(actor=actor, action="decision.draft", obj=decision, after=snapshot(decision))
    return decision


def _write_records(decision: Decision, actor: Actor) -> None:
    """One award record per line, with the decision's number, date and authority (outputs.md §3.3)."""
    for line in decision.lines.select_related("dossier_line"):
        year = line.dossier_line.year if line.dossier_line else decision.year
        owner: dict[str, Any] = {"person_id": line.person_id} if line.person_id else {"unit_id": line.unit_id}
        clash = AwardRecord.objects.filter(
            award_type=decision.award_type, year=year, voided_at__isnull=True, **owner
        ).exists()
        if clash:
            raise ValidationError(
                _("%(who)s already has %(award)s for %(year)s in the history.")
                % {"who": line.awardee, "award": decision.award_type, "year": year}
            )
        AwardRecord.objects.create(
            award_type=decision.award_type,
            year=year,
            decision_number=decision.number,
            decision_date=decision.date,
            decision_authority=decision.authority[:200],
            decision_line=line,
            **owner,
        )
        if line.amount and not decision.external:
            FundEntry.objects.create(
                year=decision.date.year,
                level=decision.level,
                kind=EntryKind.PAYMENT,
                day=decision.date,
                amount=line.amount,
                description=f"{decision.number}: {line.awardee}"[:300],
                decision_line=line,
                created_by=user_of(actor),
            )
        if line.dossier_line_id:
            DossierLine.objects.filter(pk=line.dossier_line_id).update(result=LineResult.AWARDED)


@transaction.atomic
def issue_decision(*, actor: Actor, decision: Decision) -> Decision:
    """Draft -> issued, once: writes the award records and the fund's payments in one transaction;
    the dossier is decided when none of its eligible lines waits for a decision any more."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(_("This decision has already been issued or cancelled."))
    _number_decision(decision, actor)
    decision.status = DecisionStatus.ISSUED
    decision.issued_at = timezone.now()
    decision.save(update_fields=["status", "issued_at"])
    _write_records(decision, actor)
    record(actor=actor, action="decision.issue", obj=decision, after={"status": decision.status})
    if decision.dossier_id:
        dossier = _locked(decision.dossier)  # type: ignore[arg-type]
        waiting = dossier.current_lines().filter(appraisal=Appraisal.ELIGIBLE, result=LineResult.PENDING)
        if dossier.status == DossierStatus.FOR_COUNCIL and not waiting.exists():
            _move(dossier, DossierStatus.DECIDED, actor=actor, reason=str(decision))
            dossier.current_lines().filter(result=LineResult.PENDING).update(result=LineResult.NOT_AWARDED)
    return decision


@transaction.atomic
def cancel_decision(*, actor: Actor, decision: Decision, reason: str) -> Decision:
    """Issued -> cancelled: voids the records and payments it wrote (never deletes them); its
    dossier goes back to the council (LPM "Hủy phê duyệt")."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    reason = _require_reason(reason, _("Give the reason for cancelling the decision."))
    if decision.status != DecisionStatus.ISSUED:
        raise ValidationError(_("Only an issued decision can be cancelled."))
    now = timezone.now()
    decision.status, decision.cancelled_at, decision.cancel_reason = DecisionStatus.CANCELLED, now, reason
    decision.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    note = (_("Decision %(number)s cancelled: %(reason)s") % {"number": decision.number, "reason": reason})[
        :300
    ]
    voided = AwardRecord.objects.filter(decision_line__decision=decision, voided_at__isnull=True).update(
        voided_at=now, void_reason=note
    )
    FundEntry.objects.filter(decision_line__decision=decision, voided_at__isnull=True).update(voided_at=now)
    line_ids = [pk for pk in decision.lines.values_list("dossier_line_id", flat=True) if pk]
    DossierLine.objects.filter(pk__in=line_ids).update(result=LineResult.PENDING)
    record(
        actor=actor,
        action="decision.cancel",
        obj=decision,
        after={"status": decision.status, "reason": reason, "voided_records": voided},
    )
    if decision.dossier_id:
        dossier = _locked(decision.dossier)  # type: ignore[arg-type]
        if dossier.status == DossierStatus.DECIDED:
            _move(dossier, DossierStatus.FOR_COUNCIL, actor=actor, reason=note)
        dossier.current_lines().filter(result=LineResult.NOT_AWARDED, appraisal=Appraisal.ELIGIBLE).update(
            result=LineResult.PENDING
        )
    return decision


@transaction.atomic
def record_external_decision(
    *,
    actor: Actor,
    award_type: AwardType,
    year: int,
    number: str,
    date: datetime.date,
    authority: str,
    people: list[Person] | None = None,
    units: list[Unit] | None = None,
    scan: UploadedFile | None = None,
    dossier_line: DossierLine | None = None,
) -> Decision:
    """A decision made outside thidua (e.g. the Government's flag): its number, date, authority and
    scanned file; it writes the award history as an issued decision does. Its money is paid by the
    deciding level, not by this fund."""
    people, units = list(people or []), list(units or [])
    if dossier_line is not None and dossier_line.version != dossier_line.dossier.version:
        raise ValidationError(_("An earlier version of a dossier cannot be changed."))
    if dossier_line is not None:
        people = [dossier_line.person] if dossier_line.person_id else []  # type: ignore[list-item]
        units = [dossier_line.unit] if dossier_line.unit_id else []  # type: ignore[list-item]
    if not people and not units:
        raise ValidationError(_("Name at least one person or collective awarded by the decision."))
    authority = (authority or "").strip() or version_on(award_type, date).deciding_authority
    decision = Decision(
        award_type=award_type,
        dossier=dossier_line.dossier if dossier_line else None,
        year=year,
        number=_check_number(number),
        date=date,
        authority=authority,
        level=award_type.level,
        external=True,
        created_by=user_or_none(actor),
    )
    if scan is not None:
        digest = hashlib.sha256()
        for chunk in scan.chunks():
            digest.update(chunk)
        decision.sha256 = digest.hexdigest()
        decision.scan.save(scan.name or "scan", scan, save=False)
    decision.save()
    position = 0
    for person in people:
        position += 1
        _add_decision_line(decision, position, person=person, dossier_line=dossier_line)
    for unit in units:
        position += 1
        _add_decision_line(decision, position, unit=unit, dossier_line=dossier_line)
    record(actor=actor, action="decision.record_external", obj=decision, after=snapshot(decision))
    return issue_decision(actor=actor, decision=decision)


# -- the reward fund --------------------------------------------------------------------------------


def organisation_share(day: datetime.date) -> int:
    """outputs.md §3.4 (TT 28/2025 [S]): the share kept for organising the work, default 20 %."""
    found = (
        FundSettings.objects.filter(valid_from__lte=day)
        .values_list("organisation_share_pct", flat=True)
        .first()
    )
    return 20 if found is None else int(found)


@transaction.atomic
def add_fund_entry(
    *, actor: Actor, year: int, level: str, kind: str, day: datetime.date, amount: int, description: str
) -> FundEntry:
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than 0 VND.")})
    entry = FundEntry.objects.create(
        year=year,
        level=level,
        kind=kind,
        day=day,
        amount=amount,
        description=description,
        created_by=user_of(actor),
    )
    record(actor=actor, action="fund.entry", obj=entry, after=snapshot(entry))
    return entry


@dataclass
class Balance:
    year: int
    level: str
    receipts: int
    payments: int
    share_pct: int

    @property
    def level_label(self) -> str:
        return str(AwardLevel(self.level).label)

    @property
    def organisation(self) -> int:
        """Kept for organising the work (whole VND, rounded down)."""
        return self.receipts * self.share_pct // 100

    @property
    def for_awards(self) -> int:
        """What the year's receipts leave for award money after the organisation share."""
        return self.receipts - self.organisation - self.payments

    @property
    def balance(self) -> int:
        return self.receipts - self.payments


def fund_balances(year: int) -> list[Balance]:
    """Receipts and payments of the year per issuing level (voided payments left out)."""
    from django.db.models import Sum

    totals: dict[tuple[str, str], int] = {}
    for level, kind, total in (
        FundEntry.objects.filter(year=year, voided_at__isnull=True)
        .values_list("level", "kind")
        .annotate(total=Sum("amount"))
        .order_by("level", "kind")
    ):
        totals[(level, kind)] = int(total or 0)
    share = organisation_share(datetime.date(year, 12, 31))
    levels = sorted({level for level, _kind in totals})
    return [
        Balance(
            year,
            level,
            totals.get((level, EntryKind.RECEIPT), 0),
            totals.get((level, EntryKind.PAYMENT), 0),
            share,
        )
        for level in levels
    ]


# -- the board's calendar ---------------------------------------------------------------------------


@transaction.atomic
def set_deadline(*, actor: Actor, year: int, kind: str, due: datetime.date) -> Deadline:
    """The board's deadline for a year and kind of dossier (R-TIME-01)."""
    deadline, _created = Deadline.objects.update_or_create(year=year, kind=kind, defaults={"due": due})
    record(actor=actor, action="dossier.deadline", obj=deadline, after=snapshot(deadline))
    return deadline


@transaction.atomic
def add_holiday(*, actor: Actor, day: datetime.date, name: str) -> Holiday:
    if Holiday.objects.filter(day=day).exists():
        raise ValidationError({"day": _("This day is already a holiday.")})
    holiday = Holiday.objects.create(day=day, name=name)
    record(actor=actor, action="holiday.add", obj=holiday, after=snapshot(holiday))
    return holiday
