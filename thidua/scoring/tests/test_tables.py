from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thidua.audit.models import AuditEntry
from thidua.blocks.services import set_block_year
from thidua.scoring import services
from thidua.scoring.models import Criterion, CriterionKind, ScoringTable


def _table(world: Any, total: str = "100") -> ScoringTable:
    """A 100-point table: group I (60 = 40 + 20), group II (40 = 25 + 15), bonus capped at 5, penalty at 10."""
    actor = world.user("board")
    table = services.create_table(
        actor=actor, block_year=world.block_year, name="Bảng điểm 2024", total_points=D(total)
    )
    g1 = services.add_criterion(
        actor=actor,
        table=table,
        kind=CriterionKind.GROUP,
        code="I",
        text="Nhiệm vụ chính trị",
        max_points=D(60),
    )
    services.add_criterion(
        actor=actor,
        table=table,
        parent=g1,
        code="I.1",
        text="10 chỉ tiêu trọng tâm",
        max_points=D(40),
        step=D("0.5"),
    )
    services.add_criterion(
        actor=actor,
        table=table,
        parent=g1,
        code="I.2",
        text="Nhiệm vụ đột xuất",
        max_points=D(20),
        evidence_required=True,
    )
    g2 = services.add_criterion(
        actor=actor,
        table=table,
        kind=CriterionKind.GROUP,
        code="II",
        text="Xây dựng cơ quan vững mạnh",
        max_points=D(40),
    )
    services.add_criterion(
        actor=actor, table=table, parent=g2, code="II.1", text="5 nhiệm vụ xây dựng cơ quan", max_points=D(25)
    )
    services.add_criterion(
        actor=actor,
        table=table,
        parent=g2,
        code="II.2",
        text="Công tác thi đua, khen thưởng",
        max_points=D(15),
    )
    services.add_criterion(
        actor=actor, table=table, kind=CriterionKind.BONUS, code="T", text="Điểm thưởng", max_points=D(5)
    )
    services.add_criterion(
        actor=actor, table=table, kind=CriterionKind.PENALTY, code="TR", text="Điểm trừ", max_points=D(10)
    )
    return table


def test_a_complete_table_has_no_problems_and_freezes(world) -> None:
    table = _table(world)
    assert services.table_problems(table) == []
    frozen = services.freeze_table(actor=world.user("board"), table=table)
    assert frozen.is_frozen and frozen.frozen_at is not None
    assert AuditEntry.objects.filter(action="scoringtable.freeze", object_id=str(table.pk)).exists()


def test_group_maxima_must_add_up_to_the_declared_total(world) -> None:
    table = _table(world, total="1000")
    problems = services.table_problems(table)
    assert problems == ["Các nhóm cộng lại được 100 điểm, không bằng tổng điểm đã khai báo 1.000."]
    with pytest.raises(ValidationError):
        services.freeze_table(actor=world.user("board"), table=table)
    table.refresh_from_db()
    assert not table.is_frozen


def test_a_group_whose_criteria_do_not_add_up_is_reported(world) -> None:
    table = _table(world)
    criterion = table.criteria.get(code="II.2")
    services.update_criterion(actor=None, criterion=criterion, max_points=D(10))
    assert services.table_problems(table) == [
        "Các tiêu chí của nhóm II cộng lại được 35 điểm, không bằng 40 điểm của nhóm."
    ]


def test_a_step_must_divide_the_maximum(world) -> None:
    table = _table(world)
    services.update_criterion(actor=None, criterion=table.criteria.get(code="I.1"), step=D("0.75"))
    assert any("I.1" in p for p in services.table_problems(table))


def test_groups_cannot_nest_and_criteria_cannot_hang_under_criteria(world) -> None:
    table = _table(world)
    with pytest.raises(ValidationError):
        services.add_criterion(
            actor=None,
            table=table,
            parent=table.criteria.get(code="I.1"),
            code="X",
            text="x",
            max_points=D(1),
        )
    with pytest.raises(ValidationError):
        services.add_criterion(
            actor=None,
            table=table,
            parent=table.criteria.get(code="I"),
            kind=CriterionKind.GROUP,
            code="Y",
            text="y",
            max_points=D(1),
        )


def test_a_frozen_table_refuses_every_edit(world) -> None:
    table = services.freeze_table(actor=None, table=_table(world))
    criterion = table.criteria.get(code="I.1")
    with pytest.raises(ValidationError):
        services.update_criterion(actor=None, criterion=criterion, max_points=D(30))
    with pytest.raises(ValidationError):
        services.add_criterion(actor=None, table=table, code="III", text="z", max_points=D(1))
    with pytest.raises(ValidationError):
        services.remove_criterion(actor=None, criterion=criterion)
    assert Criterion.objects.get(pk=criterion.pk).max_points == D(40)


def test_codes_are_unique_within_a_table(world) -> None:
    table = _table(world)
    with pytest.raises(ValidationError):
        services.add_criterion(actor=None, table=table, code="I.1", text="again", max_points=D(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(table=table, code="I.1", text="again", max_points=D(1))


def test_amendment_is_a_new_version_with_a_reason(world) -> None:
    table = services.freeze_table(actor=None, table=_table(world))
    with pytest.raises(ValidationError):
        services.amend_table(actor=None, table=table, reason="  ")
    amendment = services.amend_table(actor=None, table=table, reason="Bổ sung tiêu chí chuyển đổi số")
    assert (amendment.version, amendment.status, amendment.copied_from) == (2, "draft", table)
    assert amendment.criteria.count() == table.criteria.count()
    services.update_criterion(actor=None, criterion=amendment.criteria.get(code="I.1"), max_points=D(35))
    assert table.criteria.get(code="I.1").max_points == D(40)  # the frozen version is untouched


def test_copy_forward_reproduces_the_tree_in_next_year(world) -> None:
    table = services.freeze_table(actor=None, table=_table(world))
    next_year = set_block_year(
        actor=None,
        block=world.block,
        year=2025,
        members=[world.leader_unit, world.deputy_unit, world.member_unit],
        leader=world.deputy_unit,
        deputies=[world.member_unit],
    )
    target = table.criteria.get(code="I.2")
    target.applies_to.set([world.member_unit])
    copy = services.copy_table_forward(actor=None, table=table, to_block_year=next_year)
    assert (copy.block_year, copy.version, copy.status, copy.copied_from) == (next_year, 1, "draft", table)
    shape = lambda t: sorted(  # noqa: E731
        (c.code, c.kind, c.max_points, c.parent.code if c.parent else None, c.evidence_required)
        for c in t.criteria.all()
    )
    assert shape(copy) == shape(table)
    assert list(copy.criteria.get(code="I.2").applies_to.all()) == [world.member_unit]
    assert services.table_problems(copy) == []
    with pytest.raises(ValidationError):
        services.copy_table_forward(actor=None, table=table, to_block_year=world.block_year)
