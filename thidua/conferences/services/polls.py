"""The life of a poll up to voting: draft -> open (-> closed -> published, or voided, in `outcomes`).

One service per transition, each locking the poll row and checking the state in `TRANSITIONS` below
(voting-scoring.md C2). Settings change only in draft (the question's wording at any time). This module
holds the candidates and their defaults, the proposals, the settings and the opening (quorum and the
roll's fingerprint)."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.awards.rules import blocking_conditions
from thidua.blocks.models import BlockKind
from thidua.blocks.services import check_rotation
from thidua.conferences import sealing
from thidua.conferences.audit_actions import ConferenceAction
from thidua.conferences.models import (
    SELECT_KINDS,
    BallotBox,
    Conference,
    ConferenceStatus,
    Poll,
    PollKind,
    PollMode,
    PollOption,
    PollStatus,
    Proxy,
    ThresholdBase,
)
from thidua.conferences.services.roll import quorum_status
from thidua.lib.fields import apply_fields
from thidua.orgs.models import Position, Unit

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


def refusal(action: str, poll: Poll) -> ValidationError:
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


def lock_poll(poll: Poll) -> Poll:
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
def add_proposal(*, actor: Actor, poll: Poll, proposal: Proposal) -> PollOption:
    """Add one proposal to a draft proposals poll."""
    poll = lock_poll(poll)
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
    record(actor=actor, action=ConferenceAction.POLL_PROPOSAL, obj=poll, after={"option": option.label})
    return option


@transaction.atomic
def propose(*, actor: Actor, conference: Conference, proposal: Proposal) -> Poll:
    """An award proposal joins the conference's draft vote on award proposals, which is created with it
    when there is none. Returns that draft."""
    draft = conference.polls.filter(kind=PollKind.PROPOSALS, status=PollStatus.DRAFT).first()
    if draft is None:
        return create_poll(actor=actor, conference=conference, kind=PollKind.PROPOSALS, proposals=[proposal])
    add_proposal(actor=actor, poll=draft, proposal=proposal)
    return draft


@transaction.atomic
def remove_option(*, actor: Actor, poll: Poll, option: PollOption) -> None:
    poll = lock_poll(poll)
    if poll.status != PollStatus.DRAFT or option.poll_id != poll.pk:
        raise ValidationError(_("The poll's settings can change only while it is a draft."))
    label = option.label
    option.delete()
    record(actor=actor, action=ConferenceAction.POLL_OPTION_REMOVE, obj=poll, before={"option": label})


def _published_winner(conference: Conference, kind: str) -> int | None:
    poll = conference.polls.filter(kind=kind, status=PollStatus.PUBLISHED).order_by("-published_at").first()
    outcome = poll.outcome if poll is not None else None
    if outcome is None:
        return None
    firsts = [p.unit_id for p in outcome.place_list() if p.place == 1]
    return firsts[0] if firsts else None


@transaction.atomic
def create_poll(
    *,
    actor: Actor,
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
        action=ConferenceAction.POLL_CREATE,
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
def update_poll(*, actor: Actor, poll: Poll, **values: Any) -> Poll:
    """Settings change only while the poll is a draft; the wording of the question at any time."""
    poll = lock_poll(poll)
    changed = {name for name, value in values.items() if getattr(poll, name) != value}
    if poll.status != PollStatus.DRAFT and changed - ALWAYS_EDITABLE:
        raise ValidationError(_("The poll's settings can change only while it is a draft."))
    before = snapshot(poll)
    apply_fields(poll, values, SETTINGS)
    _check_settings(poll, poll.options.count())
    poll.full_clean()
    poll.save()
    record(actor=actor, action=ConferenceAction.POLL_UPDATE, obj=poll, before=before, after=snapshot(poll))
    return poll


@transaction.atomic
def set_options(*, actor: Actor, poll: Poll, options: list[tuple[str, Unit | None]]) -> Poll:
    poll = lock_poll(poll)
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
    record(
        actor=actor,
        action=ConferenceAction.POLL_OPTIONS,
        obj=poll,
        after={"options": [label for label, _u in options]},
    )
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
def open_poll(*, actor: Actor, poll: Poll) -> Poll:
    """Draft -> open, once the conference is in session and its quorum is present (R-VOTE-01, Bắc Ninh
    QĐ 86/2025 Art 8(4)(b) as a per-conference setting). The roll and the options are fingerprinted."""
    poll = lock_poll(poll)
    if poll.status == PollStatus.OPEN:
        return poll
    if poll.status not in TRANSITIONS["open"]:
        raise refusal("open", poll)
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
        action=ConferenceAction.POLL_OPEN,
        obj=poll,
        after={"roll_fingerprint": poll.roll_fingerprint, "present": quorum.present, "total": quorum.total},
    )
    return poll
