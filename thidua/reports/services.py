"""Writing reports: saving the edited text of a conference's news article draft."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record
from thidua.blocks.models import BlockYear
from thidua.conferences.models import Conference
from thidua.conferences.services import set_report
from thidua.reports import summary
from thidua.reports.audit_actions import ReportAction
from thidua.reports.models import SUMMARY_TRANSITIONS, NewsDraft, SummaryEvent, SummaryReport, SummaryStatus
from thidua.reports.news import DRAFT_MARK


@transaction.atomic
def save_news_draft(*, actor: Actor, conference: Conference, text: str) -> NewsDraft:
    """Store the edited article; it stays a draft, so its first line is the "DỰ THẢO" mark (added
    when missing). An empty text is refused: "start again from the data" is `reset_news_draft`."""
    body = text.replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(
            {"text": _("The article is empty: write its text, or build it again from the data.")}
        )
    if not body.startswith(DRAFT_MARK):
        body = f"{DRAFT_MARK}\n\n{body}"
    draft = NewsDraft.objects.filter(conference=conference).first()
    before = {"text": draft.text} if draft else None
    draft, _created = NewsDraft.objects.update_or_create(
        conference=conference,
        defaults={"text": body + "\n", "edited_by": actor, "edited_at": timezone.now()},
    )
    record(actor=actor, action=ReportAction.NEWS_SAVE, obj=draft, before=before, after={"text": draft.text})
    return draft


@transaction.atomic
def reset_news_draft(*, actor: Actor, conference: Conference) -> None:
    """Forget the edited text: the draft is built from the data again."""
    draft = NewsDraft.objects.filter(conference=conference).first()
    if draft is None:
        return
    record(actor=actor, action=ReportAction.NEWS_SAVE, obj=draft, before={"text": draft.text}, after=None)
    draft.delete()


WRITTEN_FIELDS = ("strengths", "limitations", "lessons", "direction")


def summary_report_for(block_year: BlockYear) -> SummaryReport:
    """The block year's summary report, created as an empty draft the first time it is asked for."""
    report, _created = SummaryReport.objects.get_or_create(block_year=block_year)
    return report


@transaction.atomic
def save_summary_sections(*, actor: Actor, report: SummaryReport, **texts: str) -> SummaryReport:
    """The leader writes the strengths, limitations, lessons and direction; an issued report is final."""
    if report.status == SummaryStatus.ISSUED:
        raise ValidationError(_("The report has been issued: it can no longer be changed."))
    before = {name: getattr(report, name) for name in WRITTEN_FIELDS}
    for name in WRITTEN_FIELDS:
        if name in texts:
            setattr(report, name, texts[name].replace("\r\n", "\n").strip())
    report.save(update_fields=list(WRITTEN_FIELDS))
    after = {name: getattr(report, name) for name in WRITTEN_FIELDS}
    record(actor=actor, action=ReportAction.SUMMARY_SAVE, obj=report, before=before, after=after)
    return report


@transaction.atomic
def change_summary_status(
    *, actor: Actor, report: SummaryReport, status: str, conference: Conference | None = None
) -> SummaryReport:
    """Draft → sent (its sections become `conference`'s draft report, for the members' comments, through
    the conferences service) → issued (the next BC number of the leading unit's register, NĐ 30/2020
    Art. 15, R-FMT-01); sent → draft takes it back. Every change is kept in the report's history."""
    target = SummaryStatus(status)
    if target not in SUMMARY_TRANSITIONS[SummaryStatus(report.status)]:
        raise ValidationError(
            _("A report that is “%(now)s” cannot become “%(then)s”.")
            % {"now": report.get_status_display(), "then": target.label}
        )
    before = {"status": report.status}
    if target == SummaryStatus.SENT and conference is not None:
        if conference.block_year_id != report.block_year_id:
            raise ValidationError(_("Choose a conference of the same block year."))
        set_report(actor=actor, conference=conference, sections=summary.comment_sections(report))
        report.conference = conference
    if target == SummaryStatus.ISSUED:
        report.issued_number = summary.allocate_report_number(actor=actor, report=report)
    report.status = target
    report.save(update_fields=["status", "conference", "issued_number"])
    SummaryEvent.objects.create(  # type: ignore[misc]
        report=report, status=target, actor_id=getattr(actor, "pk", None), at=timezone.now()
    )
    record(
        actor=actor, action=ReportAction.SUMMARY_STATUS, obj=report, before=before, after={"status": target}
    )
    return report
