"""The door through which pages and the API load conferences and polls.

- Whoever may read the block year reads its conferences, their roll, report and published results.
- The board and the block year's leader officer run the conference: the roll, check-in, links,
  proxies, the report's answers, the polls and the minutes.
- A member's unit officer comments on the draft report for its own unit.
- Delegates vote through their personal link (no account needed) or, if their account is linked
  to their place on the roll, from the conference page.
- Nobody, whatever the role, reads a ballot next to a voter: no page, endpoint or export joins them.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from thidua.accounts import permissions as perms
from thidua.blocks.models import BlockYear
from thidua.conferences.models import Conference, Participant, Poll


def can_run_conference(user: Any, block_year: BlockYear) -> bool:
    """Board officers, and the leader officer of this block year."""
    return perms.is_board(user) or block_year.pk in BlockYear.objects.led_ids(user)


def commenting_unit_id(user: Any, conference: Conference) -> int | None:
    """The member unit a unit officer comments for, or None."""
    if not perms.is_unit_officer(user):
        return None
    if conference.block_year.memberships.filter(unit_id=user.unit_id).exists():
        return int(user.unit_id)
    return None


def get_conference_for_user(user: Any, pk: int, *, write: bool = False) -> Conference:
    """404 when the conference's block year is not visible; 403 on write unless the user runs it."""
    conference = get_object_or_404(
        Conference.objects.visible_to(user).select_related("block_year__block"), pk=pk
    )
    if write:
        perms.require(can_run_conference(user, conference.block_year))
    return conference


def get_poll_for_user(user: Any, pk: int, *, write: bool = False) -> Poll:
    poll = get_object_or_404(
        Poll.objects.visible_to(user).select_related("conference__block_year__block"), pk=pk
    )
    if write:
        perms.require(can_run_conference(user, poll.conference.block_year))
    return poll


def get_participant_for_user(user: Any, pk: int, *, write: bool = False) -> Participant:
    participant = get_object_or_404(
        Participant.objects.select_related("conference__block_year__block", "unit"),
        pk=pk,
        conference__in=Conference.objects.visible_to(user),
    )
    if write:
        perms.require(can_run_conference(user, participant.conference.block_year))
    return participant


def voter_place_for_user(user: Any, conference: Conference) -> Participant | None:
    """A logged-in delegate's own place on the roll, when an organiser linked the account to it."""
    if not perms.is_authenticated(user):
        return None
    return conference.participants.filter(user=user).first()
