"""The life of a poll: draft -> open -> closed -> published (or voided, kept in the record).

One service per transition, each locking the poll row and checking the state in the table below
(voting-scoring.md C2). Settings change only in draft (the question's wording at any time); closing
and publishing twice changes nothing. Casting a secret ballot writes who voted, adds the choice to
the poll's sealed ballot box (no row of its own, so no storage order to match; `models.BallotBox`)
and hands the delegate a receipt code; nothing is logged of the choice. Closing writes the ballots
one row per vote in random order and the receipt hashes apart, sorted (docs/security.md).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from thidua.audit.services import record, snapshot
from thidua.awards.rules import blocking_conditions
from thidua.blocks.models import BlockKind
from thidua.blocks.services import check_rotation
from thidua.conferences import counting, sealing
from thidua.conferences.effects import apply_result
from thidua.conferences.models import (
    SELECT_KINDS,
    Ballot,
    BallotBox,
    Conference,
    ConferenceStatus,
    Participant,
    Participation,
    Poll,
    PollKind,
    PollMode,
    PollOption,
    PollStatus,
    Proxy,
    Receipt,
    ThresholdBase,
    WrittenOpinion,
)
from thidua.conferences.services import quorum_status
from thidua.lib.fields import apply_fields
from thidua.lib.uploads import store_upload
from thidua.orgs.models import Position, Unit
from thidua.scoring.models import RankingSnapshot

SETTINGS = [
    "mode",
    "title",
    "description",
    "max_choices",
    "ranks_to_fill",
    "threshold_numerator",
    "threshold_denominator",
    "threshold_comparison",
    "threshold_base",
    "yes_answers",
    "allow_self_vote",
    "tie_break",
]
ALWAYS_EDITABLE = {"title", "description"}

# Which states each transition starts from (the one table of allowed transitions, STYLE.md).
TRANSITIONS: dict[str, set[str]] = {
    "open": {PollStatus.DRAFT},
    "close": {PollStatus.OPEN},
    "enter_paper": {PollStatus.OPEN, PollStatus.CLOSED},
    "acclamation": {PollStatus.OPEN, PollStatus.CLOSED},
    "publish": {PollStatus.CLOSED},
    "void": {PollStatus.DRAFT, PollStatus.OPEN, PollStatus.CLOSED},
}

ANSWERS = {"Y", "N", "A"}


def _refuse(action: str, poll: Poll) -> ValidationError:
    messages = {
        "open": _("Only a draft poll can be opened; this one is %(status)s."),
        "close": _("Only an open poll can be closed; this one is %(status)s."),
        "enter_paper": _(
            "Counted results are typed in while a paper poll is open or closed; this one is %(status)s."
        ),
        "acclamation": _(
            "The outcome of an acclamation is recorded while the poll is open or closed; this one is %(status)s."
        ),
        "publish": _("Only a closed poll can be published; this one is %(status)s."),
        "void": _("A poll that is %(status)s cannot be voided."),
    }
    return ValidationError(messages[action] % {"status": poll.get_status_display().lower()})


def _locked(poll: Poll) -> Poll:
    return Poll.objects.select_for_update().select_related("conference__block_year__block").get(pk=poll.pk)


# -- candidates and defaults ---------------------------------------------------------------------------


def leader_candidates(conference: Conference) -> tuple[list[Unit], list[tuple[Unit, str]]]:
    """Members that may lead next year under the block's rotation rule (R-BLK-02), and those that may
    not, with the reason."""
    block_year = conference.block_year
    eligible: list[Unit] = []
    excluded: list[tuple[Unit, str]] = []
    for membership in block_year.memberships.select_related("unit").order_by("unit__name_sort"):
        try:
            check_rotation(block_year.block, block_year.year + 1, membership.unit)
        except ValidationError as exc:
            excluded.append((membership.unit, " ".join(exc.messages)))
        else:
            eligible.append(membership.unit)
    return eligible, excluded


def default_title(kind: str, year: int, block_kind: str = BlockKind.BLOCK) -> str:
    """The poll's question from its kind and year, in the block's words: "Bầu Khối trưởng năm 2025", or
    "Bầu Cụm trưởng năm 2025" for a cluster (issue 12 item 5)."""
    cluster = block_kind == BlockKind.CLUSTER
    titles = {
        PollKind.RANKING: _("Honouring the leading unit and the ranks of %(year)s"),
        PollKind.LEADER: _("Electing the cluster leader (Cụm trưởng) for %(next)s")
        if cluster
        else _("Electing the block leader (Khối trưởng) for %(next)s"),
        PollKind.DEPUTY: _("Electing the cluster deputy (Cụm phó) for %(next)s")
        if cluster
        else _("Electing the deputy (Khối phó) for %(next)s"),
        PollKind.PROPOSALS: _("Award proposals of %(year)s"),
        PollKind.QUESTION: _("Approving the summary report of %(year)s"),
    }
    return titles[PollKind(kind)] % {"year": year, "next": year + 1}


def _default_options(conference: Conference, kind: str) -> list[tuple[str, Unit | None]]:
    block_year = conference.block_year
    members = [m.unit for m in block_year.memberships.select_related("unit").order_by("unit__name_sort")]
    if kind == PollKind.LEADER:
        blocked = {u.pk for u, _reason in blocked_units(conference)}
        return [(str(unit), unit) for unit in leader_candidates(conference)[0] if unit.pk not in blocked]
    if kind == PollKind.DEPUTY:
        elected = _published_winner(conference, PollKind.LEADER)
        return [(str(unit), unit) for unit in members if elected is None or unit.pk != elected]
    if kind == PollKind.RANKING:
        blocked = {u.pk for u, _reason in blocked_units(conference)}
        return [(str(unit), unit) for unit in members if unit.pk not in blocked]
    return []


@dataclass(frozen=True)
class Proposal:
    """An award proposal put to the conference: a title or form for one unit or one person."""

    award_type: Any
    unit: Unit | None = None
    person: Any = None

    @property
    def label(self) -> str:
        return f"{self.award_type} — {self.unit if self.unit is not None else self.person}"


def conference_day(conference: Conference) -> datetime.date:
    """The day blocking conditions and eligibility are taken on: the conference's date; when it is
    not known (issue 12 item 2), the day the session was opened in thidua, else today."""
    if conference.day is not None:
        return conference.day
    if conference.opened_at is not None:
        return timezone.localtime(conference.opened_at).date()
    return timezone.localdate()


def blocked_units(conference: Conference) -> list[tuple[Unit, str]]:
    """Members under a blocking condition on the conference's day (an open case, a running discipline
    period): R-BLK-07 (NĐ 152/2025 Art 4(4)): they cannot be elected the leading unit nor proposed."""
    day = conference_day(conference)
    found = []
    for membership in conference.block_year.memberships.select_related("unit").order_by("unit__name_sort"):
        conditions = blocking_conditions(unit=membership.unit, on=day)
        if conditions:
            found.append((membership.unit, "; ".join(c.description for c in conditions)))
    return found


def _refuse_blocked(conference: Conference, units: list[Unit]) -> None:
    """R-BLK-07: a unit under a blocking condition cannot be a candidate for the leading unit or leader."""
    blocked = {unit.pk: reason for unit, reason in blocked_units(conference)}
    named = [f"{unit} ({blocked[unit.pk]})" for unit in units if unit.pk in blocked]
    if named:
        raise ValidationError(
            _(
                "These members are under an open case or discipline and cannot be candidates "
                "(Decree 152/2025/NĐ-CP, Article 4(4)): %(units)s."
            )
            % {"units": "; ".join(named)}
        )


def check_proposal(conference: Conference, proposal: Proposal) -> None:
    """A proposal names one unit (a member, or a sub-unit of one) for a collective title or form, or
    one person working in a member's unit that year for an individual one; nobody under a blocking
    condition on the conference's day (R-GEN-01, R-BLK-07; NĐ 152/2025 Art 4(4))."""
    award_type = proposal.award_type
    if (proposal.unit is None) == (proposal.person is None):
        raise ValidationError(_("An award proposal names one unit or one person."))
    members = list(conference.block_year.memberships.values_list("unit_id", flat=True))
    allowed_units: set[int] = set()
    for member in members:
        allowed_units |= Unit.objects.tree_ids(member)
    year = conference.block_year.year
    if proposal.unit is not None:
        if not award_type.for_collectives:
            raise ValidationError(_("%(award)s is for individuals, not for a unit.") % {"award": award_type})
        if proposal.unit.pk not in allowed_units:
            raise ValidationError(
                _("%(unit)s is neither a member of the block in %(year)s nor a sub-unit of one.")
                % {"unit": proposal.unit, "year": year}
            )
        conditions = blocking_conditions(unit=proposal.unit, on=conference_day(conference))
    else:
        if not award_type.for_individuals:
            raise ValidationError(
                _("%(award)s is for collectives, not for a person.") % {"award": award_type}
            )
        worked = Position.objects.filter(
            person=proposal.person,
            unit_id__in=allowed_units,
            start__lte=datetime.date(year, 12, 31),
        ).exclude(end__lt=datetime.date(year, 1, 1))
        if not worked.exists():
            raise ValidationError(
                _("%(person)s did not work in a member unit of the block in %(year)s.")
                % {"person": proposal.person, "year": year}
            )
        conditions = blocking_conditions(person=proposal.person, on=conference_day(conference))
    if conditions:
        raise ValidationError(
            _("%(candidate)s cannot be proposed now: %(reasons)s.")
            % {
                "candidate": proposal.unit or proposal.person,
                "reasons": "; ".join(c.description for c in conditions),
            }
        )


@transaction.atomic
def add_proposal(*, actor: Any, poll: Poll, proposal: Proposal) -> PollOption:
    """Add one proposal to a draft proposals poll."""
    poll = _locked(poll)
    if poll.kind != PollKind.PROPOSALS or poll.status != PollStatus.DRAFT:
        raise ValidationError(_("Proposals are added to a draft poll of award proposals."))
    check_proposal(poll.conference, proposal)
    duplicate = poll.options.filter(
        award_type=proposal.award_type, unit=proposal.unit, person=proposal.person
    )
    if duplicate.exists():
        raise ValidationError(_("This proposal is already on the list."))
    option = PollOption(
        poll=poll,
        position=poll.options.count() + 1,
        label=proposal.label[:255],
        unit=proposal.unit,
        person=proposal.person,
        award_type=proposal.award_type,
    )
    option.full_clean()
    option.save()
    record(actor=actor, action="poll.proposal", obj=poll, after={"option": option.label})
    return option


@transaction.atomic
def remove_option(*, actor: Any, poll: Poll, option: PollOption) -> None:
    poll = _locked(poll)
    if poll.status != PollStatus.DRAFT or option.poll_id != poll.pk:
        raise ValidationError(_("The poll's settings can change only while it is a draft."))
    label = option.label
    option.delete()
    record(actor=actor, action="poll.option_remove", obj=poll, before={"option": label})


def _published_winner(conference: Conference, kind: str) -> int | None:
    poll = conference.polls.filter(kind=kind, status=PollStatus.PUBLISHED).order_by("-published_at").first()
    if poll is None or not poll.result:
        return None
    firsts = [p["unit_id"] for p in poll.result.get("places", []) if p["place"] == 1]
    return firsts[0] if firsts else None


@transaction.atomic
def create_poll(
    *,
    actor: Any,
    conference: Conference,
    kind: str,
    options: list[tuple[str, Unit | None]] | None = None,
    proposals: list[Proposal] | None = None,
    **values: Any,
) -> Poll:
    """A draft poll. Candidates default to the members (the rotation rule filters next year's leader);
    a yes / no question without options asks its own title."""
    if conference.status == ConferenceStatus.CLOSED:
        raise ValidationError(_("The conference is closed; nothing more can be changed."))
    poll = Poll(conference=conference, kind=kind)
    apply_fields(poll, values, SETTINGS)
    year = conference.block_year.year
    if not poll.title:
        poll.title = default_title(kind, year, conference.block_year.block.kind)
    if kind == PollKind.RANKING and "max_choices" not in values:
        poll.max_choices = 3
    if kind == PollKind.RANKING and "ranks_to_fill" not in values:
        poll.ranks_to_fill = 3
    if kind == PollKind.PROPOSALS and not proposals:
        raise ValidationError(_("Add at least one award proposal to put to the vote."))
    poll.position = conference.polls.count() + 1
    if kind == PollKind.PROPOSALS:
        for proposal in proposals or []:
            check_proposal(conference, proposal)
        option_rows = [(proposal.label, proposal.unit) for proposal in proposals or []]
    else:
        option_rows = options if options is not None else _default_options(conference, kind)
    if kind == PollKind.QUESTION and not option_rows:
        option_rows = [(poll.title, None)]
    if kind in (PollKind.RANKING, PollKind.LEADER):
        _refuse_blocked(conference, [unit for _label, unit in option_rows if unit is not None])
    _check_settings(poll, len(option_rows))
    poll.full_clean()
    poll.save()
    if kind == PollKind.PROPOSALS:
        PollOption.objects.bulk_create(
            PollOption(
                poll=poll,
                position=index,
                label=p.label[:255],
                unit=p.unit,
                person=p.person,
                award_type=p.award_type,
            )
            for index, p in enumerate(proposals or [], start=1)
        )
    else:
        PollOption.objects.bulk_create(
            PollOption(poll=poll, position=index, label=label[:255], unit=unit)
            for index, (label, unit) in enumerate(option_rows, start=1)
        )
    record(
        actor=actor,
        action="poll.create",
        obj=poll,
        after={**snapshot(poll), "options": [label for label, _u in option_rows]},
    )
    return poll


def _check_settings(poll: Poll, option_count: int) -> None:
    errors: dict[str, list[str]] = {}
    if option_count == 0:
        errors.setdefault("__all__", []).append(_("The poll has no candidates or questions."))
    if poll.kind in SELECT_KINDS:
        if poll.max_choices > max(option_count, 1):
            errors.setdefault("max_choices", []).append(
                _("A ballot cannot choose more candidates (%(max)s) than there are (%(count)s).")
                % {"max": poll.max_choices, "count": option_count}
            )
        if poll.ranks_to_fill > poll.max_choices and poll.kind != PollKind.RANKING:
            errors.setdefault("ranks_to_fill", []).append(_("More places than a ballot may choose."))
        if poll.ranks_to_fill > max(option_count, 1):
            errors.setdefault("ranks_to_fill", []).append(_("More places than candidates."))
        if poll.kind == PollKind.LEADER and poll.ranks_to_fill != 1:
            errors.setdefault("ranks_to_fill", []).append(_("A block year has one leader."))
    if poll.threshold_denominator == 0 or poll.threshold_numerator > poll.threshold_denominator:
        errors.setdefault("threshold_numerator", []).append(
            _("The threshold is a fraction no larger than 1, e.g. 1/2 or 2/3.")
        )
    elif poll.threshold_numerator == 0:
        # A threshold of 0 would pass every candidate, even one nobody voted for (issue 12 item 10).
        errors.setdefault("threshold_numerator", []).append(
            _("A threshold of 0 passes everything without a single vote; give a share above 0, e.g. 1/2.")
        )
    if (
        poll.mode == PollMode.NAMED
        and poll.kind in SELECT_KINDS
        and poll.threshold_base == ThresholdBase.YES_NO
    ):
        errors.setdefault("threshold_base", []).append(
            _("Choosing candidates has no yes and no answers; choose another base.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_poll(*, actor: Any, poll: Poll, **values: Any) -> Poll:
    """Settings change only while the poll is a draft; the wording of the question at any time."""
    poll = _locked(poll)
    changed = {name for name, value in values.items() if getattr(poll, name) != value}
    if poll.status != PollStatus.DRAFT and changed - ALWAYS_EDITABLE:
        raise ValidationError(_("The poll's settings can change only while it is a draft."))
    before = snapshot(poll)
    apply_fields(poll, values, SETTINGS)
    _check_settings(poll, poll.options.count())
    poll.full_clean()
    poll.save()
    record(actor=actor, action="poll.update", obj=poll, before=before, after=snapshot(poll))
    return poll


@transaction.atomic
def set_options(*, actor: Any, poll: Poll, options: list[tuple[str, Unit | None]]) -> Poll:
    poll = _locked(poll)
    if poll.status != PollStatus.DRAFT:
        raise ValidationError(_("The poll's settings can change only while it is a draft."))
    member_ids = set(poll.conference.block_year.memberships.values_list("unit_id", flat=True))
    outsiders = [str(unit) for _label, unit in options if unit is not None and unit.pk not in member_ids]
    if outsiders:
        raise ValidationError(
            _("Only members of the block this year can be candidates: %(units)s.")
            % {"units": ", ".join(outsiders)}
        )
    if poll.kind in (PollKind.RANKING, PollKind.LEADER):
        _refuse_blocked(poll.conference, [unit for _label, unit in options if unit is not None])
    if poll.kind == PollKind.LEADER:
        allowed = {u.pk for u in leader_candidates(poll.conference)[0]}
        refused = [str(unit) for _l, unit in options if unit is not None and unit.pk not in allowed]
        if refused:
            raise ValidationError(
                _("The rotation rule does not let these members lead next year: %(units)s.")
                % {"units": ", ".join(refused)}
            )
    _check_settings(poll, len(options))
    poll.options.all().delete()
    PollOption.objects.bulk_create(
        PollOption(poll=poll, position=index, label=label[:255], unit=unit)
        for index, (label, unit) in enumerate(options, start=1)
    )
    record(actor=actor, action="poll.options", obj=poll, after={"options": [label for label, _u in options]})
    return poll


# -- opening: quorum and the roll's fingerprint --------------------------------------------------------


def roll_fingerprint(poll: Poll) -> str:
    """SHA-256 of the poll's settings, options and roll (voters, weights, presence, proxies)."""
    conference = poll.conference
    proxies = dict(Proxy.objects.filter(conference=conference).values_list("voter_id", "holder_id"))
    data = {
        "poll": poll.pk,
        "kind": poll.kind,
        "mode": poll.mode,
        "threshold": [
            poll.threshold_numerator,
            poll.threshold_denominator,
            poll.threshold_comparison,
            poll.threshold_base,
            poll.yes_answers,
        ],
        "max_choices": poll.max_choices,
        "options": list(poll.options.order_by("position", "id").values_list("id", "label", "unit_id")),
        "voters": [
            [p.pk, p.unit_id, p.weight, p.present, proxies.get(p.pk)]
            for p in conference.participants.filter(weight__gt=0).order_by("id")
        ],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@transaction.atomic
def open_poll(*, actor: Any, poll: Poll) -> Poll:
    """Draft -> open, once the conference is in session and its quorum is present (R-VOTE-01, Bắc Ninh
    QĐ 86/2025 Art 8(4)(b) as a per-conference setting). The roll and the options are fingerprinted."""
    poll = _locked(poll)
    if poll.status == PollStatus.OPEN:
        return poll
    if poll.status not in TRANSITIONS["open"]:
        raise _refuse("open", poll)
    conference = poll.conference
    if conference.status != ConferenceStatus.IN_SESSION:
        raise ValidationError(_("Start the conference (check-in) before opening a poll."))
    if conference.polls.filter(status=PollStatus.OPEN).exclude(pk=poll.pk).exists():
        raise ValidationError(_("Another poll is open; close it first."))
    quorum = quorum_status(conference)
    if not quorum.verdict.passed:
        raise ValidationError(
            _("No quorum: it needs %(needed)s of %(total)s votes present, %(present)s are present.")
            % {"needed": quorum.verdict.needed, "total": quorum.total, "present": quorum.present}
        )
    _check_settings(poll, poll.options.count())
    poll.status = PollStatus.OPEN
    poll.opened_at = timezone.now()
    poll.roll_fingerprint = roll_fingerprint(poll)
    poll.save(update_fields=["status", "opened_at", "roll_fingerprint"])
    if poll.has_ballots:
        width = sealing.entry_width(
            list(poll.options.values_list("pk", flat=True)), poll.max_choices, poll.is_select
        )
        BallotBox.objects.create(poll=poll, sealed=sealing.seal_box(poll.pk, [], width), width=width)
    record(
        actor=actor,
        action="poll.open",
        obj=poll,
        after={"roll_fingerprint": poll.roll_fingerprint, "present": quorum.present, "total": quorum.total},
    )
    return poll


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
        poll = _locked(poll)
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
    *, actor: Any, poll: Poll, voter: Participant, choice: Any, file_name: str, content: bytes | File
) -> WrittenOpinion:
    """R-VOTE-02 (NĐ 98/2023 Art 30(7)): an absent member gives its opinion in writing; the secretary
    records it with the signed letter, it is counted like a ballot and named in the minutes. Only for
    an absent voter without a proxy who has not voted; paper polls take it in their typed counts."""
    poll = _locked(poll)
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
        action="poll.written_opinion",
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
def close_poll(*, actor: Any, poll: Poll) -> Poll:
    """Open -> closed: unseal the ballots, rewrite them in random order, count and freeze the result
    with the roll's numbers at this moment. Closing a closed poll changes nothing."""
    poll = _locked(poll)
    if poll.status in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        return poll
    if poll.status not in TRANSITIONS["close"]:
        raise _refuse("close", poll)
    if poll.mode == PollMode.PAPER:
        raise ValidationError(_("A paper poll is closed by typing in its counted results."))
    if poll.mode == PollMode.ACCLAMATION:
        raise ValidationError(_("An acclamation is closed by recording what the hall agreed."))
    votes, receipts = _unseal_and_shuffle(poll)
    spec = spec_for(poll)
    entitled, present = _roll_numbers(poll)
    poll.result = counting.build_result(
        spec,
        counting.count_ballots(spec, [(choice, 1) for choice in votes]),
        entitled=entitled,
        present=present,
        paper=False,
        ballot_hash=counting.ballot_set_hash(votes, receipts),
        roll_fingerprint=poll.roll_fingerprint,
    )
    poll.status = PollStatus.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["result", "status", "closed_at"])
    record(actor=actor, action="poll.close", obj=poll, after=_audit_result(poll))
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


def _audit_result(poll: Poll) -> dict[str, Any]:
    result = poll.result or {}
    return {
        key: result.get(key)
        for key in ("entitled", "present", "cast", "valid", "ballot_set_hash", "roll_fingerprint", "places")
    }


@transaction.atomic
def enter_paper_result(
    *,
    actor: Any,
    poll: Poll,
    cast: int,
    invalid: int = 0,
    votes: dict[int, int] | None = None,
    answers: dict[int, dict[str, int]] | None = None,
) -> Poll:
    """The secretary types in the counted paper ballots; the poll closes with that result. A typing
    mistake can be corrected until publication (each entry is audited)."""
    poll = _locked(poll)
    if poll.mode != PollMode.PAPER:
        raise ValidationError(_("Only paper polls take typed-in results."))
    if poll.status not in TRANSITIONS["enter_paper"]:
        raise _refuse("enter_paper", poll)
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
    before = _audit_result(poll) if poll.result else None
    poll.result = counting.build_result(
        spec_for(poll),
        counts,
        entitled=entitled,
        present=present,
        paper=True,
        roll_fingerprint=poll.roll_fingerprint,
    )
    poll.status = PollStatus.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["result", "status", "closed_at"])
    record(
        actor=actor,
        action="poll.paper_result",
        obj=poll,
        before=before,
        after={**_audit_result(poll), "counts": counts},
    )
    return poll


@transaction.atomic
def decide_by_acclamation(
    *, actor: Any, poll: Poll, chosen: list[int], places: list[int] | None = None
) -> Poll:
    """Record what the hall agreed by acclamation (suy tôn bằng hình thức biểu quyết công khai, vỗ tay;
    issue 12 item 10): no ballots, no counts. The poll, open with its quorum present (R-VOTE-01),
    closes with the agreed options: for a ranking the units in their places (`places`, default 1, 2,
    ... in the order given; several at place 1 only as the block's `leading_units_max` allows, Law
    Art 26(1)), for an election the one leader (R-BLK-01) or the deputies in order, for proposals
    and questions the items approved. Correctable until publication; each entry is audited, and
    publishing flows on as for a counted vote, the standings marked as decided by acclamation."""
    poll = _locked(poll)
    if poll.mode != PollMode.ACCLAMATION:
        raise ValidationError(_("Only a poll decided by acclamation takes its outcome this way."))
    if poll.status not in TRANSITIONS["acclamation"]:
        raise _refuse("acclamation", poll)
    option_ids = set(poll.options.values_list("id", flat=True))
    errors: list[str] = []
    if len(set(chosen)) != len(chosen) or not set(chosen) <= option_ids:
        errors.append(_("The outcome names an item twice or one that is not on the list."))
    given: dict[int, int | None] = {}
    if poll.is_select:
        if places is None:
            places = list(range(1, len(chosen) + 1))
        if len(places) != len(chosen):
            errors.append(_("Give one place for each agreed candidate."))
        elif not chosen:
            errors.append(_("Choose the candidates the conference agreed on."))
        else:
            given = dict(zip(chosen, places, strict=True))
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
        given = dict.fromkeys(chosen)
    if errors:
        raise ValidationError(errors)
    entitled, present = _roll_numbers(poll)
    before = _audit_result(poll) if poll.result else None
    poll.result = counting.acclamation_result(
        spec_for(poll), given, entitled=entitled, present=present, roll_fingerprint=poll.roll_fingerprint
    )
    poll.status = PollStatus.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["result", "status", "closed_at"])
    record(
        actor=actor,
        action="poll.acclamation",
        obj=poll,
        before=before,
        after={**_audit_result(poll), "agreed": [[k, v] for k, v in given.items()]},
    )
    return poll


@transaction.atomic
def publish_poll(*, actor: Any, poll: Poll) -> Poll:
    """Closed -> published, and the result flows on (standings, next year's leadership). Publishing a
    published poll changes nothing."""
    poll = _locked(poll)
    if poll.status == PollStatus.PUBLISHED:
        return poll
    if poll.status not in TRANSITIONS["publish"]:
        raise _refuse("publish", poll)
    poll.status = PollStatus.PUBLISHED
    poll.published_at = timezone.now()
    poll.save(update_fields=["status", "published_at"])
    record(actor=actor, action="poll.publish", obj=poll, after=_audit_result(poll))
    apply_result(actor=actor, poll=poll)
    return poll


@transaction.atomic
def void_poll(*, actor: Any, poll: Poll, reason: str) -> Poll:
    """Void a poll that has not been published; it and its ballots stay in the record with the reason."""
    poll = _locked(poll)
    if poll.status not in TRANSITIONS["void"]:
        raise _refuse("void", poll)
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
        action="poll.void",
        obj=poll,
        before=before,
        after={"status": poll.status, "reason": poll.void_reason},
    )
    return poll


# -- recount and receipts --------------------------------------------------------------------------------


def recount(poll: Poll) -> dict[str, Any] | None:
    """Recompute a closed or published electronic poll's result from its stored ballots, with the roll
    numbers frozen at closing. None for paper polls (their counts were typed in)."""
    if not poll.result or poll.result.get("paper") or poll.result.get("acclamation"):
        return None
    votes = list(Ballot.objects.filter(poll=poll).values_list("choice", flat=True))
    receipts = list(Receipt.objects.filter(poll=poll).values_list("hash", flat=True))
    frozen = {o["unit_id"]: o["score_rank"] for o in poll.result["options"] if o.get("score_rank")}
    spec = spec_for(poll, score_ranks=frozen)
    return counting.build_result(
        spec,
        counting.count_ballots(spec, [(choice, 1) for choice in votes]),
        entitled=poll.result["entitled"],
        present=poll.result["present"],
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
