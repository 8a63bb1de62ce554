"""A conference's files and the draft summary report: its sections, read from a .docx or written, and the
member units' comments with the organisers' answers."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_of, user_or_none
from thidua.audit.services import record, snapshot
from thidua.conferences.audit_actions import ConferenceAction
from thidua.conferences.models import (
    CommentStatus,
    Conference,
    ConferenceFile,
    FileKind,
    ReportComment,
    ReportSection,
)
from thidua.conferences.services.roll import require_not_closed
from thidua.lib.uploads import store_upload
from thidua.orgs.models import Unit

# -- files and the draft summary report ----------------------------------------------------------------


@transaction.atomic
def add_file(
    *, actor: Actor, conference: Conference, kind: str, name: str, content: bytes | File, caption: str = ""
) -> ConferenceFile:
    """Attach a photo (JPEG, PNG, WebP) or a document, checked by its content (lib.uploads); nothing
    is attached to a closed conference."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    require_not_closed(conference)
    if kind not in FileKind.values:
        raise ValidationError({"kind": _("Choose what kind of file this is.")})
    item = ConferenceFile(conference=conference, kind=kind, caption=caption)
    store_upload(item, actor=actor, name=name, content=content)
    item.full_clean()
    item.save()
    record(actor=actor, action=ConferenceAction.CONFERENCE_FILE, obj=item, after=snapshot(item))
    return item


@transaction.atomic
def remove_file(*, actor: Actor, item: ConferenceFile) -> None:
    """Remove a file attached by mistake, bytes included, until the conference is closed; the audit
    entry keeps its name and hash."""
    conference = Conference.objects.select_for_update().get(pk=item.conference_id)
    require_not_closed(conference)
    before = snapshot(item)
    item.delete_stored()
    item.delete()
    record(
        actor=actor,
        action=ConferenceAction.CONFERENCE_FILE_REMOVE,
        object_type="conferences.conferencefile",
        object_id=str(before["id"]),
        object_repr=before["original_name"],
        before=before,
    )


def _require_report_editable(conference: Conference) -> None:
    require_not_closed(conference)
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
    actor: Actor,
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
        action=ConferenceAction.CONFERENCE_REPORT,
        obj=conference,
        before={"sections": before},
        after={"sections": [s.heading for s in created], "from_file": docx_name},
    )
    return created


@transaction.atomic
def update_section(*, actor: Actor, section: ReportSection, heading: str, text: str) -> ReportSection:
    """The leader edits a section, e.g. to take in an accepted comment."""
    require_not_closed(section.conference)
    if not heading.strip():
        raise ValidationError({"heading": _("A section needs a heading.")})
    before = snapshot(section)
    section.heading = heading.strip()[:255]
    section.text = text.strip()
    section.save(update_fields=["heading", "text"])
    record(
        actor=actor,
        action=ConferenceAction.REPORT_SECTION,
        obj=section,
        before=before,
        after=snapshot(section),
    )
    return section


@transaction.atomic
def save_section(
    *, actor: Actor, conference: Conference, section: ReportSection | None, heading: str, text: str = ""
) -> ReportSection:
    """A section written on the page: `section` updated, or a new one added when it is None."""
    if section is None:
        return add_section(actor=actor, conference=conference, heading=heading, text=text)
    return update_section(actor=actor, section=section, heading=heading, text=text)


@transaction.atomic
def add_comment(*, actor: Actor, section: ReportSection, unit: Unit, text: str) -> ReportComment:
    """A member's comment on a section of the leader's draft (seed 002: the members amend the draft)."""
    conference = section.conference
    require_not_closed(conference)
    if not conference.block_year.memberships.filter(unit=unit).exists():
        raise ValidationError(
            _("%(unit)s is not a member of the block in %(year)s.")
            % {"unit": unit, "year": conference.block_year.year}
        )
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = ReportComment(
        section=section, unit=unit, text=text.strip(), author=user_of(actor), created_at=timezone.now()
    )
    comment.save()
    record(actor=actor, action=ConferenceAction.REPORT_COMMENT, obj=comment, after=snapshot(comment))
    return comment


@transaction.atomic
def answer_comment(*, actor: Actor, comment: ReportComment, status: str, answer: str = "") -> ReportComment:
    """The leader accepts a comment, or does not with the reason."""
    require_not_closed(comment.section.conference)
    if status not in (CommentStatus.ACCEPTED, CommentStatus.REJECTED):
        raise ValidationError({"status": _("Choose: accepted or not accepted.")})
    if status == CommentStatus.REJECTED and not answer.strip():
        raise ValidationError({"answer": _("Say why the comment is not accepted.")})
    before = snapshot(comment)
    comment.status = status
    comment.answer = answer.strip()
    comment.answered_by = user_or_none(actor)
    comment.answered_at = timezone.now()
    comment.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    record(
        actor=actor,
        action=ConferenceAction.REPORT_ANSWER,
        obj=comment,
        before=before,
        after=snapshot(comment),
    )
    return comment


@transaction.atomic
def add_section(*, actor: Actor, conference: Conference, heading: str, text: str = "") -> ReportSection:
    """Add a section to the draft typed in the page."""
    require_not_closed(conference)
    if not heading.strip():
        raise ValidationError({"heading": _("A section needs a heading.")})
    position = (conference.report_sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = ReportSection.objects.create(
        conference=conference, position=position, heading=heading.strip()[:255], text=text.strip()
    )
    record(actor=actor, action=ConferenceAction.REPORT_SECTION_ADD, obj=section, after=snapshot(section))
    return section
