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

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor, user_or_none
from thidua.blocks.models import BlockYear
from thidua.conferences import sealing
from thidua.conferences.models import Conference, ConferenceStatus, Participant, Poll


def can_run_conference(user: Actor, block_year: BlockYear) -> bool:
    """Board officers, and the leader officer of this block year."""
    return perms.is_board(user) or block_year.pk in BlockYear.objects.led_ids(user)


def commenting_unit_id(user: Actor, conference: Conference) -> int | None:
    """The member unit a unit officer comments for, or None."""
    officer = user_or_none(user)
    if officer is None or officer.unit_id is None or not perms.is_unit_officer(officer):
        return None
    if conference.block_year.memberships.filter(unit_id=officer.unit_id).exists():
        return officer.unit_id
    return None


def get_conference_for_user(user: Actor, pk: int, *, write: bool = False) -> Conference:
    """404 when the conference's block year is not visible; 403 on write unless the user runs it."""
    conference = get_object_or_404(
        Conference.objects.visible_to(user).select_related("block_year__block"), pk=pk
    )
    if write:
        perms.require(can_run_conference(user, conference.block_year))
    return conference


def get_poll_for_user(user: Actor, pk: int, *, write: bool = False) -> Poll:
    poll = get_object_or_404(
        Poll.objects.visible_to(user).select_related("conference__block_year__block"), pk=pk
    )
    if write:
        perms.require(can_run_conference(user, poll.conference.block_year))
    return poll


def get_participant_for_user(user: Actor, pk: int, *, write: bool = False) -> Participant:
    participant = get_object_or_404(
        Participant.objects.select_related("conference__block_year__block", "unit"),
        pk=pk,
        conference__in=Conference.objects.visible_to(user),
    )
    if write:
        perms.require(can_run_conference(user, participant.conference.block_year))
    return participant


def voter_place_for_user(user: Actor, conference: Conference) -> Participant | None:
    """A logged-in delegate's own place on the roll, when an organiser linked the account to it."""
    account = user_or_none(user)
    if account is None or not perms.is_authenticated(account):
        return None
    return conference.participants.filter(user=account).first()


# -- the voter's door: one for the delivery pages and the API ------------------------------------------


def delegate_for(*, token_hash: str | None = None, user: Actor = None) -> Participant | None:
    """The delegate knocking, while its conference is not closed: the one whose voting link hashes to
    `token_hash` (from the link's cookie or the API's `X-Voting-Token`), else, for a logged-in user, its
    linked place on the roll of the latest conference."""
    queryset = Participant.objects.select_related("conference__block_year__block", "unit").exclude(
        conference__status=ConferenceStatus.CLOSED
    )
    if token_hash:
        found = queryset.filter(token_hash=token_hash).first()
        if found is not None:
            return found
    account = user_or_none(user)
    if account is not None and perms.is_authenticated(account):
        return (
            queryset.filter(user=account)
            .order_by(F("conference__starts_at").desc(nulls_last=True), "-conference_id")
            .first()
        )
    return None


def delegate_for_token(token: str) -> Participant | None:
    """The delegate a voting link belongs to, while its conference is not closed."""
    return delegate_for(token_hash=sealing.token_hash(token)) if token else None


def get_ballot_place(
    participant: Participant | None, poll_pk: Any, voter_pk: Any = None
) -> tuple[Poll, Participant]:
    """The poll a delegate casts in and the voter it casts for (itself, or a voter of the same
    conference, whose proxy the cast then checks). 404 for no delegate, a poll or a voter of another
    conference, or an unreadable number: the same refusals on the ballot page and the API."""
    if participant is None:
        raise Http404
    try:
        poll = get_object_or_404(Poll, pk=int(poll_pk), conference_id=participant.conference_id)
        voter = (
            get_object_or_404(Participant, pk=int(voter_pk), conference_id=participant.conference_id)
            if voter_pk not in (None, "")
            else participant
        )
    except (TypeError, ValueError):
        raise Http404 from None
    return poll, voter
