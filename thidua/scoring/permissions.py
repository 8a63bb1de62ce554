"""The door through which pages and the API load scoring tables, scorecards and reviews.

- The board and the block year's leader officer run scoring: tables, covenant, reviewers, ledger,
  publication. Observers read everything.
- A member's unit officer fills in its own scorecard while it is a draft.
- Another member sees a scorecard only when its unit is assigned to review it and the card has been
  submitted: a member never sees another's self-scores before review opens.
- A reviewer unit's officer scores the reviews assigned to its unit.
- Movements are read by everyone who sees the block year and added by those who run scoring.
- The block's score table (every member's verified score on every criterion) is read by those who
  run scoring and by observers; a member reads its own scorecard, not the others' (they are no part
  of the published ranking, which shows totals only).
- A member's unit officer registers its own unit; those who run scoring and observers read every
  registration of the year, a member's people (officers and delegates) only their own unit's.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.accounts import permissions as perms
from thidua.accounts.models import User
from thidua.accounts.types import Actor
from thidua.blocks.models import BlockYear
from thidua.orgs.models import Unit
from thidua.scoring.models import (
    CardStatus,
    Movement,
    Registration,
    ReviewAssignment,
    Scorecard,
    ScoringTable,
)


def can_run_scoring(user: Actor, block_year: BlockYear) -> bool:
    """Board officers, and the leader officer of this block year."""
    return perms.is_board(user) or block_year.pk in BlockYear.objects.led_ids(user)


def reads_score_table(user: Actor, block_year: BlockYear) -> bool:
    return perms.sees_everything(user) or can_run_scoring(user, block_year)


def require_score_table_reader(user: Actor, block_year: BlockYear) -> None:
    """403 for those who see the block year but not every member's scores."""
    perms.require(reads_score_table(user, block_year))


def _visible_year(user: Actor, block_year_id: int) -> BlockYear:
    return get_object_or_404(BlockYear.objects.visible_to(user).select_related("block"), pk=block_year_id)


def get_scoring_year_for_user(user: Actor, pk: int, *, write: bool = False) -> BlockYear:
    """A block year by id: 404 unless visible; 403 on write unless the user runs its scoring."""
    block_year = _visible_year(user, pk)
    if write:
        perms.require(can_run_scoring(user, block_year))
    return block_year


def get_table_for_user(user: Actor, pk: int, *, write: bool = False) -> ScoringTable:
    table = get_object_or_404(ScoringTable.objects.select_related("block_year__block"), pk=pk)
    _visible_year(user, table.block_year_id)
    if write:
        perms.require(can_run_scoring(user, table.block_year))
    return table


def reads_card(user: Actor, card: Scorecard) -> bool:
    if perms.sees_everything(user) or can_run_scoring(user, card.block_year):
        return True
    own = Unit.objects.own_ids(user)
    if card.unit_id in own:
        return True
    submitted = card.status == CardStatus.SUBMITTED
    # .all() uses the reviews prefetched by list views (one query for all cards, not one per card).
    return submitted and any(review.reviewer_id in own for review in card.reviews.all())


def get_scorecard_for_user(user: Actor, pk: int, *, write: bool = False) -> Scorecard:
    """404 unless the user may see the card; 403 on write unless it is the user's own unit's card."""
    card = get_object_or_404(Scorecard.objects.select_related("block_year__block", "unit", "table"), pk=pk)
    if not reads_card(user, card):
        raise Http404
    if write:
        perms.require(perms.is_unit_officer(user) and card.unit_id in Unit.objects.own_ids(user))
    return card


def writes_review(user: Actor, assignment: ReviewAssignment) -> bool:
    if perms.is_board(user):
        return True
    return perms.is_unit_officer(user) and assignment.reviewer_id in Unit.objects.own_ids(user)


def get_review_for_user(user: Actor, pk: int, *, write: bool = False) -> ReviewAssignment:
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related(
            "scorecard__block_year__block", "scorecard__unit", "scorecard__table", "reviewer"
        ),
        pk=pk,
    )
    card = assignment.scorecard
    if not (
        writes_review(user, assignment)
        or perms.sees_everything(user)
        or can_run_scoring(user, card.block_year)
    ):
        raise Http404
    if write:
        perms.require(writes_review(user, assignment))
    return assignment


def get_movement_for_user(user: Actor, pk: int, *, write: bool = False) -> Movement:
    movement = get_object_or_404(Movement.objects.select_related("block_year"), pk=pk)
    _visible_year(user, movement.block_year_id)
    if write:
        perms.require(can_run_scoring(user, movement.block_year))
    return movement


def visible_registrations(user: Actor) -> QuerySet[Registration]:
    """Every registration of the years the user runs (all of them for the board and observers), and
    its own unit's elsewhere; never another member's."""
    registrations = Registration.objects.filter(block_year__in=BlockYear.objects.visible_to(user))
    if perms.sees_everything(user):
        return registrations
    return registrations.filter(
        Q(block_year_id__in=BlockYear.objects.led_ids(user)) | Q(unit_id__in=Unit.objects.own_ids(user))
    )


def writes_registration(user: Actor, unit_id: int) -> bool:
    """Only the unit's own officer registers it (as on the page); the leader reads, it does not register
    for others."""
    return perms.is_unit_officer(user) and isinstance(user, User) and user.unit_id == unit_id


def get_registration_for_user(user: Actor, pk: int, *, write: bool = False) -> Registration:
    registration = get_object_or_404(visible_registrations(user).select_related("block_year", "unit"), pk=pk)
    if write:
        perms.require(writes_registration(user, registration.unit_id))
    return registration
