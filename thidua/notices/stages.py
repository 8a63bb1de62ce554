"""The block year's stages in order, and where it stands (issue 15 item 5).

covenant → scoring → ranking → conference → proposals → decisions. A stage is done when its last step
is taken (the covenant signed by all, every scorecard and review submitted, the ranking published, the
summary conference closed, the block's dossier past submission, a decision taken); the current stage
is the first one not done; a stage after it may already have started (e.g. a dossier drafted early).
One query per stage, however many rows the year has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from thidua.conferences.models import Conference, ConferenceKind, ConferenceStatus
from thidua.proposals.models import Dossier, DossierStatus
from thidua.scoring.models import (
    CardStatus,
    Covenant,
    CovenantStatus,
    RankingSnapshot,
    ReviewAssignment,
    Scorecard,
)

DONE, CURRENT, STARTED, PENDING = "done", "current", "started", "pending"


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    state: str  # done, current, started (ahead of the current one) or pending


def _covenant(block_year: Any) -> tuple[bool, bool]:
    statuses = set(Covenant.objects.filter(block_year=block_year).values_list("status", flat=True))
    return CovenantStatus.SIGNED in statuses, bool(statuses)


def _scoring(block_year: Any) -> tuple[bool, bool]:
    statuses = set(Scorecard.objects.filter(block_year=block_year).values_list("status", flat=True))
    if not statuses:
        return False, False
    pending_review = ReviewAssignment.objects.filter(
        scorecard__block_year=block_year, submitted_at__isnull=True
    ).exists()
    return statuses == {CardStatus.SUBMITTED} and not pending_review, True


def _ranking(block_year: Any) -> tuple[bool, bool]:
    published = RankingSnapshot.objects.filter(block_year=block_year).exists()
    return published, published


def _conference(block_year: Any) -> tuple[bool, bool]:
    statuses = set(
        Conference.objects.filter(block_year=block_year, kind=ConferenceKind.SUMMARY).values_list(
            "status", flat=True
        )
    )
    return ConferenceStatus.CLOSED in statuses, bool(statuses)


def _dossier_statuses(block_year: Any) -> set[str]:
    return set(Dossier.objects.filter(block_year=block_year).values_list("status", flat=True))


BEFORE_SUBMISSION = {DossierStatus.DRAFT, DossierStatus.WITHDRAWN}
DECIDED = {DossierStatus.DECIDED}


def stages_for(block_year: Any) -> list[Stage]:
    """The six stages of the block year with their state."""
    dossiers = _dossier_statuses(block_year)
    found = [
        ("covenant", _("Covenant"), _covenant(block_year)),
        ("scoring", _("Scoring"), _scoring(block_year)),
        ("ranking", _("Ranking"), _ranking(block_year)),
        ("conference", _("Summary conference"), _conference(block_year)),
        ("proposals", _("Proposals"), (bool(dossiers - BEFORE_SUBMISSION), bool(dossiers))),
        ("decisions", _("Decisions"), (bool(dossiers & DECIDED), bool(dossiers & DECIDED))),
    ]
    stages = []
    current_seen = False
    for key, label, (done, started) in found:
        if done:
            state = DONE
        elif not current_seen:
            state, current_seen = CURRENT, True
        else:
            state = STARTED if started else PENDING
        stages.append(Stage(key=key, label=label, state=state))
    return stages
