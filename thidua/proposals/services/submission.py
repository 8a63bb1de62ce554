"""Submitting a dossier: the eligibility verdicts taken at submission, the completeness and papers
checks, the tờ trình's number; resubmitting and withdrawing."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record
from thidua.awards.rules import evaluate
from thidua.documents.services import allocate_number
from thidua.documents.styles import DocType, letterhead_for_unit
from thidua.proposals.audit_actions import ProposalAction
from thidua.proposals.checklist import missing_papers
from thidua.proposals.models import (
    Dossier,
    DossierLine,
    DossierStatus,
    SubmissionPaper,
)
from thidua.proposals.rules import BASIS_REQUIRED, deadline_for
from thidua.proposals.services.workflow import lock_dossier, take_step


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
    record(actor=actor, action=ProposalAction.PAPER_NUMBER, obj=dossier, after={"number": issued.number_line})
    return paper


@transaction.atomic
def submit_dossier(*, actor: Actor, dossier: Dossier, today: datetime.date | None = None) -> Dossier:
    """Draft -> submitted: the lines' verdicts are taken on the submission date; the deadline of
    the year and kind (R-TIME-01) flags a late dossier."""
    dossier = lock_dossier(dossier)
    today = today or timezone.localdate()
    _check_complete(dossier)
    _stamp_submission(dossier, today)
    _take_verdicts(dossier, today)
    take_step(dossier, DossierStatus.SUBMITTED, actor=actor)
    _number_submission(dossier, actor, today)
    return dossier


@transaction.atomic
def resubmit_dossier(*, actor: Actor, dossier: Dossier, today: datetime.date | None = None) -> Dossier:
    """Returned -> resubmitted: the corrected version, with its verdicts taken again."""
    dossier = lock_dossier(dossier)
    today = today or timezone.localdate()
    _check_complete(dossier)
    _stamp_submission(dossier, today)
    _take_verdicts(dossier, today)
    take_step(dossier, DossierStatus.RESUBMITTED, actor=actor)
    _number_submission(dossier, actor, today)
    return dossier


@transaction.atomic
def withdraw_dossier(*, actor: Actor, dossier: Dossier, reason: str = "") -> Dossier:
    dossier = lock_dossier(dossier)
    take_step(dossier, DossierStatus.WITHDRAWN, actor=actor, reason=reason.strip())
    return dossier
