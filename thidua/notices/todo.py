"""What a user must do next ("Việc cần làm", issue 15 item 5), for the start page.

Each source is a small function reading one kind of pending step with a fixed number of queries,
however many rows there are (no query per row):

- a member's unit officer signs the covenant open for signing;
- it fills in and submits its unit's scorecard by the self-scoring deadline;
- a reviewer unit's officer submits the reviews assigned to it by the review deadline;
- a member whose scorecard has a verified (reviewed) score may answer it (giải trình) until the
  explanation deadline, once;
- a unit officer submits its draft dossiers, or resubmits the returned ones, by their deadline;
- the board receives the dossiers submitted to it;
- a delegate whose account is on a conference's roll votes in the open poll.

The steps mirror the permission doors of the apps (scoring.permissions, proposals.permissions,
conferences voting): a task only links to a page its viewer may open.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.blocks.models import Membership
from thidua.conferences.models import ConferenceStatus, Participant, Participation, Poll, PollMode, PollStatus
from thidua.orgs.models import Unit
from thidua.proposals.models import Dossier, DossierStatus
from thidua.scoring.models import (
    CardStatus,
    Covenant,
    CovenantSignature,
    CovenantStatus,
    Explanation,
    ReviewAssignment,
    Scorecard,
)


@dataclass(frozen=True)
class Task:
    """One step the user must take: what, why (which block, unit or dossier), by when, and where."""

    what: str
    why: str
    url: str
    deadline: datetime.date | None = None
    overdue: bool = False
    now: bool = False  # to do at once (an open poll), shown first


def _task(what: str, why: str, url: str, deadline: datetime.date | None, today: datetime.date) -> Task:
    return Task(
        what=what, why=why, url=url, deadline=deadline, overdue=deadline is not None and today > deadline
    )


def _year_label(block_year: Any) -> str:
    return "%s %s" % (block_year.block.name, block_year.year)


def covenants_to_sign(user: Actor, today: datetime.date) -> list[Task]:
    """The covenants open for signing in the block years the user's unit is a member of, not yet
    signed by it (the unit officer signs for its own unit, scoring views `_sign`)."""
    if not perms.is_unit_officer(user) or user.unit_id is None:
        return []
    signed = CovenantSignature.objects.filter(covenant=OuterRef("pk"), unit_id=user.unit_id)
    member = Membership.objects.filter(block_year=OuterRef("block_year"), unit_id=user.unit_id)
    covenants = (
        Covenant.objects.filter(status=CovenantStatus.SIGNING)
        .filter(Exists(member))
        .exclude(Exists(signed))
        .select_related("block_year__block")
        .order_by("block_year__year", "block_year__block__name")
    )
    return [
        _task(
            _("Sign the covenant"),
            _("%(year)s: the covenant (version %(version)s) is open for signing")
            % {"year": _year_label(c.block_year), "version": c.version},
            reverse("scoring:overview", args=[c.block_year.block_id, c.block_year.year]),
            None,
            today,
        )
        for c in covenants
    ]


def scorecards_to_submit(user: Actor, today: datetime.date) -> list[Task]:
    """The user's own unit's scorecards still being filled in, with the self-scoring deadline."""
    if not perms.is_unit_officer(user):
        return []
    cards = (
        Scorecard.objects.filter(unit_id__in=Unit.objects.own_ids(user))
        .exclude(status=CardStatus.SUBMITTED)
        .annotate(deadline=F("block_year__scoring_rules__self_scoring_deadline"))
        .select_related("block_year__block", "unit")
        .order_by("block_year__year", "pk")
    )
    return [
        _task(
            _("Self-score and submit the scorecard"),
            _("%(year)s: the scorecard of %(unit)s is not submitted yet")
            % {"year": _year_label(card.block_year), "unit": card.unit.name},
            reverse("scoring:scorecard", args=[card.pk]),
            card.deadline,
            today,
        )
        for card in cards
    ]


def reviews_to_submit(user: Actor, today: datetime.date) -> list[Task]:
    """The reviews assigned to the user's unit on submitted scorecards, not submitted yet."""
    if not perms.is_unit_officer(user):
        return []
    reviews = (
        ReviewAssignment.objects.filter(
            reviewer_id__in=Unit.objects.own_ids(user),
            submitted_at__isnull=True,
            scorecard__status=CardStatus.SUBMITTED,
        )
        .annotate(deadline=F("scorecard__block_year__scoring_rules__review_deadline"))
        .select_related("scorecard__block_year__block", "scorecard__unit")
        .order_by("scorecard__block_year__year", "pk")
    )
    return [
        _task(
            _("Review a scorecard"),
            _("%(year)s: the scorecard of %(unit)s awaits your unit's review")
            % {"year": _year_label(r.scorecard.block_year), "unit": r.scorecard.unit.name},
            reverse("scoring:review", args=[r.pk]),
            r.deadline,
            today,
        )
        for r in reviews
    ]


def explanations_to_answer(user: Actor, today: datetime.date) -> list[Task]:
    """The user's unit's scorecards with a submitted review and no explanation yet, while the block
    year's explanation deadline has not passed (scoring.services.reviews.explain refuses after it)."""
    if not perms.is_unit_officer(user):
        return []
    reviewed = ReviewAssignment.objects.filter(scorecard=OuterRef("pk"), submitted_at__isnull=False)
    answered = Explanation.objects.filter(scorecard=OuterRef("pk"))
    cards = (
        Scorecard.objects.filter(
            unit_id__in=Unit.objects.own_ids(user),
            status=CardStatus.SUBMITTED,
            block_year__scoring_rules__explanation_deadline__gte=today,
        )
        .filter(Exists(reviewed))
        .exclude(Exists(answered))
        .annotate(deadline=F("block_year__scoring_rules__explanation_deadline"))
        .select_related("block_year__block", "unit")
        .order_by("block_year__year", "pk")
    )
    return [
        _task(
            _("Answer the verified score (explanation)"),
            _("%(year)s: the verified score of %(unit)s is provisional; explain any disagreement")
            % {"year": _year_label(card.block_year), "unit": card.unit.name},
            reverse("scoring:scorecard", args=[card.pk]),
            card.deadline,
            today,
        )
        for card in cards
    ]


def dossiers_to_submit(user: Actor, today: datetime.date) -> list[Task]:
    """A unit officer's dossiers still drafts (to submit) or returned (to resubmit), by their deadline
    (the proposer's steps of proposals.permissions: its own unit's and the block's it leads)."""
    if not perms.is_unit_officer(user):
        return []
    dossiers = (
        Dossier.objects.visible_to(user)
        .filter(status__in=[DossierStatus.DRAFT, DossierStatus.RETURNED])
        .select_related("proposing_unit")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
    return [
        _task(
            _("Resubmit the returned dossier")
            if d.status == DossierStatus.RETURNED
            else _("Submit the dossier"),
            "%s · %s" % (d.title, d.proposing_unit.name),
            reverse("proposals:dossier", args=[d.pk]),
            d.deadline,
            today,
        )
        for d in dossiers
    ]


def dossiers_to_receive(user: Actor, today: datetime.date) -> list[Task]:
    """The dossiers submitted or resubmitted to the board, waiting to be received."""
    if not perms.is_board(user):
        return []
    dossiers = (
        Dossier.objects.filter(status__in=[DossierStatus.SUBMITTED, DossierStatus.RESUBMITTED])
        .select_related("proposing_unit")
        .order_by("submitted_on", "pk")
    )
    return [
        _task(
            _("Receive the dossier"),
            "%s · %s" % (d.title, d.proposing_unit.name),
            reverse("proposals:dossier", args=[d.pk]),
            None,
            today,
        )
        for d in dossiers
    ]


def polls_to_vote(user: Actor, today: datetime.date) -> list[Task]:
    """The open electronic polls of conferences in progress where the user's account is a voter on
    the roll and has not voted yet (the ballot page is conferences' `vote:page`)."""
    if not perms.is_authenticated(user):
        return []
    voted = Participation.objects.filter(poll=OuterRef("pk"), voter__user=user)
    on_roll = Participant.objects.filter(conference=OuterRef("conference"), user=user, weight__gt=0)
    polls = (
        Poll.objects.filter(status=PollStatus.OPEN)
        .exclude(mode=PollMode.PAPER)
        .exclude(conference__status=ConferenceStatus.CLOSED)
        .filter(Exists(on_roll))
        .exclude(Exists(voted))
        .select_related("conference")
        .order_by("conference_id", "position")
    )
    url = reverse("vote:page")
    return [
        Task(what=_("Vote now"), why="%s · %s" % (p.conference.title, p.title), url=url, now=True)
        for p in polls
    ]


SOURCES: list[Callable[[Any, datetime.date], list[Task]]] = [
    polls_to_vote,
    covenants_to_sign,
    scorecards_to_submit,
    reviews_to_submit,
    explanations_to_answer,
    dossiers_to_submit,
    dossiers_to_receive,
]


def tasks_for(user: Actor, today: datetime.date | None = None) -> list[Task]:
    """Everything the user must do next: a vote now first, then the overdue steps, then by deadline;
    undated steps keep their source's order after the dated ones."""
    today = today or timezone.localdate()
    tasks = [task for source in SOURCES for task in source(user, today)]
    return sorted(tasks, key=lambda t: (not t.now, not t.overdue, t.deadline is None, t.deadline or today))
