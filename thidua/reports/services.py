"""Writing reports: saving the edited text of a conference's news article draft."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record
from thidua.conferences.models import Conference
from thidua.reports.audit_actions import ReportAction
from thidua.reports.models import NewsDraft
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
