"""State changes of blocks and block years, the rotation suggestion and the block's history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.blocks.audit_actions import BlockAction
from thidua.blocks.models import (
    Block,
    BlockKind,
    BlockYear,
    MemberRole,
    Membership,
    RotationMethod,
    Standing,
    StandingSource,
)
from thidua.lib.fields import apply_fields
from thidua.orgs.models import Unit

BLOCK_FIELDS = [
    "code",
    "name",
    "kind",
    "level",
    "managing_body",
    "description",
    "rotation_method",
    "rotation_gap_years",
    "deputy_required",
    "leading_units_max",
]


@transaction.atomic
def create_block(*, actor: Actor, **values: Any) -> Block:
    block = Block()
    apply_fields(block, values, BLOCK_FIELDS)
    block.full_clean()
    block.save()
    record(actor=actor, action=BlockAction.BLOCK_CREATE, obj=block, after=snapshot(block))
    return block


@transaction.atomic
def update_block(*, actor: Actor, block: Block, **values: Any) -> Block:
    before = snapshot(block)
    apply_fields(block, values, BLOCK_FIELDS)
    block.full_clean()
    block.save()
    record(actor=actor, action=BlockAction.BLOCK_UPDATE, obj=block, before=before, after=snapshot(block))
    return block


def _says(block: Block, block_text: str, cluster_text: str) -> str:
    """The message in the block's words: a cụm says Cụm trưởng, Cụm phó (issue 12 item 5)."""
    return cluster_text if block.kind == BlockKind.CLUSTER else block_text


def _leaders_by_year(block: Block) -> dict[int, int]:
    return dict(
        Membership.objects.filter(block_year__block=block, role=MemberRole.LEADER).values_list(
            "block_year__year", "unit_id"
        )
    )


def check_rotation(block: Block, year: int, leader: Unit) -> None:
    """R-BLK-02 (law.md §8.4, [U], configurable): a unit may not lead again within `rotation_gap_years`."""
    gap = block.rotation_gap_years
    if gap == 0:
        return
    leaders = _leaders_by_year(block)
    # Both ways: editing an older year must not make a unit lead two years running either.
    for earlier in [*range(year - gap, year), *range(year + 1, year + gap + 1)]:
        if leaders.get(earlier) == leader.pk:
            raise ValidationError(
                {
                    "leader": _says(
                        block,
                        _(
                            "%(unit)s led this block in %(year)s; the block's rotation rule does not let a unit "
                            "lead again within %(gap)s year(s). Choose another leader or change the rule."
                        ),
                        _(
                            "%(unit)s led this cluster in %(year)s; the cluster's rotation rule does not let a "
                            "unit lead again within %(gap)s year(s). Choose another cluster leader or change the rule."
                        ),
                    )
                    % {"unit": leader, "year": earlier, "gap": gap}
                }
            )


@transaction.atomic
def set_block_year(
    *,
    actor: Actor,
    block: Block,
    year: int,
    members: Iterable[Unit],
    leader: Unit | None,
    deputies: Iterable[Unit],
    note: str = "",
) -> BlockYear:
    """Create or replace a block year's members, leader and deputies in one step.

    R-BLK-01 (HD 1122/2011, HD 2819/2014): exactly one leader, a member; the deputies, members too,
    keep the order given (Phó khối 1, 2, ... as elected or recorded). At least one deputy only when
    the block's `deputy_required` setting says so (D13, [U]: many blocks elect a leader alone).
    R-BLK-02: the rotation rule of the block is checked for the leader. Issue 12 item 2: a past
    year's leader may be unknown (`leader=None`, history from before thidua; shown "không rõ"); a
    current or future year needs one.
    """
    member_list = list({u.pk: u for u in members}.values())
    deputy_list = list({u.pk: u for u in deputies}.values())
    member_ids = {u.pk for u in member_list}
    errors: dict[str, list[str]] = {}
    if len(member_list) < 2:
        errors.setdefault("members", []).append(_("A block year needs at least two members."))
    if leader is None:
        if year >= timezone.localdate().year:
            errors.setdefault("leader", []).append(
                _("Only a past year's leader may be unknown: choose this year's leader.")
            )
    elif leader.pk not in member_ids:
        errors.setdefault("leader", []).append(
            _says(
                block,
                _("The leader (%(unit)s) must be a member of the block this year."),
                _("The cluster leader (%(unit)s) must be a member of the cluster this year."),
            )
            % {"unit": leader}
        )
    if not deputy_list and block.deputy_required:
        errors.setdefault("deputies", []).append(
            _says(
                block,
                _("This block requires at least one deputy each year: choose one, or untick the setting."),
                _(
                    "This cluster requires at least one cluster deputy each year: choose one, or untick the setting."
                ),
            )
        )
    for deputy in deputy_list:
        if leader is not None and deputy.pk == leader.pk:
            errors.setdefault("deputies", []).append(
                _says(
                    block,
                    _("The leader cannot also be a deputy."),
                    _("The cluster leader cannot also be a cluster deputy."),
                )
            )
        elif deputy.pk not in member_ids:
            errors.setdefault("deputies", []).append(
                _says(
                    block,
                    _("The deputy (%(unit)s) must be a member of the block this year."),
                    _("The cluster deputy (%(unit)s) must be a member of the cluster this year."),
                )
                % {"unit": deputy}
            )
    sub_units = [u for u in member_list if u.kind == "sub_unit"]
    if sub_units:
        errors.setdefault("members", []).append(
            _("Sub-units cannot be block members: %(units)s.")
            % {"units": ", ".join(str(u) for u in sub_units)}
        )
    if errors:
        raise ValidationError(errors)
    if leader is not None:
        check_rotation(block, year, leader)

    block_year, created = BlockYear.objects.get_or_create(block=block, year=year, defaults={"note": note})
    before = None if created else _membership_snapshot(block_year)
    if not created:
        _drop_members(block_year, member_ids)
    if not created and block_year.note != note:
        block_year.note = note
        block_year.save(update_fields=["note"])
    # Kept memberships keep their rows (scorecards point at them); roles are set afresh, members first
    # so that the database's one-leader and deputy-order constraints hold at every step.
    block_year.memberships.exclude(role=MemberRole.MEMBER).update(role=MemberRole.MEMBER, deputy_order=None)
    kept = set(block_year.memberships.values_list("unit_id", flat=True))
    Membership.objects.bulk_create(
        Membership(block_year=block_year, unit=unit, role=MemberRole.MEMBER)
        for unit in member_list
        if unit.pk not in kept
    )
    for position, deputy in enumerate(deputy_list, start=1):
        block_year.memberships.filter(unit_id=deputy.pk).update(role=MemberRole.DEPUTY, deputy_order=position)
    if leader is not None:
        block_year.memberships.filter(unit_id=leader.pk).update(role=MemberRole.LEADER)
    record(
        actor=actor,
        action=BlockAction.BLOCKYEAR_CREATE if created else BlockAction.BLOCKYEAR_UPDATE,
        obj=block_year,
        before=before,
        after=_membership_snapshot(block_year),
    )
    return block_year


def _drop_members(block_year: BlockYear, member_ids: set[int]) -> None:
    """Delete the memberships of the units no longer members. A member that already has a scorecard
    this year cannot be dropped: the scorecard's protected foreign key to its membership refuses the
    delete (scoring sits above blocks, so blocks does not look scorecards up)."""
    dropped = block_year.memberships.exclude(unit_id__in=member_ids)
    try:
        dropped.delete()
    except ProtectedError as exc:
        held = {getattr(obj, "membership_id", None) for obj in exc.protected_objects}
        units = [
            m.unit for m in dropped.filter(pk__in=held).select_related("unit").order_by("unit__name_sort")
        ]
        raise ValidationError(
            {
                "members": _(
                    "These members already have a scorecard this year and cannot be removed: %(units)s."
                )
                % {"units": ", ".join(str(unit) for unit in units)}
            }
        ) from exc


def _membership_snapshot(block_year: BlockYear) -> dict[str, Any]:
    rows = block_year.memberships.order_by("unit_id").values_list("unit_id", "role")
    deputies = block_year.memberships.filter(role=MemberRole.DEPUTY).order_by("deputy_order")
    return {
        "block_id": block_year.block_id,
        "year": block_year.year,
        "note": block_year.note,
        "members": list(rows),
        "deputies": list(deputies.values_list("unit_id", flat=True)),
    }


@dataclass
class LeadershipSuggestion:
    year: int
    leader: Unit | None
    deputy: Unit | None
    reasons: list[str] = field(default_factory=list)


def suggest_next_leadership(block_year: BlockYear) -> LeadershipSuggestion:
    """Suggest next year's leader and deputy under the block's rotation rule (R-BLK-02, [U]).

    Candidates are this year's members. A unit that led within the block's gap is skipped. With
    "deputy succeeds", this year's first deputy (Khối phó 1) leads next; otherwise, and as a fallback, the member that
    has waited longest since it last led (never having led counts as longest) leads. The deputy is the
    remaining member that has waited longest since it was last leader or deputy. Ties go by name.
    """
    block = block_year.block
    next_year = block_year.year + 1
    members = sorted(
        (m for m in block_year.memberships.select_related("unit")), key=lambda m: m.unit.name_sort
    )
    history = Membership.objects.filter(
        block_year__block=block, block_year__year__lte=block_year.year
    ).exclude(role=MemberRole.MEMBER)
    last_led: dict[int, int] = {}
    last_held: dict[int, int] = {}
    for unit_id, role, year in history.values_list("unit_id", "role", "block_year__year"):
        last_held[unit_id] = max(year, last_held.get(unit_id, 0))
        if role == MemberRole.LEADER:
            last_led[unit_id] = max(year, last_led.get(unit_id, 0))

    gap = block.rotation_gap_years
    reasons: list[str] = []

    def may_lead(unit: Unit) -> bool:
        led = last_led.get(unit.pk)
        return led is None or gap == 0 or led < next_year - gap

    eligible = [m.unit for m in members if may_lead(m.unit)]
    excluded = [m.unit for m in members if not may_lead(m.unit)]
    if excluded:
        reasons.append(
            _says(
                block,
                _("Not eligible to lead in %(year)s under the rotation rule: %(units)s."),
                _("Not eligible to lead the cluster in %(year)s under the rotation rule: %(units)s."),
            )
            % {"year": next_year, "units": ", ".join(str(u) for u in excluded)}
        )
    leader: Unit | None = None
    if block.rotation_method == RotationMethod.DEPUTY_SUCCEEDS:
        deputies = [d for d in block_year.deputies if d in eligible]
        if deputies:
            leader = deputies[0]
            reasons.append(
                _says(
                    block,
                    _("%(unit)s is this year's deputy and succeeds as leader."),
                    _("%(unit)s is this year's cluster deputy and succeeds as cluster leader."),
                )
                % {"unit": leader}
            )
    if leader is None and eligible:
        leader = min(eligible, key=lambda u: (last_led.get(u.pk, 0), u.name_sort))
        previous = last_led.get(leader.pk)
        if previous:
            reasons.append(
                _says(
                    block,
                    _("%(unit)s has waited longest since it last led (%(year)s)."),
                    _("%(unit)s has waited longest since it last led the cluster (%(year)s)."),
                )
                % {"unit": leader, "year": previous}
            )
        else:
            reasons.append(
                _says(
                    block,
                    _("%(unit)s has not led this block before."),
                    _("%(unit)s has not led this cluster before."),
                )
                % {"unit": leader}
            )
    rest = [m.unit for m in members if leader is None or m.unit.pk != leader.pk]
    deputy = min(rest, key=lambda u: (last_held.get(u.pk, 0), u.name_sort)) if rest else None
    if deputy is not None:
        reasons.append(
            _says(
                block,
                _("%(unit)s has waited longest for the deputy's or leader's role."),
                _("%(unit)s has waited longest for the cluster deputy's or cluster leader's role."),
            )
            % {"unit": deputy}
        )
    return LeadershipSuggestion(year=next_year, leader=leader, deputy=deputy, reasons=reasons)


@dataclass
class HistoryRow:
    block_year: BlockYear
    leader: Unit | None
    deputies: list[Unit]
    members: list[Unit]
    joined: list[Unit]
    left: list[Unit]


def block_history(block: Block) -> list[HistoryRow]:
    """Every year of the block, oldest first, with who joined and who left since the year before."""
    years = list(BlockYear.objects.filter(block=block).with_members().order_by("year"))
    rows: list[HistoryRow] = []
    previous: set[int] = set()
    for block_year in years:
        members = [m.unit for m in block_year.memberships.all()]
        ids = {u.pk for u in members}
        rows.append(
            HistoryRow(
                block_year=block_year,
                leader=block_year.leader,
                deputies=block_year.deputies,
                members=members,
                joined=[u for u in members if u.pk not in previous] if rows else [],
                left=[u for u in rows[-1].members if u.pk not in ids] if rows else [],
            )
        )
        previous = ids
    return rows


@transaction.atomic
def record_standings(
    *,
    actor: Actor,
    block_year: BlockYear,
    ranks: Iterable[tuple[Unit, int]],
    source: str = StandingSource.RECORDED,
    basis: str = "",
    votes: dict[int, int] | None = None,
    tied_first: bool = False,
) -> list[Standing]:
    """Replace the block year's standings (rank 1 = the leading unit) in one step.

    Law Art 26(1): a block has one leading collective; R-COL-03 and R-COL-05 read it. Ranks are
    given by the conference (shared ranks such as 2, 2 are allowed; only one unit is first unless
    the block's `leading_units_max` setting, the province's rule, allows several) or
    recorded by the board from paper minutes. Every unit must be a member of that year. `votes`
    (unit id -> votes) is what the conference's poll gave each ranked unit.

    `tied_first` (issue 12 item 6): a poll's first place tied beyond `leading_units_max` with no
    tie-break left is recorded as the tie, not as nothing: each tied unit at rank 1, flagged `tied`,
    for the province to decide which leads (R-COL-03 reads the flag); a later published vote
    replaces it.
    """
    rows = list(ranks)
    member_ids = set(block_year.memberships.values_list("unit_id", flat=True))
    errors: list[str] = []
    outsiders = [str(unit) for unit, _rank in rows if unit.pk not in member_ids]
    if outsiders:
        errors.append(
            _("Only members of the block this year can be ranked: %(units)s.")
            % {"units": ", ".join(outsiders)}
        )
    if len({unit.pk for unit, _rank in rows}) != len(rows):
        errors.append(_("Each unit can be ranked only once."))
    if any(rank < 1 for _unit, rank in rows):
        errors.append(_("Ranks start at 1."))
    leading = sum(1 for _unit, rank in rows if rank == 1)
    allowed = block_year.block.leading_units_max
    tie = tied_first and leading > allowed
    if not tie and leading > allowed == 1:
        errors.append(_("A block year has one leading unit (rank 1)."))
    elif not tie and leading > allowed:
        errors.append(
            _("This block allows at most %(n)s leading units (rank 1) a year; %(given)s were given.")
            % {"n": allowed, "given": leading}
        )
    if errors:
        raise ValidationError(errors)
    before = [[s.unit_id, s.rank] for s in block_year.standings.order_by("rank", "unit_id")]
    block_year.standings.all().delete()
    now = timezone.now()
    standings = Standing.objects.bulk_create(
        Standing(
            block_year=block_year,
            unit=unit,
            rank=rank,
            votes=(votes or {}).get(unit.pk),
            source=source,
            basis=basis,
            recorded_at=now,
            tied=tie and rank == 1,
        )
        for unit, rank in sorted(rows, key=lambda row: row[1])
    )
    after: dict[str, Any] = {
        "standings": [[s.unit_id, s.rank] for s in standings],
        "source": source,
        "basis": basis,
    }
    if tie:
        after["tied_first"] = [s.unit_id for s in standings if s.tied]
    record(
        actor=actor,
        action=BlockAction.BLOCKYEAR_STANDINGS,
        obj=block_year,
        before={"standings": before},
        after=after,
    )
    return standings


@transaction.atomic
def note_flag_handover(
    *,
    actor: Actor,
    block_year: BlockYear,
    handed_by: Unit | None,
    received_by: Unit | None,
    handed_on: datetime.date | None = None,
    note: str = "",
) -> BlockYear:
    """Note on the year the handover of the block's traditional flag (cờ truyền thống, issue 12 item
    10): who handed it (usually the outgoing leader), who received it (the incoming one), when, and a
    note. Both units are members of this year or of next year; the date is not in the future; all
    empty clears it. Audited."""
    errors: dict[str, list[str]] = {}
    if (handed_by is None) != (received_by is None):
        errors.setdefault("__all__", []).append(
            _("Give both the unit that handed over the flag and the unit that received it.")
        )
    if handed_by is not None and received_by is not None and handed_by.pk == received_by.pk:
        errors.setdefault("flag_received_by", []).append(
            _("The flag is handed from one unit to another: choose two different units.")
        )
    allowed = set(
        Membership.objects.filter(
            block_year__block_id=block_year.block_id,
            block_year__year__in=[block_year.year, block_year.year + 1],
        ).values_list("unit_id", flat=True)
    )
    for name, unit in (("flag_handed_by", handed_by), ("flag_received_by", received_by)):
        if unit is not None and unit.pk not in allowed:
            errors.setdefault(name, []).append(
                _("%(unit)s is not a member of the %(word)s in %(year)s or the year after.")
                % {"unit": unit, "word": block_year.block.word, "year": block_year.year}
            )
    if handed_on is not None and handed_on > timezone.localdate():
        errors.setdefault("flag_handed_on", []).append(_("The date of the handover cannot be in the future."))
    if handed_by is None and (handed_on is not None or note.strip()):
        errors.setdefault("__all__", []).append(
            _("A date or note of the handover needs the units that handed and received the flag.")
        )
    if errors:
        raise ValidationError(errors)
    fields = ["flag_handed_by", "flag_received_by", "flag_handed_on", "flag_note"]
    before = snapshot(block_year, fields)
    block_year.flag_handed_by = handed_by
    block_year.flag_received_by = received_by
    block_year.flag_handed_on = handed_on
    block_year.flag_note = note.strip()
    block_year.save(update_fields=fields)
    record(
        actor=actor,
        action=BlockAction.BLOCKYEAR_FLAG,
        obj=block_year,
        before=before,
        after=snapshot(block_year, fields),
    )
    return block_year
