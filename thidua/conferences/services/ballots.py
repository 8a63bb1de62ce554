"""Casting: who may vote for whom and the ballot's shape, the one writer of a ballot (who voted, and the
choice added to the poll's sealed ballot box: no row of its own, so no storage order to match;
`models.BallotBox`), written opinions (R-VOTE-02) and the receipt codes. Nothing is logged of a secret
choice (docs/security.md §2)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from thidua.accounts.types import Actor
from thidua.audit.services import record
from thidua.conferences import sealing
from thidua.conferences.audit_actions import ConferenceAction
from thidua.conferences.models import (
    BallotBox,
    Participant,
    Participation,
    Poll,
    PollMode,
    PollOption,
    PollStatus,
    Proxy,
    WrittenOpinion,
)
from thidua.conferences.services.polls import ANSWERS, lock_poll
from thidua.lib.uploads import store_upload

# -- casting --------------------------------------------------------------------------------------------


def votes_of(participant: Participant) -> list[Participant]:
    """The voters a participant may cast for: themself (if a voter) and those who gave them a proxy."""
    voters = [participant] if participant.is_voter else []
    voters += [
        proxy.voter for proxy in Proxy.objects.filter(holder=participant).select_related("voter__unit")
    ]
    return voters


def _check_choice(poll: Poll, options: list[PollOption], voter: Participant, choice: Any) -> Any:
    """The ballot's shape: chosen candidates (no more than allowed, none twice, not itself when self-votes
    are off) or an answer Y / N / A on every option. Returns the normalised choice."""
    ids = {o.pk for o in options}
    if poll.is_select:
        if not isinstance(choice, list) or not all(isinstance(x, int) for x in choice):
            raise ValidationError(_("The ballot is not readable; choose again."))
        chosen = sorted(set(choice))
        if len(chosen) != len(choice) or not set(chosen) <= ids:
            raise ValidationError(_("The ballot names a candidate twice or one that is not on the list."))
        if len(chosen) > poll.max_choices:
            raise ValidationError(
                _("Choose at most %(max)s; this ballot chooses %(count)s.")
                % {"max": poll.max_choices, "count": len(chosen)}
            )
        if not poll.allow_self_vote and voter.unit_id is not None:
            own = [o for o in options if o.pk in chosen and o.unit_id == voter.unit_id]
            if own:
                raise ValidationError(_("In this poll a member may not vote for itself."))
        return chosen
    if not isinstance(choice, dict):
        raise ValidationError(_("The ballot is not readable; choose again."))
    normalised = {str(int(k)): v for k, v in choice.items() if str(k).isdecimal()}
    if set(normalised) != {str(i) for i in ids} or not set(normalised.values()) <= ANSWERS:
        raise ValidationError(_("Answer yes, no or abstain on every item."))
    return normalised


@sensitive_variables("choice", "normalised", "receipt")
def cast_ballot(
    *, poll: Poll, participant: Participant, choice: Any, voter: Participant | None = None
) -> str:
    """Cast one ballot for `voter` (the participant itself, or an absent voter whose written proxy it
    holds). Returns the receipt code; only its hash is stored, on the ballot, never beside the voter.

    Refused: a poll that is not open or is on paper, a presser who is not checked in, a voter of
    another conference, a proxy that does not exist, a delegator who handed the vote over (unless the
    conference allows it), a malformed ballot, and a second ballot for the same voter (the database's
    unique constraint decides, also under concurrency).
    """
    voter = voter or participant
    with transaction.atomic():
        poll = lock_poll(poll)
        if poll.status != PollStatus.OPEN:
            raise ValidationError(_("This poll is not open for voting."))
        if poll.mode == PollMode.PAPER:
            raise ValidationError(_("This poll is voted on paper in the hall."))
        if poll.mode == PollMode.ACCLAMATION:
            raise ValidationError(_("This item is decided by acclamation in the hall; there is no ballot."))
        conference = poll.conference
        if participant.conference_id != conference.pk or voter.conference_id != conference.pk:
            raise ValidationError(_("You are not on the roll of this conference."))
        participant.refresh_from_db(fields=["checked_in_at", "weight"])
        voter.refresh_from_db(fields=["checked_in_at", "weight"])
        if not voter.is_voter:
            raise ValidationError(_("%(name)s has no vote in this conference.") % {"name": voter.full_name})
        if not participant.present:
            raise ValidationError(_("Check in at the conference desk before voting."))
        proxy = Proxy.objects.filter(voter=voter).first()
        if voter.pk != participant.pk:
            if proxy is None or proxy.holder_id != participant.pk:
                raise ValidationError(
                    _("You hold no written proxy for %(name)s.") % {"name": voter.full_name}
                )
        elif proxy is not None and not conference.delegator_may_vote:
            raise ValidationError(
                _("Your vote was handed to %(holder)s by a written proxy; they cast it.")
                % {"holder": proxy.holder.full_name}
            )
        options = list(poll.options.all())
        normalised = _check_choice(poll, options, voter, choice)
        receipt = sealing.new_receipt()
        _write_ballot(
            poll,
            voter=voter,
            cast_by=participant,
            choice=normalised,
            named=poll.mode == PollMode.NAMED,
            receipt=receipt,
        )
    return receipt


@sensitive_variables("choice", "receipt")
def _write_ballot(
    poll: Poll,
    *,
    voter: Participant,
    cast_by: Participant,
    choice: Any,
    receipt: str,
    named: bool = False,
    written: bool = False,
) -> None:
    """The one writer of a ballot (issue 14): the who-voted row, then the choice sealed into the poll's
    box with the receipt's hash. Called inside the caller's transaction, on a locked open poll, with a
    checked choice. The choice is stored beside the voter only when the poll is named or the opinion is
    written (public by law, R-VOTE-02); a second ballot for the same voter is refused by the database's
    unique constraint."""
    box, entries = _open_box(poll)
    try:
        with transaction.atomic():
            Participation.objects.create(
                poll=poll,
                voter=voter,
                cast_by=cast_by,
                named_choice=choice if named or written else None,
                written=written,
            )
    except IntegrityError:
        raise ValidationError(
            _("The vote of %(name)s has already been cast in this poll.") % {"name": voter.full_name}
        ) from None
    _add_to_box(box, entries, (choice, voter.weight, sealing.receipt_hash(poll.pk, receipt)))


def _open_box(poll: Poll) -> tuple[BallotBox, list[sealing.Entry]]:
    """The poll's sealed box and its entries (the poll row is locked by the caller). Unsealed before
    anything is written, so that a wrong ballot key refuses the cast instead of losing the box."""
    box = BallotBox.objects.get(poll=poll)
    return box, sealing.unseal_box(poll.pk, box.sealed)


def _add_to_box(box: BallotBox, entries: list[sealing.Entry], entry: sealing.Entry) -> None:
    box.sealed = sealing.seal_box(box.poll_id, [*entries, entry], box.width)
    box.save(update_fields=["sealed"])


@transaction.atomic
def record_written_opinion(
    *, actor: Actor, poll: Poll, voter: Participant, choice: Any, file_name: str, content: bytes | File
) -> WrittenOpinion:
    """R-VOTE-02 (NĐ 98/2023 Art 30(7)): an absent member gives its opinion in writing; the secretary
    records it with the signed letter, it is counted like a ballot and named in the minutes. Only for
    an absent voter without a proxy who has not voted; paper polls take it in their typed counts."""
    poll = lock_poll(poll)
    if poll.status != PollStatus.OPEN:
        raise ValidationError(_("This poll is not open for voting."))
    if poll.mode == PollMode.PAPER:
        raise ValidationError(_("On paper, count the written opinions with the ballots and type them in."))
    if poll.mode == PollMode.ACCLAMATION:
        raise ValidationError(_("An item decided by acclamation takes no written opinions."))
    voter.refresh_from_db()
    if voter.conference_id != poll.conference_id or not voter.is_voter:
        raise ValidationError(_("%(name)s has no vote in this conference.") % {"name": voter.full_name})
    if voter.present:
        raise ValidationError(_("%(name)s is present and votes in person.") % {"name": voter.full_name})
    if Proxy.objects.filter(voter=voter).exists():
        raise ValidationError(
            _("%(name)s gave a written proxy; the holder casts that vote.") % {"name": voter.full_name}
        )
    if not content:
        raise ValidationError(_("Attach the signed written opinion (a scan or photo)."))
    normalised = _check_choice(poll, list(poll.options.all()), voter, choice)
    # Counted like a ballot; its receipt is held by nobody (the opinion is public in the minutes).
    _write_ballot(
        poll, voter=voter, cast_by=voter, choice=normalised, receipt=sealing.new_receipt(), written=True
    )
    opinion = WrittenOpinion(poll=poll, voter=voter, choice=normalised)
    store_upload(opinion, actor=actor, name=file_name, content=content)
    opinion.save()
    record(
        actor=actor,
        action=ConferenceAction.POLL_WRITTEN_OPINION,
        obj=poll,
        after={"voter": voter.pk, "choice": normalised, "sha256": opinion.sha256},
    )
    return opinion


def absent_without_vote(poll: Poll) -> list[Participant]:
    """Voters who are absent, gave no proxy and have not voted: those whose written opinion may be recorded."""
    voted = set(Participation.objects.filter(poll=poll).values_list("voter_id", flat=True))
    proxied = set(Proxy.objects.filter(conference=poll.conference).values_list("voter_id", flat=True))
    return [
        p
        for p in poll.conference.participants.filter(weight__gt=0, checked_in_at__isnull=True).select_related(
            "unit"
        )
        if p.pk not in voted and p.pk not in proxied
    ]


def participation_count(poll: Poll) -> tuple[int, int]:
    """(ballots cast, voters on the roll): the only live figure of a secret poll."""
    voted = Participation.objects.filter(poll=poll).count()
    return voted, poll.conference.participants.filter(weight__gt=0).count()
