"""The replayed events carry the dates of the articles, not the day the demo was loaded (issue 15 item 10).

The demo replays the seeds through the services, which stamp every step with the current time. This
step, run last, moves the stamps of the replayed events to the days the articles give: a conference's
opening to its start, its polls in order within the meeting, their approved candidates to the close
of their poll, the comments on the draft report to the days before, the standings to the published
result; for seed 000's scoring year, the covenant and its signatures, the self-scores, the reviews
and the published ranking to dates inside 2022; decisions and the numbers of the register to the date
written on the paper. Where an article gives no day (seed 000 says nothing of when the covenant was
signed), docs/demo.md names the day chosen.

The audit log is left as it is: it says truthfully when each entry was made. Ballots carry no time at
all (docs/security.md), so nothing here touches them. Running it twice gives the same stamps.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from thidua.blocks.models import Standing, StandingSource
from thidua.conferences.models import AwardCandidate, Conference, Poll, RecordedMinutes, ReportComment
from thidua.documents.models import IssuedNumber
from thidua.proposals.models import Decision
from thidua.scoring.models import (
    Covenant,
    CovenantSignature,
    Evidence,
    RankingSnapshot,
    ReviewAssignment,
    Scorecard,
    ScoringTable,
)

# Seed 000 (Nha Trang, 2022): the article dates the conference (27/12/2022); the year's earlier steps
# are placed where a block's year puts them (docs/demo.md).
SEED_000_YEAR_DAYS = {
    "table_frozen": ("2022-02-14", 9),
    "covenant_signed": ("2022-02-18", 9),
    "scorecards_submitted": ("2022-12-09", 16),
    "reviews_submitted": ("2022-12-16", 16),
}


def _at(day: str | datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    date = datetime.date.fromisoformat(day) if isinstance(day, str) else day
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


def backdate() -> int:
    """Move the replayed events' stamps to the articles' days; the number of rows changed."""
    changed = _conferences()
    changed += _recorded_candidates()
    changed += _seed_000_year()
    changed += _papers()
    return changed


def _conferences() -> int:
    changed = 0
    now = timezone.now()
    for conference in Conference.objects.filter(opened_at__isnull=False, starts_at__lt=now):
        start = conference.starts_at
        assert start is not None
        end = conference.closed_at or start + datetime.timedelta(hours=3)
        changed += Conference.objects.filter(pk=conference.pk).update(opened_at=start)
        polls = list(conference.polls.filter(opened_at__isnull=False).order_by("opened_at", "pk"))
        # The polls in the order they were held, between a quarter of an hour after the opening
        # and a quarter of an hour before the close.
        window = (end - start) - datetime.timedelta(minutes=30)
        step = window / max(len(polls), 1)
        for index, poll in enumerate(polls):
            opened = start + datetime.timedelta(minutes=15) + step * index
            closed = opened + step * 0.6 if poll.closed_at else None
            published = opened + step * 0.8 if poll.published_at else None
            changed += Poll.objects.filter(pk=poll.pk).update(
                opened_at=opened, closed_at=closed, published_at=published
            )
            if closed is not None:
                changed += AwardCandidate.objects.filter(poll=poll).update(approved_at=closed)
            if published is not None:
                changed += Standing.objects.filter(
                    block_year_id=conference.block_year_id, source=StandingSource.CONFERENCE
                ).update(recorded_at=published)
        # The draft report was discussed in the days before the meeting, and answered the day after.
        for index, comment in enumerate(
            ReportComment.objects.filter(section__conference=conference).order_by("pk")
        ):
            written = start - datetime.timedelta(days=5) + datetime.timedelta(hours=index)
            answered = written + datetime.timedelta(days=1) if comment.answered_at else None
            changed += ReportComment.objects.filter(pk=comment.pk).update(
                created_at=written, answered_at=answered
            )
    return changed


def _recorded_candidates() -> int:
    """Proposals approved at a meeting recorded from its paper minutes: on the day it was held."""
    changed = 0
    for minutes in RecordedMinutes.objects.filter(held_on__isnull=False):
        assert minutes.held_on is not None
        changed += AwardCandidate.objects.filter(recorded=minutes).update(
            approved_at=_at(minutes.held_on, 11)
        )
    return changed


def _seed_000_year() -> int:
    covenants = Covenant.objects.filter(block_year__block__code="NT-KDANG", block_year__year=2022)
    if not covenants.exists():
        return 0
    days = {key: _at(day, hour) for key, (day, hour) in SEED_000_YEAR_DAYS.items()}
    year = covenants.first().block_year  # type: ignore[union-attr]
    changed = ScoringTable.objects.filter(block_year=year, frozen_at__isnull=False).update(
        frozen_at=days["table_frozen"]
    )
    changed += covenants.filter(signed_at__isnull=False).update(signed_at=days["covenant_signed"])
    changed += CovenantSignature.objects.filter(covenant__in=covenants).update(
        signed_at=days["covenant_signed"]
    )
    cards = Scorecard.objects.filter(block_year=year)
    changed += cards.filter(submitted_at__isnull=False).update(submitted_at=days["scorecards_submitted"])
    changed += Evidence.objects.filter(entry__scorecard__in=cards).update(
        uploaded_at=days["scorecards_submitted"]
    )
    changed += ReviewAssignment.objects.filter(scorecard__in=cards, submitted_at__isnull=False).update(
        submitted_at=days["reviews_submitted"]
    )
    conference = Conference.objects.filter(block_year=year, closed_at__isnull=False).first()
    if conference is not None and conference.closed_at is not None:
        changed += RankingSnapshot.objects.filter(block_year=year).update(published_at=conference.closed_at)
    return changed


def _papers() -> int:
    """Decisions issued on the date they bear, numbers taken on the date of their paper."""
    today = timezone.localdate()
    changed = 0
    for decision in Decision.objects.filter(issued_at__isnull=False, date__lt=today):
        changed += Decision.objects.filter(pk=decision.pk).update(issued_at=_at(decision.date, 10))
    for number in IssuedNumber.objects.filter(issued_on__lt=today):
        changed += IssuedNumber.objects.filter(pk=number.pk).update(issued_at=_at(number.issued_on, 8))
    return changed
