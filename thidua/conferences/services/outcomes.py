"""What a poll decides: closing (the ballots written one row per vote in random order, the receipt
hashes apart, sorted; docs/security.md §2), paper results, acclamation, publishing, voiding, and the
recount. Closing and publishing twice changes nothing."""

from __future__ import annotations

import random
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record
from thidua.blocks.models import BlockKind
from thidua.conferences import counting, sealing
from thidua.conferences.audit_actions import ConferenceAction
from thidua.conferences.effects import apply_result
from thidua.conferences.models import (
    Ballot,
    BallotBox,
    Poll,
    PollKind,
    PollMode,
    PollStatus,
    Receipt,
)
from thidua.conferences.results import PollResult, given
from thidua.conferences.services.polls import ANSWERS, TRANSITIONS, lock_poll, refusal
from thidua.conferences.services.roll import quorum_status
from thidua.scoring.models import RankingSnapshot

# -- closing, paper results, publishing, voiding --------------------------------------------------------


def spec_for(poll: Poll, score_ranks: dict[int, int] | None = None) -> counting.PollSpec:
    """The counting rules of the poll; the scoring ranks are read now unless given (a recount gives
    the ones frozen in the result)."""
    if score_ranks is None:
        score_ranks = _score_ranks(poll) if poll.tie_break == "score" else {}
    return counting.PollSpec(
        select=poll.is_select,
        max_choices=poll.max_choices,
        ranks_to_fill=poll.ranks_to_fill,
        threshold=poll.threshold,
        base=poll.threshold_base,
        yes_answers=poll.yes_answers,
        tie_break=poll.tie_break,
        leading_units_max=(
            poll.conference.block_year.block.leading_units_max if poll.kind == PollKind.RANKING else 1
        ),
        options=[
            counting.OptionInfo(o.pk, o.label, o.unit_id, score_ranks.get(o.unit_id) if o.unit_id else None)
            for o in poll.options.order_by("position", "id")
        ],
    )


def _score_ranks(poll: Poll) -> dict[int, int]:
    """Each unit's place in the block year's newest published scoring ranking (the configured tie-break)."""
    snapshot_ = (
        RankingSnapshot.objects.filter(block_year=poll.conference.block_year)
        .order_by("-published_at")
        .first()
    )
    if snapshot_ is None:
        return {}
    return {row["unit_id"]: row["rank"] for row in snapshot_.rows}


def _roll_numbers(poll: Poll) -> tuple[int, int]:
    quorum = quorum_status(poll.conference)
    return quorum.total, quorum.present


@transaction.atomic
def close_poll(*, actor: Actor, poll: Poll) -> Poll:
    """Open -> closed: unseal the ballots, rewrite them in random order, count and freeze the result
    with the roll's numbers at this moment. Closing a closed poll changes nothing."""
    poll = lock_poll(poll)
    if poll.status in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        return poll
    if poll.status not in TRANSITIONS["close"]:
        raise refusal("close", poll)
    if poll.mode == PollMode.PAPER:
        raise ValidationError(_("A paper poll is closed by typing in its counted results."))
    if poll.mode == PollMode.ACCLAMATION:
        raise ValidationError(_("An acclamation is closed by recording what the hall agreed."))
    votes, receipts = _unseal_and_shuffle(poll)
    spec = spec_for(poll)
    entitled, present = _roll_numbers(poll)
    result = counting.build_result(
        spec,
        counting.count_ballots(spec, [(choice, 1) for choice in votes]),
        entitled=entitled,
        present=present,
        paper=False,
        ballot_hash=counting.ballot_set_hash(votes, receipts),
        roll_fingerprint=poll.roll_fingerprint,
    )
    poll.result = result.to_json()
    poll.status = PollStatus.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["result", "status", "closed_at"])
    record(actor=actor, action=ConferenceAction.POLL_CLOSE, obj=poll, after=_audit_result(result))
    return poll


def _unseal_and_shuffle(poll: Poll) -> tuple[list[Any], list[str]]:
    """Open the poll's sealed box and write what was voted in a form no copy can join to who voted:

    - one `Ballot` row per vote (a voter of weight 3 gives three rows), so no stored weight singles a
      voter out;
    - inserted all at once in random order with random ids, so storage order (rowid, pages, ctid)
      and ids say nothing about the order of voting; on PostgreSQL all carry the closing
      transaction's xmin;
    - the receipt hashes in their own table, sorted, with no link to a ballot: a receipt never sits
      beside a clear choice (a voter cannot prove a choice with it, nor can a copy join through it).

    Then the box is deleted. Returns the votes (in the shuffled order) and the sorted receipt hashes.
    """
    box = BallotBox.objects.filter(poll=poll).first()
    entries = sealing.unseal_box(poll.pk, box.sealed) if box is not None else []
    votes = [choice for choice, weight, _receipt in entries for _ in range(weight)]
    random.SystemRandom().shuffle(votes)
    receipts = sorted(receipt for _choice, _weight, receipt in entries)
    Ballot.objects.bulk_create(Ballot(poll=poll, choice=choice) for choice in votes)
    Receipt.objects.bulk_create(Receipt(poll=poll, hash=receipt) for receipt in receipts)
    if box is not None:
        box.delete()
    return votes, receipts


def _audit_result(result: PollResult | None) -> dict[str, Any]:
    """The figures the audit keeps of a result (None where the result has none)."""
    if result is None:
        return dict.fromkeys(
            ("entitled", "present", "cast", "valid", "ballot_set_hash", "roll_fingerprint", "places")
        )
    return {
        "entitled": result.entitled,
        "present": result.present,
        "cast": given(result.cast),
        "valid": given(result.valid),
        "ballot_set_hash": given(result.ballot_set_hash),
        "roll_fingerprint": result.roll_fingerprint,
        "places": None if (places := given(result.places)) is None else [p.to_json() for p in places],
    }


@transaction.atomic
def enter_paper_result(
    *,
    actor: Actor,
    poll: Poll,
    cast: int,
    invalid: int = 0,
    votes: dict[int, int] | None = None,
    answers: dict[int, dict[str, int]] | None = None,
) -> Poll:
    """The secretary types in the counted paper ballots; the poll closes with that result. A typing
    mistake can be corrected until publication (each entry is audited)."""
    poll = lock_poll(poll)
    if poll.mode != PollMode.PAPER:
        raise ValidationError(_("Only paper polls take typed-in results."))
    if poll.status not in TRANSITIONS["enter_paper"]:
        raise refusal("enter_paper", poll)
    entitled, present = _roll_numbers(poll)
    option_ids = list(poll.options.order_by("position", "id").values_list("id", flat=True))
    errors: list[str] = []
    if cast < 0 or invalid < 0:
        errors.append(_("Counts cannot be negative."))
    if cast > present:
        errors.append(
            _("%(cast)s ballots cast, but only %(present)s votes are present.")
            % {"cast": cast, "present": present}
        )
    if invalid > cast:
        errors.append(_("More invalid ballots than ballots cast."))
    valid = cast - invalid
    blank = 0
    if poll.is_select:
        votes = {int(k): v for k, v in (votes or {}).items()}
        if set(votes) != set(option_ids):
            errors.append(_("Type in the votes of every candidate."))
        elif any(v < 0 for v in votes.values()):
            errors.append(_("Counts cannot be negative."))
        else:
            for option in poll.options.all():
                if votes[option.pk] > valid:
                    errors.append(
                        _("%(label)s has more votes than there are valid ballots.") % {"label": option.label}
                    )
            if sum(votes.values()) > valid * poll.max_choices:
                errors.append(_("The votes add up to more than the valid ballots allow."))
    else:
        answers = {int(k): v for k, v in (answers or {}).items()}
        if set(answers) != set(option_ids):
            errors.append(_("Type in the yes, no and abstain counts of every item."))
        else:
            for option in poll.options.all():
                row = answers[option.pk]
                if any(row.get(key, 0) < 0 for key in ANSWERS):
                    errors.append(_("Counts cannot be negative."))
                elif sum(row.get(key, 0) for key in ANSWERS) > valid:
                    errors.append(
                        _("%(label)s: yes, no and abstain add up to more than the valid ballots.")
                        % {"label": option.label}
                    )
    if errors:
        raise ValidationError(errors)
    counts = {
        "cast": cast,
        "invalid": invalid,
        "blank": blank,
        "votes": votes if poll.is_select else None,
        "answers": None
        if poll.is_select
        else {k: {a: v.get(a, 0) for a in ANSWERS} for k, v in (answers or {}).items()},
    }
    before = _audit_result(poll.outcome) if poll.result else None
    result = counting.build_result(
        spec_for(poll),
        counts,
        entitled=entitled,
        present=present,
        paper=True,
        roll_fingerprint=poll.roll_fingerprint,
    )
    poll.result = result.to_json()
    poll.status = PollStatus.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["result", "status", "closed_at"])
    record(
        actor=actor,
        action=ConferenceAction.POLL_PAPER_RESULT,
        obj=poll,
        before=before,
        after={**_audit_result(result), "counts": counts},
    )
    return poll


@transaction.atomic
def decide_by_acclamation(
    *, actor: Actor, poll: Poll, chosen: list[int], places: list[int] | None = None
) -> Poll:
    """Record what the hall agreed by acclamation (suy tôn bằng hình thức biểu quyết công khai, vỗ tay;
    issue 12 item 10): no ballots, no counts. The poll, open with its quorum present (R-VOTE-01),
    closes with the agreed options: for a ranking the units in their places (`places`, default 1, 2,
    ... in the order given; several at place 1 only as the block's `leading_units_max` allows, Law
    Art 26(1)), for an election the one leader (R-BLK-01) or the deputies in order, for proposals
    and questions the items approved. Correctable until publication; each entry is audited, and
    publishing flows on as for a counted vote, the standings marked as decided by acclamation."""
    poll = lock_poll(poll)
    if poll.mode != PollMode.ACCLAMATION:
        raise ValidationError(_("Only a poll decided by acclamation takes its outcome this way."))
    if poll.status not in TRANSITIONS["acclamation"]:
        raise refusal("acclamation", poll)
    option_ids = set(poll.options.values_list("id", flat=True))
    errors: list[str] = []
    if len(set(chosen)) != len(chosen) or not set(chosen) <= option_ids:
        errors.append(_("The outcome names an item twice or one that is not on the list."))
    agreed: dict[int, int | None] = {}
    if poll.is_select:
        if places is None:
            places = list(range(1, len(chosen) + 1))
        if len(places) != len(chosen):
            errors.append(_("Give one place for each agreed candidate."))
        elif not chosen:
            errors.append(_("Choose the candidates the conference agreed on."))
        else:
            agreed = dict(zip(chosen, places, strict=True))
            if any(place < 1 or place > poll.ranks_to_fill for place in places):
                errors.append(
                    _("Places run from 1 to %(n)s (the poll's places to fill).") % {"n": poll.ranks_to_fill}
                )
            first = sum(1 for place in places if place == 1)
            most = poll.conference.block_year.block.leading_units_max if poll.kind == PollKind.RANKING else 1
            if first == 0:
                errors.append(_("One candidate takes place 1."))
            elif first > most:
                errors.append(
                    _("At most %(n)s candidate(s) may take place 1 in this poll; %(given)s were given.")
                    % {"n": most, "given": first}
                )
            if poll.kind == PollKind.LEADER and len(chosen) != 1:
                errors.append(
                    _("A cluster year has one cluster leader: choose one.")
                    if poll.conference.block_year.block.kind == BlockKind.CLUSTER
                    else _("A block year has one leader: choose one.")
                )
    else:
        agreed = dict.fromkeys(chosen)
    if errors:
        raise ValidationError(errors)
    entitled, present = _roll_numbers(poll)
    before = _audit_result(poll.outcome) if poll.result else None
    result = counting.acclamation_result(
        spec_for(poll), agreed, entitled=entitled, present=present, roll_fingerprint=poll.roll_fingerprint
    )
    poll.result = result.to_json()
    poll.status = PollStatus.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["result", "status", "closed_at"])
    record(
        actor=actor,
        action=ConferenceAction.POLL_ACCLAMATION,
        obj=poll,
        before=before,
        after={**_audit_result(result), "agreed": [[k, v] for k, v in agreed.items()]},
    )
    return poll


@transaction.atomic
def publish_poll(*, actor: Actor, poll: Poll) -> Poll:
    """Closed -> published, and the result flows on (standings, next year's leadership). Publishing a
    published poll changes nothing."""
    poll = lock_poll(poll)
    if poll.status == PollStatus.PUBLISHED:
        return poll
    if poll.status not in TRANSITIONS["publish"]:
        raise refusal("publish", poll)
    poll.status = PollStatus.PUBLISHED
    poll.published_at = timezone.now()
    poll.save(update_fields=["status", "published_at"])
    record(actor=actor, action=ConferenceAction.POLL_PUBLISH, obj=poll, after=_audit_result(poll.outcome))
    apply_result(actor=actor, poll=poll)
    return poll


@transaction.atomic
def void_poll(*, actor: Actor, poll: Poll, reason: str) -> Poll:
    """Void a poll that has not been published; it and its ballots stay in the record with the reason."""
    poll = lock_poll(poll)
    if poll.status not in TRANSITIONS["void"]:
        raise refusal("void", poll)
    if not reason.strip():
        raise ValidationError({"void_reason": _("Say why the poll is voided.")})
    before = {"status": poll.status}
    if poll.status == PollStatus.OPEN and poll.has_ballots:
        # Unseal (without counting) so that the record keeps readable ballots in random order.
        _unseal_and_shuffle(poll)
    poll.status = PollStatus.VOID
    poll.voided_at = timezone.now()
    poll.void_reason = reason.strip()
    poll.save(update_fields=["status", "voided_at", "void_reason"])
    record(
        actor=actor,
        action=ConferenceAction.POLL_VOID,
        obj=poll,
        before=before,
        after={"status": poll.status, "reason": poll.void_reason},
    )
    return poll


# -- recount and receipts --------------------------------------------------------------------------------


def recount(poll: Poll) -> PollResult | None:
    """Recompute a closed or published electronic poll's result from its stored ballots, with the roll
    numbers frozen at closing. None for paper polls (their counts were typed in)."""
    outcome = poll.outcome
    if outcome is None or outcome.paper or outcome.by_acclamation:
        return None
    votes = list(Ballot.objects.filter(poll=poll).values_list("choice", flat=True))
    receipts = list(Receipt.objects.filter(poll=poll).values_list("hash", flat=True))
    frozen = {o.unit_id: o.score_rank for o in outcome.options if o.score_rank and o.unit_id is not None}
    spec = spec_for(poll, score_ranks=frozen)
    return counting.build_result(
        spec,
        counting.count_ballots(spec, [(choice, 1) for choice in votes]),
        entitled=outcome.entitled,
        present=outcome.present,
        paper=False,
        ballot_hash=counting.ballot_set_hash(votes, receipts),
        roll_fingerprint=poll.roll_fingerprint,
    )


def accepted_receipts(poll: Poll) -> list[str]:
    """The published list of accepted receipts (their hashes), sorted: never next to a choice."""
    if poll.status != PollStatus.PUBLISHED or not poll.has_ballots:
        return []
    return sorted(Receipt.objects.filter(poll=poll).values_list("hash", flat=True))


def receipt_listed(poll: Poll, code: str) -> bool:
    """Whether a receipt code is among a published poll's accepted receipts (works after the
    conference has closed; the public check page asks it without a login)."""
    return (
        poll.status == PollStatus.PUBLISHED
        and Receipt.objects.filter(poll=poll, hash=sealing.receipt_hash(poll.pk, code)).exists()
    )
