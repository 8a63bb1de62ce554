"""E-mail reminders before the block year's deadlines: self-scoring and reviews.

Run daily (`thidua scoring_reminders`, e.g. from cron): each member whose scorecard is not submitted,
and each reviewer unit whose review is not submitted, gets one e-mail a day from `days` before the
deadline until it is met, addressed to the unit officers of that unit. The text is Vietnamese.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.accounts.models import Role, User
from thidua.blocks.models import BlockYear
from thidua.orgs.models import Unit
from thidua.scoring.models import CardStatus, Reminder, ReviewAssignment, Scorecard, ScoringRules


@dataclass
class Due:
    block_year: BlockYear
    unit: Unit
    kind: str  # "self_scoring" or "review"
    deadline: datetime.date


def due_reminders(today: datetime.date, days: int) -> list[Due]:
    """Who is late or close to a deadline on `today`."""
    due: list[Due] = []
    rules = ScoringRules.objects.select_related("block_year__block")
    for rule in rules:
        block_year = rule.block_year
        deadline = rule.self_scoring_deadline
        if deadline and today >= deadline - datetime.timedelta(days=days):
            for card in (
                Scorecard.objects.filter(block_year=block_year)
                .exclude(status=CardStatus.SUBMITTED)
                .select_related("unit")
            ):
                due.append(Due(block_year, card.unit, "self_scoring", deadline))
        deadline = rule.review_deadline
        if deadline and today >= deadline - datetime.timedelta(days=days):
            pending = ReviewAssignment.objects.filter(
                scorecard__block_year=block_year,
                submitted_at__isnull=True,
                scorecard__status=CardStatus.SUBMITTED,
            ).select_related("reviewer")
            for unit in {a.reviewer_id: a.reviewer for a in pending}.values():
                due.append(Due(block_year, unit, "review", deadline))
    return due


def _message(item: Due, today: datetime.date) -> tuple[str, str]:
    what = (
        _("self-scoring")
        if item.kind == "self_scoring"
        else _("review of the scorecards assigned to your unit")
    )
    late = today > item.deadline
    subject = _("[thidua] %(block)s %(year)s: %(what)s is due on %(date)s") % {
        "block": item.block_year.block,
        "year": item.block_year.year,
        "what": what,
        "date": item.deadline.strftime("%d/%m/%Y"),
    }
    body = (
        _("The deadline for %(what)s passed on %(date)s and %(unit)s has not submitted yet.")
        if late
        else _("The deadline for %(what)s is %(date)s and %(unit)s has not submitted yet.")
    ) % {"what": what, "date": item.deadline.strftime("%d/%m/%Y"), "unit": item.unit}
    return subject, body + "\n\n" + _("Open thidua, the block's Covenant and scoring tab, to finish it.")


def send_reminders(*, today: datetime.date, days: int = 3) -> int:
    """Send today's reminders once; returns how many units were reminded."""
    messages = []
    sent = 0
    # Recorded and sent together: if the mail server refuses, no reminder is marked as sent.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        for item in due_reminders(today, days):
            emails = list(
                User.objects.filter(unit=item.unit, role=Role.UNIT_OFFICER, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
            try:
                with transaction.atomic():
                    Reminder.objects.create(
                        block_year=item.block_year,
                        unit=item.unit,
                        kind=item.kind,
                        sent_on=today,
                        recipients=len(emails),
                    )
            except IntegrityError:
                continue  # already reminded today
            sent += 1
            if emails:
                subject, body = _message(item, today)
                messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, emails))
        send_mass_mail(messages, fail_silently=False)
    return sent
