"""The scoring reminders as a daily job of `thidua.jobs` (registered from ScoringConfig.ready()); the
workers' schedule runs it at THIDUA_REMINDERS_AT. `thidua scoring_reminders` still sends them by hand."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.jobs.registry import JobRun, daily, register
from thidua.scoring.services.reminders import send_reminders

REMINDERS = "scoring.reminders"


def remind(run: JobRun, *, day: str | None = None, days: int = 3) -> None:
    """Idempotent (one Reminder row per unit, kind and day), so a rerun after a dead worker is safe."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    sent = send_reminders(today=today, days=days)
    run.progress(done=1, total=1, message=_("%(count)s reminder(s) sent.") % {"count": sent})


register(REMINDERS, label=gettext_lazy("Sending the reminders of the scoring deadlines"), run=remind)
daily(REMINDERS, kind=REMINDERS, at=settings.THIDUA_REMINDERS_AT, with_day=True)
