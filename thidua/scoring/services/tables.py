"""Scoring tables: build, check, freeze, copy forward and amend. Each change is atomic and audited."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.blocks.models import BlockYear
from thidua.lib.fields import apply_fields
from thidua.lib.numbers import format_points
from thidua.lib.workflow import move
from thidua.orgs.models import Unit
from thidua.scoring.audit_actions import ScoringAction
from thidua.scoring.models import (
    TABLE_TRANSITIONS,
    Criterion,
    CriterionKind,
    CriterionTarget,
    Formula,
    ScoringTable,
    TableStatus,
)

CRITERION_FIELDS = [
    "parent",
    "kind",
    "code",
    "text",
    "guidance",
    "max_points",
    "step",
    "evidence_required",
    "formula",
    "position",
]
SCORED_KINDS = (CriterionKind.GROUP, CriterionKind.NORMAL)


def frozen_refusal(table: ScoringTable) -> str:
    """Why a frozen table refuses a change, and what to do instead."""
    return _("Version %(version)s of this table is frozen; amend it to make a new version.") % {
        "version": table.version
    }


def _require_draft(table_id: int) -> ScoringTable:
    """The table as it is now (locked until the change commits), refused once frozen."""
    table = ScoringTable.objects.select_for_update().select_related("block_year").get(pk=table_id)
    if table.is_frozen:
        raise ValidationError(frozen_refusal(table))
    return table


@transaction.atomic
def create_table(*, actor: Actor, block_year: BlockYear, name: str, total_points: Decimal) -> ScoringTable:
    version = (ScoringTable.objects.filter(block_year=block_year).aggregate(v=Max("version"))["v"] or 0) + 1
    table = ScoringTable(block_year=block_year, version=version, name=name, total_points=total_points)
    table.full_clean()
    table.save()
    record(actor=actor, action=ScoringAction.SCORINGTABLE_CREATE, obj=table, after=snapshot(table))
    return table


@transaction.atomic
def update_table(*, actor: Actor, table: ScoringTable, **values: Any) -> ScoringTable:
    """Rename a draft table or change its declared total (never below what its groups already hold)."""
    table = _require_draft(table.pk)
    before = snapshot(table)
    apply_fields(table, values, ["name", "total_points"])
    table.full_clean()
    top_sum = _sum(table.criteria.filter(parent__isnull=True, kind__in=SCORED_KINDS))
    if top_sum > table.total_points:
        raise ValidationError(
            {
                "total_points": _(
                    "The groups already add up to %(sum)s points; lower them before the total goes below that."
                )
                % {"sum": format_points(top_sum)}
            }
        )
    table.save()
    record(
        actor=actor, action=ScoringAction.SCORINGTABLE_UPDATE, obj=table, before=before, after=snapshot(table)
    )
    return table


def _criterion_snapshot(criterion: Criterion) -> dict[str, Any]:
    return {**snapshot(criterion), "applies_to": sorted(u.pk for u in criterion.applies_to.all())}


@transaction.atomic
def add_criterion(
    *, actor: Actor, table: ScoringTable, applies_to: list[Unit] | None = None, **values: Any
) -> Criterion:
    """Add a group or criterion; `applies_to` (member units) limits it to those members, empty: all.

    Refused: a frozen table, a group inside a group, a step that does not divide the maximum, a maximum
    that takes the groups over the table's total or a group's criteria over the group's maximum, a
    member list with units outside the block year."""
    table = _require_draft(table.pk)
    criterion = Criterion(table=table)
    apply_fields(criterion, values, CRITERION_FIELDS)
    _check_parent(criterion)
    _check_code(criterion)
    criterion.full_clean()
    _check_shape(criterion)
    criterion.save()
    if applies_to:
        _set_applies_to(criterion, applies_to)
    record(
        actor=actor,
        action=ScoringAction.CRITERION_CREATE,
        obj=criterion,
        after=_criterion_snapshot(criterion),
    )
    return criterion


@transaction.atomic
def update_criterion(
    *, actor: Actor, criterion: Criterion, applies_to: list[Unit] | None = None, **values: Any
) -> Criterion:
    """Change a criterion of a draft table in place, with the same checks as adding one.

    `applies_to=None` leaves the member list as it is; an empty list makes the criterion apply to all."""
    _require_draft(criterion.table_id)
    criterion = Criterion.objects.select_related("table", "parent").get(pk=criterion.pk)
    before = _criterion_snapshot(criterion)
    apply_fields(criterion, values, CRITERION_FIELDS)
    _check_parent(criterion)
    if criterion.kind != CriterionKind.GROUP and criterion.children.exists():
        raise ValidationError(
            {"kind": _("%(code)s still has criteria; move or remove them first.") % {"code": criterion.code}}
        )
    _check_code(criterion)
    criterion.full_clean()
    _check_shape(criterion)
    criterion.save()
    if applies_to is not None:
        _set_applies_to(criterion, applies_to)
    record(
        actor=actor,
        action=ScoringAction.CRITERION_UPDATE,
        obj=criterion,
        before=before,
        after=_criterion_snapshot(criterion),
    )
    return criterion


@transaction.atomic
def remove_criterion(*, actor: Actor, criterion: Criterion) -> None:
    _require_draft(criterion.table_id)
    record(
        actor=actor,
        action=ScoringAction.CRITERION_DELETE,
        obj=criterion,
        before=_criterion_snapshot(criterion),
    )
    criterion.delete()


def _sum(criteria: Any) -> Decimal:
    return sum((c.max_points for c in criteria), Decimal(0))


def _set_applies_to(criterion: Criterion, units: list[Unit]) -> None:
    members = set(criterion.table.block_year.memberships.values_list("unit_id", flat=True))
    outside = [u for u in units if u.pk not in members]
    if outside:
        raise ValidationError(
            {
                "applies_to": _("Not members of the block this year: %(units)s.")
                % {"units": ", ".join(map(str, outside))}
            }
        )
    criterion.applies_to.set(units)


def _check_code(criterion: Criterion) -> None:
    # The database constraint holds it too; checked here to name the field in the message.
    if criterion.table.criteria.exclude(pk=criterion.pk).filter(code=criterion.code).exists():
        raise ValidationError({"code": _("Another criterion of this table has this code.")})


def _check_shape(criterion: Criterion) -> None:
    """The checks that keep a draft table on its way to adding up; `table_problems` reports the rest
    (sums that are still short, groups without criteria, missing member targets)."""
    step, maximum = criterion.step, criterion.max_points
    if step and maximum % step != 0:
        raise ValidationError(
            {
                "step": _("The step %(step)s does not divide the maximum %(max)s; choose e.g. %(example)s.")
                % {
                    "step": format_points(step),
                    "max": format_points(maximum),
                    "example": format_points(
                        Decimal("0.5") if maximum % Decimal("0.5") == 0 else Decimal("0.01")
                    ),
                }
            }
        )
    if criterion.formula == Formula.PROPORTIONAL and criterion.kind != CriterionKind.NORMAL:
        raise ValidationError(
            {"formula": _("Only a criterion (not a group, bonus or penalty) uses a formula.")}
        )
    table = criterion.table
    others = table.criteria.exclude(pk=criterion.pk) if criterion.pk else table.criteria.all()
    if criterion.parent_id is None and criterion.kind in SCORED_KINDS:
        top = _sum(others.filter(parent__isnull=True, kind__in=SCORED_KINDS)) + maximum
        if top > table.total_points:
            raise ValidationError(
                {
                    "max_points": _(
                        "With %(max)s points the groups would add up to %(sum)s, over the table's total "
                        "of %(total)s; lower another group first or give fewer points."
                    )
                    % {
                        "max": format_points(maximum),
                        "sum": format_points(top),
                        "total": format_points(table.total_points),
                    }
                }
            )
    parent = criterion.parent
    if parent is not None and criterion.kind == CriterionKind.NORMAL:
        inside = _sum(others.filter(parent=parent, kind=CriterionKind.NORMAL)) + maximum
        if inside > parent.max_points:
            raise ValidationError(
                {
                    "max_points": _(
                        "With %(max)s points the criteria of group %(code)s would add up to %(sum)s, over "
                        "the group's %(group)s; lower another criterion first or give fewer points."
                    )
                    % {
                        "max": format_points(maximum),
                        "code": parent.code,
                        "sum": format_points(inside),
                        "group": format_points(parent.max_points),
                    }
                }
            )
    if criterion.pk and criterion.kind == CriterionKind.GROUP:
        held = _sum(criterion.children.filter(kind=CriterionKind.NORMAL))
        if held > maximum:
            raise ValidationError(
                {
                    "max_points": _(
                        "The criteria of group %(code)s already add up to %(sum)s points; lower them "
                        "before the group gets fewer."
                    )
                    % {"code": criterion.code, "sum": format_points(held)}
                }
            )


def _check_parent(criterion: Criterion) -> None:
    parent = criterion.parent
    if parent is None:
        return
    if parent.table_id != criterion.table_id:
        raise ValidationError({"parent": _("The group belongs to another table.")})
    if parent.kind != CriterionKind.GROUP:
        raise ValidationError({"parent": _("%(code)s is not a group.") % {"code": parent.code}})
    if criterion.kind == CriterionKind.GROUP:
        raise ValidationError({"parent": _("Groups sit at the top of the table; nest criteria, not groups.")})


@transaction.atomic
def set_member_target(*, actor: Actor, criterion: Criterion, unit: Unit, target: Decimal) -> CriterionTarget:
    """A member's own target for a criterion scored in proportion to it (issue 3 item 3)."""
    _require_draft(criterion.table_id)
    if criterion.formula != Formula.PROPORTIONAL:
        raise ValidationError(_("%(code)s is not scored by formula.") % {"code": criterion.code})
    if unit.pk not in set(criterion.table.block_year.memberships.values_list("unit_id", flat=True)):
        raise ValidationError(_("%(unit)s is not a member of the block this year.") % {"unit": unit})
    if target <= 0:
        raise ValidationError({"target": _("The target must be greater than zero.")})
    member_target, _created = CriterionTarget.objects.update_or_create(
        criterion=criterion, unit=unit, defaults={"target": target}
    )
    record(
        actor=actor,
        action=ScoringAction.CRITERION_TARGET,
        obj=criterion,
        after={"unit_id": unit.pk, "target": target},
    )
    return member_target


@transaction.atomic
def set_member_targets(*, actor: Actor, criterion: Criterion, targets: dict[Unit, Decimal]) -> None:
    """Several members' targets for one criterion, all or none (the table editor's one form)."""
    for unit, target in targets.items():
        set_member_target(actor=actor, criterion=criterion, unit=unit, target=target)


def formula_score(criterion: Criterion, target: Decimal, achieved: Decimal) -> Decimal:
    """Proportional to achievement, capped at the maximum, rounded down to the allowed step:
    40 points, target 120, achieved 90 -> 30; achieved 150 -> 40."""
    if achieved <= 0:
        return Decimal(0)
    raw = min(criterion.max_points, criterion.max_points * achieved / target)
    step = criterion.step or Decimal("0.01")
    return (raw // step) * step


def table_problems(table: ScoringTable) -> list[str]:
    """What stops the table from being frozen, in words an officer can act on.

    The maxima of the scored items at the top (groups and stand-alone criteria) add up to the declared
    total; a group's criteria add up to the group's maximum; a step divides the maximum; a group has
    criteria. Bonus and penalty items are caps outside the total (law.md §5; R-BLK-04 keeps them apart).
    """
    problems: list[str] = []
    criteria = list(table.criteria.all())
    children: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        if criterion.parent_id is not None:
            children.setdefault(criterion.parent_id, []).append(criterion)
    top = [c for c in criteria if c.parent_id is None and c.kind in SCORED_KINDS]
    top_sum = sum((c.max_points for c in top), Decimal(0))
    if top_sum != table.total_points:
        problems.append(
            _("The groups add up to %(sum)s points, not the declared total of %(total)s.")
            % {"sum": format_points(top_sum), "total": format_points(table.total_points)}
        )
    for group in (c for c in criteria if c.kind == CriterionKind.GROUP):
        members = [c for c in children.get(group.pk, []) if c.kind == CriterionKind.NORMAL]
        if not members:
            problems.append(_("Group %(code)s has no criteria.") % {"code": group.code})
            continue
        group_sum = sum((c.max_points for c in members), Decimal(0))
        if group_sum != group.max_points:
            problems.append(
                _("The criteria of group %(code)s add up to %(sum)s points, not the group's %(max)s.")
                % {
                    "code": group.code,
                    "sum": format_points(group_sum),
                    "max": format_points(group.max_points),
                }
            )
    member_ids = list(table.block_year.memberships.values_list("unit_id", flat=True))
    targets = set(
        CriterionTarget.objects.filter(criterion__table=table).values_list("criterion_id", "unit_id")
    )
    for criterion in criteria:
        if criterion.formula != Formula.PROPORTIONAL:
            continue
        chosen = [u.pk for u in criterion.applies_to.all()] or member_ids
        missing = [unit_id for unit_id in chosen if (criterion.pk, unit_id) not in targets]
        if missing:
            problems.append(
                _("%(code)s is scored against each member's target; %(n)s member(s) have none yet.")
                % {"code": criterion.code, "n": len(missing)}
            )
    for criterion in criteria:
        if criterion.step and (criterion.max_points % criterion.step) != 0:
            problems.append(
                _("The step %(step)s of %(code)s does not divide its maximum %(max)s.")
                % {
                    "step": format_points(criterion.step),
                    "code": criterion.code,
                    "max": format_points(criterion.max_points),
                }
            )
    return problems


@transaction.atomic
def freeze_table(*, actor: Actor, table: ScoringTable) -> ScoringTable:
    """Freeze a complete table; it is then the version scores refer to (R-BLK-03 groundwork)."""
    table = _require_draft(table.pk)
    problems = table_problems(table)
    if problems:
        raise ValidationError(problems)
    before = snapshot(table)
    move(table, TableStatus.FROZEN, TABLE_TRANSITIONS, frozen_refusal(table))
    table.frozen_at = timezone.now()
    table.save(update_fields=["status", "frozen_at"])
    record(
        actor=actor, action=ScoringAction.SCORINGTABLE_FREEZE, obj=table, before=before, after=snapshot(table)
    )
    return table


def _copy_criteria(source: ScoringTable, target: ScoringTable) -> None:
    new_ids: dict[int, Criterion] = {}
    originals = list(source.criteria.order_by("parent_id", "position", "id").prefetch_related("applies_to"))
    # Groups (no parent) first, then their criteria, so every parent exists when its children are copied.
    for criterion in sorted(originals, key=lambda c: c.parent_id is not None):
        copy = Criterion(
            table=target,
            parent=new_ids[criterion.parent_id] if criterion.parent_id else None,
            **{name: getattr(criterion, name) for name in CRITERION_FIELDS if name != "parent"},
        )
        copy.save()
        copy.applies_to.set(criterion.applies_to.all())
        CriterionTarget.objects.bulk_create(
            CriterionTarget(criterion=copy, unit_id=t.unit_id, target=t.target)
            for t in criterion.targets.all()
        )
        new_ids[criterion.pk] = copy


def _year_pattern(year: int) -> re.Pattern[str]:
    """The year as a word of its own or the end of a date (31/12/2022): not part of a longer number,
    nor of a document symbol such as ``98/2023/NĐ-CP`` (whose year is the document's)."""
    return re.compile(rf"(?<!\d){year}(?![\d/])")


def stale_year_criteria(table: ScoringTable) -> tuple[int | None, list[Criterion]]:
    """The year a copied table came from and the criteria whose content or guidance still names it.

    A copy forward keeps every text as it was ("Chấm theo Bảng ... năm 2022" in the 2023 table): the
    officer is shown these criteria to reword; nothing is replaced by itself, since a year in a text may
    rightly stay (a programme of that year). An amendment of the same year names no stale year.
    """
    source = table.copied_from
    if source is None or source.block_year.year == table.block_year.year:
        return None, []
    pattern = _year_pattern(source.block_year.year)
    stale = [c for c in table.criteria.all() if pattern.search(c.text) or pattern.search(c.guidance)]
    return source.block_year.year, stale


@transaction.atomic
def copy_table_forward(*, actor: Actor, table: ScoringTable, to_block_year: BlockYear) -> ScoringTable:
    """Start next year's table as a draft copy of this one (templates are copied, never shared).

    The old year in the table's name becomes the new one ("Bảng chấm điểm năm 2022" -> "... năm 2023");
    criteria that still name the old year are listed by `stale_year_criteria` on the table's page.
    """
    if to_block_year.pk == table.block_year_id:
        raise ValidationError(_("Copy to another year, or amend the table to make a new version."))
    source_year = table.block_year
    if to_block_year.block_id != source_year.block_id or to_block_year.year < source_year.year:
        raise ValidationError(
            {
                "block_year": _("Copy the table forward to a later year of %(block)s.")
                % {"block": source_year.block}
            }
        )
    copy = create_table(
        actor=actor,
        block_year=to_block_year,
        name=_year_pattern(source_year.year).sub(str(to_block_year.year), table.name),
        total_points=table.total_points,
    )
    copy.copied_from = table
    copy.save(update_fields=["copied_from"])
    _copy_criteria(table, copy)
    record(
        actor=actor,
        action=ScoringAction.SCORINGTABLE_COPY,
        obj=copy,
        after={"from": table.pk, "criteria": copy.criteria.count()},
    )
    return copy


@transaction.atomic
def amend_table(*, actor: Actor, table: ScoringTable, reason: str) -> ScoringTable:
    """A new draft version of a frozen table, with the reason; the frozen version stays as it was."""
    if not table.is_frozen:
        raise ValidationError(_("Only a frozen table is amended; edit the draft directly."))
    if not reason.strip():
        raise ValidationError({"amendment_reason": _("Say why the table is amended.")})
    amendment = create_table(
        actor=actor, block_year=table.block_year, name=table.name, total_points=table.total_points
    )
    amendment.copied_from = table
    amendment.amendment_reason = reason.strip()
    amendment.save(update_fields=["copied_from", "amendment_reason"])
    _copy_criteria(table, amendment)
    record(
        actor=actor,
        action=ScoringAction.SCORINGTABLE_AMEND,
        obj=amendment,
        after={"from": table.pk, "reason": reason},
    )
    return amendment
