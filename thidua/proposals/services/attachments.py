"""The papers of a dossier (R-DOS-01/02): typed attachments and the achievement reports, carried to a
resubmitted version."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_of, user_or_none
from thidua.audit.services import record, snapshot
from thidua.lib.uploads import store_upload
from thidua.proposals.audit_actions import ProposalAction
from thidua.proposals.models import (
    AchievementReport,
    Dossier,
    DossierAttachment,
    DossierLine,
    PaperKind,
)
from thidua.proposals.services.dossiers import check_editable
from thidua.proposals.services.workflow import lock_dossier


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
    dossier = lock_dossier(dossier)
    check_editable(dossier)
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
        action=ProposalAction.PAPER_REPLACE if old else ProposalAction.PAPER_UPLOAD,
        obj=dossier,
        before=_attachment_facts(old) if old else None,
        after=_attachment_facts(item),
    )
    return item


@transaction.atomic
def remove_attachment(*, actor: Actor, attachment: DossierAttachment, reason: str = "") -> DossierAttachment:
    """Take a paper out of the dossier's current version: it is stamped removed (with who), never
    deleted, and stays listed in the history of the dossier's papers."""
    dossier = lock_dossier(attachment.dossier)
    check_editable(dossier)
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
        action=ProposalAction.PAPER_REMOVE,
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
    dossier = lock_dossier(line.dossier)
    check_editable(dossier)
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
        action=ProposalAction.LINE_REPORT,
        obj=line,
        before=before,
        after=snapshot(report, REPORT_FIELDS),
    )
    return report


def carry_attachments(dossier: Dossier, old_version: int, lines: dict[int, DossierLine]) -> None:
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
