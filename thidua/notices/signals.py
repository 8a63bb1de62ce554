"""Each reminder e-mail is also an in-app notification (issue 15 item 5).

scoring.services.reminders.send_reminders records a `Reminder` row per unit it reminds, in the same transaction
as the e-mails; this receiver gives each active unit officer of that unit a notification saying the
same thing, so the reminder reaches an officer without an e-mail address too. If the mail server
refuses, the transaction is rolled back and the notifications with it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.accounts.models import Role, User
from thidua.notices.services import notify
from thidua.scoring.models import Reminder, ScoringRules


def reminder_text(reminder: Reminder) -> str:
    """What the reminder's e-mail says, in one line: the block year, what is due and by when."""
    rules = ScoringRules.objects.filter(block_year_id=reminder.block_year_id).first()
    if reminder.kind == "review":
        what = _("review of the scorecards assigned to your unit")
        deadline = rules.review_deadline if rules else None
    else:
        what = _("self-scoring")
        deadline = rules.self_scoring_deadline if rules else None
    block_year = reminder.block_year
    values = {
        "block": block_year.block,
        "year": block_year.year,
        "what": what,
        "unit": reminder.unit,
    }
    if deadline is None:
        return _("%(block)s %(year)s: %(what)s of %(unit)s is due.") % values
    values["date"] = deadline.strftime("%d/%m/%Y")
    if reminder.sent_on > deadline:
        return (
            _(
                "%(block)s %(year)s: the deadline for %(what)s passed on %(date)s; %(unit)s has not submitted yet."
            )
            % values
        )
    return _("%(block)s %(year)s: %(what)s of %(unit)s is due on %(date)s.") % values


@receiver(post_save, sender=Reminder, dispatch_uid="notices.reminder")
def reminder_notifies(
    sender: Any, instance: Reminder, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not created or raw:
        return
    officers = User.objects.filter(unit_id=instance.unit_id, role=Role.UNIT_OFFICER, is_active=True)
    block_year = instance.block_year
    with translation.override(settings.LANGUAGE_CODE):
        text = reminder_text(instance)
    notify(
        actor=None,
        users=list(officers),
        text=text,
        url=reverse("scoring:overview", args=[block_year.block_id, block_year.year]),
    )
