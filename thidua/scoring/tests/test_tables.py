from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thidua.audit.models import AuditEntry
from thidua.blocks.services import set_block_year
from thidua.scoring.models import Criterion, CriterionKind, ScoringTable
from thidua.scoring.services.tables import (
    add_criterion,
    amend_table,
    copy_table_forward,
    create_table,
    freeze_table,
    remove_criterion,
    set_member_target,
    stale_year_criteria,
    table_problems,
    update_criterion,
    update_table,
)


def _table(world: Any, total: str = "100") -> ScoringTable:
    """A 100-point table: group I (60 = 40 + 20), group II (40 = 25 + 15), bonus capped at 5, penalty at 10."""
    actor = world.user("board")
    table = create_table(
        actor=actor, block_year=world.block_year, name="Bảng điểm 2024", total_points=D(total)
    )
    g1 = add_criterion(
        actor=actor,
        table=table,
        kind=CriterionKind.GROUP,
        code="I",
        text="Nhiệm vụ chính trị",
        max_points=D(60),
    )
    add_criterion(
        actor=actor,
        table=table,
        parent=g1,
        code="I.1",
        text="10 chỉ tiêu trọng tâm",
        max_points=D(40),
        step=D("0.5"),
    )
    add_criterion(
        actor=actor,
        table=table,
        parent=g1,
        code="I.2",
        text="Nhiệm vụ đột xuất",
        max_points=D(20),
        evidence_required=True,
    )
    g2 = add_criterion(
        actor=actor,
        table=table,
        kind=CriterionKind.GROUP,
        code="II",
        text="Xây dựng cơ quan vững mạnh",
        max_points=D(40),
    )
    add_criterion(
        actor=actor, table=table, parent=g2, code="II.1", text="5 nhiệm vụ xây dựng cơ quan", max_points=D(25)
    )
    add_criterion(
        actor=actor,
        table=table,
        parent=g2,
        code="II.2",
        text="Công tác thi đua, khen thưởng",
        max_points=D(15),
    )
    add_criterion(
        actor=actor, table=table, kind=CriterionKind.BONUS, code="T", text="Điểm thưởng", max_points=D(5)
    )
    add_criterion(
        actor=actor, table=table, kind=CriterionKind.PENALTY, code="TR", text="Điểm trừ", max_points=D(10)
    )
    return table


def test_a_complete_table_has_no_problems_and_freezes(world) -> None:
    table = _table(world)
    assert table_problems(table) == []
    frozen = freeze_table(actor=world.user("board"), table=table)
    assert frozen.is_frozen and frozen.frozen_at is not None
    assert AuditEntry.objects.filter(action="scoringtable.freeze", object_id=str(table.pk)).exists()


def test_group_maxima_must_add_up_to_the_declared_total(world) -> None:
    table = _table(world, total="1000")
    problems = table_problems(table)
    assert problems == ["Các nhóm cộng lại được 100 điểm, không bằng tổng điểm đã khai báo 1.000."]
    with pytest.raises(ValidationError):
        freeze_table(actor=world.user("board"), table=table)
    table.refresh_from_db()
    assert not table.is_frozen


def test_a_group_whose_criteria_do_not_add_up_is_reported(world) -> None:
    table = _table(world)
    criterion = table.criteria.get(code="II.2")
    update_criterion(actor=None, criterion=criterion, max_points=D(10))
    assert table_problems(table) == [
        "Các tiêu chí của nhóm II cộng lại được 35 điểm, không bằng 40 điểm của nhóm."
    ]


def test_a_step_must_divide_the_maximum(world) -> None:
    table = _table(world)
    criterion = table.criteria.get(code="I.1")
    with pytest.raises(ValidationError) as excinfo:
        update_criterion(actor=None, criterion=criterion, step=D("0.75"))
    assert excinfo.value.message_dict == {
        "step": ["Bước điểm 0,75 không chia hết điểm tối đa 40; hãy chọn bước khác, ví dụ 0,5."]
    }
    assert Criterion.objects.get(pk=criterion.pk).step == D("0.5")
    with pytest.raises(ValidationError) as excinfo:
        add_criterion(
            actor=None, table=table, kind=CriterionKind.BONUS, code="T2", text="x", max_points=D(3), step=D(2)
        )
    assert list(excinfo.value.message_dict) == ["step"]
    assert not table.criteria.filter(code="T2").exists()
    # A table written before this check (or by hand) is still reported before freezing.
    Criterion.objects.filter(pk=criterion.pk).update(step=D("0.75"))
    assert any("0,75" in p and "I.1" in p for p in table_problems(table))


def test_a_criterion_cannot_take_the_table_over_its_total(world) -> None:
    table = _table(world)  # groups I (60) and II (40) already make the total of 100
    with pytest.raises(ValidationError) as excinfo:
        add_criterion(actor=None, table=table, code="III", text="Chuyển đổi số", max_points=D(10))
    assert excinfo.value.message_dict == {
        "max_points": [
            "Với 10 điểm, các nhóm sẽ cộng lại được 110, vượt tổng điểm 100 của bảng; "
            "hãy giảm điểm nhóm khác trước hoặc cho ít điểm hơn."
        ]
    }
    assert not table.criteria.filter(code="III").exists()
    group = table.criteria.get(code="II")
    with pytest.raises(ValidationError):
        update_criterion(actor=None, criterion=group, max_points=D(45))
    # Bonus and penalty caps sit outside the total.
    add_criterion(actor=None, table=table, kind=CriterionKind.BONUS, code="T2", text="x", max_points=D(10))
    # Lower one group first, then the new one fits.
    update_criterion(actor=None, criterion=table.criteria.get(code="II.2"), max_points=D(5))
    update_criterion(actor=None, criterion=group, max_points=D(30))
    add_criterion(actor=None, table=table, code="III", text="Chuyển đổi số", max_points=D(10))
    assert table_problems(table) == []


def test_a_groups_criteria_cannot_go_over_the_group(world) -> None:
    table = _table(world)
    group = table.criteria.get(code="II")  # 40 = 25 + 15
    with pytest.raises(ValidationError) as excinfo:
        add_criterion(actor=None, table=table, parent=group, code="II.3", text="x", max_points=D(1))
    assert "II" in excinfo.value.message_dict["max_points"][0]
    with pytest.raises(ValidationError):
        update_criterion(actor=None, criterion=table.criteria.get(code="II.1"), max_points=D(26))
    with pytest.raises(ValidationError) as excinfo:
        update_criterion(actor=None, criterion=group, max_points=D(30))
    assert excinfo.value.message_dict == {
        "max_points": [
            "Các tiêu chí của nhóm II đã cộng lại được 40 điểm; hãy giảm chúng trước khi giảm điểm nhóm."
        ]
    }
    # Moving a criterion into a group that has no room is refused too; the criterion stays where it was.
    with pytest.raises(ValidationError):
        update_criterion(actor=None, criterion=table.criteria.get(code="I.2"), parent=group)
    assert table.criteria.get(code="I.2").parent == table.criteria.get(code="I")
    assert group.max_points == Criterion.objects.get(pk=group.pk).max_points == D(40)


def test_update_criterion_changes_it_in_place_and_is_audited(world) -> None:
    table = _table(world)
    criterion = table.criteria.get(code="II.2")
    updated = update_criterion(
        actor=world.user("leader"),
        criterion=criterion,
        code="II.2a",
        text="Công tác thi đua",
        max_points=D(10),
        step=D("0.5"),
        evidence_required=True,
        applies_to=[world.member_unit],
    )
    assert updated.pk == criterion.pk
    stored = Criterion.objects.get(pk=criterion.pk)
    assert (stored.code, stored.text, stored.max_points, stored.step, stored.evidence_required) == (
        "II.2a",
        "Công tác thi đua",
        D(10),
        D("0.5"),
        True,
    )
    assert list(stored.applies_to.all()) == [world.member_unit]
    entry = AuditEntry.objects.filter(action="criterion.update", object_id=str(criterion.pk)).latest("id")
    assert entry.actor == world.user("leader")
    assert entry.before is not None and entry.after is not None
    assert (entry.before["code"], entry.before["applies_to"]) == ("II.2", [])
    assert (entry.after["code"], entry.after["applies_to"]) == ("II.2a", [world.member_unit.pk])
    # The table says what is now missing.
    assert table_problems(table) == [
        "Các tiêu chí của nhóm II cộng lại được 35 điểm, không bằng 40 điểm của nhóm."
    ]
    # applies_to=None keeps the members; an empty list opens it to every member again.
    update_criterion(actor=None, criterion=stored, text="Thi đua")
    assert list(stored.applies_to.all()) == [world.member_unit]
    update_criterion(actor=None, criterion=stored, applies_to=[])
    assert not stored.applies_to.exists()


def test_update_criterion_refuses_bad_changes_and_changes_nothing(world) -> None:
    table = _table(world)
    criterion = table.criteria.get(code="II.2")
    group = table.criteria.get(code="I")
    refused: list[dict[str, Any]] = [
        # a unit outside the block year: the other fields are not saved either
        {"max_points": D(10), "applies_to": [world.outside_unit]},
        {"formula": "proportional", "kind": CriterionKind.BONUS},  # a formula on a bonus item
        {"parent": table.criteria.get(code="I.1")},  # under a criterion
        {"code": "I.1"},  # a code the table already has
        {"max_points": D(0)},
        {"step": D(-1)},
    ]
    for values in refused:
        with pytest.raises(ValidationError):
            update_criterion(actor=None, criterion=criterion, **values)
    stored = Criterion.objects.get(pk=criterion.pk)
    assert (stored.code, stored.max_points, stored.kind, stored.formula) == ("II.2", D(15), "normal", "none")
    assert not stored.applies_to.exists()
    with pytest.raises(ValidationError) as excinfo:
        update_criterion(actor=None, criterion=group, kind=CriterionKind.NORMAL)
    assert list(excinfo.value.message_dict) == ["kind"]
    with pytest.raises(ValidationError):
        update_criterion(actor=None, criterion=group, formula="proportional")
    other_year_table = create_table(
        actor=None, block_year=_other_block_year(world), name="Khác", total_points=D(100)
    )
    other_group = add_criterion(
        actor=None, table=other_year_table, kind=CriterionKind.GROUP, code="A", text="a", max_points=D(50)
    )
    with pytest.raises(ValidationError) as excinfo:
        update_criterion(actor=None, criterion=criterion, parent=other_group)
    assert list(excinfo.value.message_dict) == ["parent"]


def _other_block_year(world: Any) -> Any:
    return world.block_b.years.get(year=2024)


def test_update_table_renames_and_keeps_room_for_its_groups(world) -> None:
    table = _table(world)
    update_table(actor=world.user("board"), table=table, name="Bảng điểm sửa", total_points=D(120))
    table.refresh_from_db()
    assert (table.name, table.total_points) == ("Bảng điểm sửa", D(120))
    assert AuditEntry.objects.filter(action="scoringtable.update", object_id=str(table.pk)).exists()
    with pytest.raises(ValidationError) as excinfo:
        update_table(actor=None, table=table, total_points=D(90))
    assert list(excinfo.value.message_dict) == ["total_points"]
    table.refresh_from_db()
    assert table.total_points == D(120)
    freeze_table(actor=None, table=update_table(actor=None, table=table, total_points=D(100)))
    with pytest.raises(ValidationError):
        update_table(actor=None, table=table, name="x")


def test_groups_cannot_nest_and_criteria_cannot_hang_under_criteria(world) -> None:
    table = _table(world)
    with pytest.raises(ValidationError):
        add_criterion(
            actor=None,
            table=table,
            parent=table.criteria.get(code="I.1"),
            code="X",
            text="x",
            max_points=D(1),
        )
    with pytest.raises(ValidationError):
        add_criterion(
            actor=None,
            table=table,
            parent=table.criteria.get(code="I"),
            kind=CriterionKind.GROUP,
            code="Y",
            text="y",
            max_points=D(1),
        )


def test_a_frozen_table_refuses_every_edit(world) -> None:
    table = freeze_table(actor=None, table=_table(world))
    criterion = table.criteria.get(code="I.1")
    with pytest.raises(ValidationError):
        update_criterion(actor=None, criterion=criterion, max_points=D(30))
    with pytest.raises(ValidationError):
        add_criterion(actor=None, table=table, code="III", text="z", max_points=D(1))
    with pytest.raises(ValidationError):
        remove_criterion(actor=None, criterion=criterion)
    assert Criterion.objects.get(pk=criterion.pk).max_points == D(40)


def test_codes_are_unique_within_a_table(world) -> None:
    table = _table(world)
    with pytest.raises(ValidationError):
        add_criterion(actor=None, table=table, code="I.1", text="again", max_points=D(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(table=table, code="I.1", text="again", max_points=D(1))


def test_amendment_is_a_new_version_with_a_reason(world) -> None:
    table = freeze_table(actor=None, table=_table(world))
    with pytest.raises(ValidationError):
        amend_table(actor=None, table=table, reason="  ")
    amendment = amend_table(actor=None, table=table, reason="Bổ sung tiêu chí chuyển đổi số")
    assert (amendment.version, amendment.status, amendment.copied_from) == (2, "draft", table)
    assert amendment.criteria.count() == table.criteria.count()
    update_criterion(actor=None, criterion=amendment.criteria.get(code="I.1"), max_points=D(35))
    assert table.criteria.get(code="I.1").max_points == D(40)  # the frozen version is untouched


def test_copy_forward_reproduces_the_tree_in_next_year(world) -> None:
    table = freeze_table(actor=None, table=_table(world))
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
    copy = copy_table_forward(actor=None, table=table, to_block_year=next_year)
    assert (copy.block_year, copy.version, copy.status, copy.copied_from) == (next_year, 1, "draft", table)
    shape = lambda t: sorted(  # noqa: E731
        (c.code, c.kind, c.max_points, c.parent.code if c.parent else None, c.evidence_required)
        for c in t.criteria.all()
    )
    assert shape(copy) == shape(table)
    assert list(copy.criteria.get(code="I.2").applies_to.all()) == [world.member_unit]
    assert table_problems(copy) == []
    with pytest.raises(ValidationError):
        copy_table_forward(actor=None, table=table, to_block_year=world.block_year)


def test_copy_forward_stays_in_the_block_and_goes_forward(world) -> None:
    earlier = set_block_year(
        actor=None,
        block=world.block,
        year=2023,
        members=[world.leader_unit, world.deputy_unit, world.member_unit],
        leader=world.deputy_unit,
        deputies=[world.member_unit],
    )
    table = _table(world)
    for wrong_year in (_other_block_year(world), earlier):
        with pytest.raises(ValidationError) as excinfo:
            copy_table_forward(actor=None, table=table, to_block_year=wrong_year)
        assert list(excinfo.value.message_dict) == ["block_year"]
    assert not ScoringTable.objects.filter(block_year__in=[earlier, _other_block_year(world)]).exists()


def test_member_targets_are_refused_on_a_frozen_table(world) -> None:
    table = _table(world)
    criterion = update_criterion(actor=None, criterion=table.criteria.get(code="I.1"), formula="proportional")
    for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
        set_member_target(actor=None, criterion=criterion, unit=unit, target=D(10))
    freeze_table(actor=None, table=table)
    with pytest.raises(ValidationError) as excinfo:
        set_member_target(actor=None, criterion=criterion, unit=world.member_unit, target=D(20))
    assert "đã chốt" in excinfo.value.messages[0]
    assert criterion.targets.get(unit=world.member_unit).target == D(10)


def test_copy_forward_renames_the_year_and_flags_criteria_that_name_it(world, login) -> None:
    """Issue 15 item 3: the 2025 copy of the 2024 table is named for its own year,
    and the criteria whose text still names the old year are listed on its page; a document symbol's
    year (98/2023/NĐ-CP) and a longer number (120241) are not taken for the scoring year."""
    from django.urls import reverse

    table = _table(world)
    add_criterion(
        actor=None,
        table=table,
        kind=CriterionKind.BONUS,
        code="III",
        text="Chấm theo Bảng hướng dẫn năm 2024 của Khối",
        max_points=D(5),
    )
    add_criterion(
        actor=None,
        table=table,
        kind=CriterionKind.PENALTY,
        code="IV",
        text="Vi phạm Nghị định 98/2024/NĐ-CP, mã 120241",
        guidance="",
        max_points=D(10),
    )
    table.criteria.filter(code="I.1").update(guidance="Số liệu đến 31/12/2024")
    frozen = freeze_table(actor=None, table=table)
    next_year = set_block_year(
        actor=None,
        block=world.block,
        year=2025,
        members=[world.leader_unit, world.deputy_unit, world.member_unit],
        leader=world.deputy_unit,
        deputies=[world.member_unit],
    )
    copy = copy_table_forward(actor=None, table=frozen, to_block_year=next_year)
    assert copy.name == "Bảng điểm 2025"
    year, stale = stale_year_criteria(copy)
    assert year == 2024
    assert sorted(c.code for c in stale) == ["I.1", "III"]
    assert stale_year_criteria(frozen) == (None, [])
    page = login(world.user("board")).get(reverse("scoring:table", args=[copy.pk])).content.decode()
    assert 'id="stale-year"' in page and "III" in page
    assert "100 điểm" in page and "số điểm" not in page  # issue 15 item 2: not "100 số điểm"
    copy.criteria.filter(code__in=["I.1", "III"]).update(text="Theo Bảng năm 2025", guidance="")
    assert stale_year_criteria(copy) == (2024, [])
    page = login(world.user("board")).get(reverse("scoring:table", args=[copy.pk])).content.decode()
    assert 'id="stale-year"' not in page
