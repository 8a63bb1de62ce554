"""Who may see and move dossiers, decisions and the fund: the only door for views and the API.

- The board (and administrators) sees every dossier; it receives, appraises, returns, rejects, sends
  to the council and decides; it keeps the deadlines, holidays and the fund. It may also compose a
  dossier itself (e.g. for the council).
- Observers read everything and change nothing.
- A unit officer sees only the dossiers its unit (or a sub-unit) proposes, composes them while they
  are drafts or returned, submits, resubmits and withdraws them; it cannot change a submitted one.
- The block leader officer runs the block's dossier (the block years its unit leads).
- Delegates and anonymous users see no dossier.
"""

from __future__ import annotations

from typing import Any, cast

from django.shortcuts import get_object_or_404

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.blocks.models import BlockYear
from thidua.orgs.models import Unit
from thidua.proposals.models import (
    TRANSITIONS,
    Decision,
    Dossier,
    DossierLine,
    DossierStatus,
)
from thidua.proposals.models import Actor as StepActor  # who takes a transition, not the user


def is_proposer(user: Actor, dossier: Dossier) -> bool:
    """The board, or an officer of the proposing unit (or of the block year's leader)."""
    if perms.is_board(user):
        return True
    if not perms.is_unit_officer(user):
        return False
    return dossier.proposing_unit_id in Unit.objects.own_ids(user) or (
        dossier.block_year_id is not None and dossier.block_year_id in BlockYear.objects.led_ids(user)
    )


def is_receiver(user: Actor, dossier: Dossier | None = None) -> bool:
    return perms.is_board(user)


def may_take(user: Actor, dossier: Dossier, to: str) -> bool:
    """Whether the table allows the step from the dossier's status and the user plays its actor."""
    actor = TRANSITIONS.get((dossier.status, to))
    if actor == StepActor.PROPOSER:
        return is_proposer(user, dossier)
    if actor == StepActor.RECEIVER:
        return is_receiver(user, dossier)
    return False


# Steps taken with a button on the dossier page; the first appraisal starts the review, a decision
# decides the dossier and its cancellation sends it back to the council.
BUTTON_STEPS = frozenset(
    {
        DossierStatus.SUBMITTED,
        DossierStatus.RECEIVED,
        DossierStatus.RETURNED,
        DossierStatus.RESUBMITTED,
        DossierStatus.FOR_COUNCIL,
        DossierStatus.REJECTED,
        DossierStatus.WITHDRAWN,
    }
)


def steps_for(user: Actor, dossier: Dossier) -> list[str]:
    """The statuses the user may move the dossier to from its page."""
    return [
        to
        for (start, to) in TRANSITIONS
        if start == dossier.status
        and start != DossierStatus.DECIDED
        and to in BUTTON_STEPS
        and may_take(user, dossier, to)
    ]


def can_edit(user: Actor, dossier: Dossier) -> bool:
    return dossier.editable and is_proposer(user, dossier)


def can_create_for(user: Actor, unit_id: int | None) -> bool:
    """The board for any unit; a unit officer for its own unit and sub-units."""
    if perms.is_board(user):
        return True
    return perms.is_unit_officer(user) and unit_id is not None and unit_id in Unit.objects.own_ids(user)


def can_propose_for(user: Actor, *, person_unit_id: int | None = None, unit_id: int | None = None) -> bool:
    """A line names a person or collective the user may read (its own units; a block leader: the
    block's members)."""
    readable = Unit.objects.people_readable_ids(user)
    if readable is None:
        return True
    wanted = person_unit_id if person_unit_id is not None else unit_id
    return wanted is not None and wanted in readable


def can_run_block_dossier(user: Actor, block_year: Any) -> bool:
    """The board, or the leader officer of the block year."""
    return perms.is_board(user) or block_year.pk in BlockYear.objects.led_ids(user)


def get_dossier_for_user(user: Actor, pk: int, *, write: bool = False) -> Dossier:
    """404 when the dossier is not visible; 403 when `write` and the user may not change its lines
    (not its proposer, or a dossier already submitted)."""
    dossier = get_object_or_404(
        Dossier.objects.visible_to(user).select_related(
            "proposing_unit", "receiving_body", "block_year__block", "created_by"
        ),
        pk=pk,
    )
    if write:
        perms.require(can_edit(user, dossier))
    return dossier


def get_line_for_user(user: Actor, pk: int, *, write: bool = False) -> DossierLine:
    line = get_object_or_404(DossierLine.objects.select_related("award_type", "person", "unit"), pk=pk)
    line.dossier = get_dossier_for_user(user, line.dossier_id, write=write)
    return line


def can_decide(user: Actor) -> bool:
    return perms.is_board(user)


def decisions_visible_to(user: Actor) -> Any:
    """Every decision for the board and observers; otherwise those answering a visible dossier."""
    if perms.sees_everything(user):
        return Decision.objects.all()
    return Decision.objects.filter(dossier__in=Dossier.objects.visible_to(user))


def get_decision_for_user(user: Actor, pk: int, *, write: bool = False) -> Decision:
    decision = get_object_or_404(
        decisions_visible_to(user).select_related("award_type", "dossier", "created_by"), pk=pk
    )
    if write:
        perms.require(can_decide(user))
    return cast("Decision", decision)


def reads_fund(user: Actor) -> bool:
    return perms.sees_everything(user)


def writes_fund(user: Actor) -> bool:
    return perms.is_board(user)
