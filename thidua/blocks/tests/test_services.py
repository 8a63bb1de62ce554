from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thidua.audit.models import AuditEntry
from thidua.blocks import services
from thidua.blocks.audit_actions import BlockAction
from thidua.blocks.models import BlockYear, MemberRole, Membership, RotationMethod
from thidua.testing import make_unit


def _set(world, year, members, leader, deputies):
    return services.set_block_year(
        actor=world.user("board"),
        block=world.block,
        year=year,
        members=members,
        leader=leader,
        deputies=deputies,
    )


def test_block_year_has_one_leader_and_deputies_among_members(world) -> None:
    block_year = BlockYear.objects.with_members().get(pk=world.block_year.pk)
    assert block_year.leader == world.leader_unit
    assert block_year.deputies == [world.deputy_unit]


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("no_deputy", "deputies"),
        ("leader_outside", "leader"),
        ("leader_is_deputy", "deputies"),
        ("deputy_outside", "deputies"),
        ("one_member", "members"),
    ],
)
def test_bad_membership_is_refused_and_changes_nothing(world, case, field) -> None:
    w = world
    members, leader, deputies = [w.leader_unit, w.deputy_unit, w.member_unit], w.deputy_unit, [w.member_unit]
    if case == "no_deputy":
        deputies = []
        w.block.deputy_required = True  # the setting (R-BLK-01, D13); off by default
        w.block.save()
    elif case == "leader_outside":
        leader = w.outside_unit
    elif case == "leader_is_deputy":
        deputies = [w.deputy_unit]
    elif case == "deputy_outside":
        deputies = [w.outside_unit]
    elif case == "one_member":
        members = [w.deputy_unit]
    before = list(Membership.objects.order_by("id").values_list("block_year_id", "unit_id", "role"))
    with pytest.raises(ValidationError) as excinfo:
        _set(w, 2024, members, leader, deputies)
    assert field in excinfo.value.message_dict
    assert list(Membership.objects.order_by("id").values_list("block_year_id", "unit_id", "role")) == before
    if case == "no_deputy":
        assert "bắt buộc mỗi năm có ít nhất một Khối phó" in excinfo.value.message_dict["deputies"][0]


def test_a_leader_without_a_deputy_when_the_block_does_not_require_one(world) -> None:
    w = world
    assert w.block.deputy_required is False  # the default
    _set(w, 2025, [w.deputy_unit, w.member_unit], w.deputy_unit, [])
    block_year = BlockYear.objects.with_members().get(block=w.block, year=2025)
    assert (block_year.leader, block_year.deputies) == (w.deputy_unit, [])
    assert block_year.labelled_deputies == []
    # Dropping this year's deputy works too.
    _set(w, 2024, [w.leader_unit, w.deputy_unit, w.member_unit], w.leader_unit, [])
    assert not Membership.objects.filter(block_year=w.block_year, role=MemberRole.DEPUTY).exists()


def test_deputies_keep_the_order_given_and_are_numbered(world) -> None:
    w = world
    members = [w.leader_unit, w.deputy_unit, w.member_unit]
    # "Văn phòng UBND tỉnh" then "Sở Nội vụ": not the order of their names.
    _set(w, 2024, members, w.leader_unit, [w.deputy_unit, w.member_unit])
    block_year = BlockYear.objects.with_members().get(pk=w.block_year.pk)
    assert block_year.deputies == [w.deputy_unit, w.member_unit]
    assert block_year.labelled_deputies == [("Khối phó 1", w.deputy_unit), ("Khối phó 2", w.member_unit)]
    entry = AuditEntry.objects.filter(action=BlockAction.BLOCKYEAR_UPDATE, object_id=str(w.block_year.pk))
    assert (entry.latest("id").after or {})["deputies"] == [w.deputy_unit.pk, w.member_unit.pk]
    _set(w, 2024, members, w.leader_unit, [w.member_unit, w.deputy_unit])
    block_year = BlockYear.objects.with_members().get(pk=w.block_year.pk)
    assert block_year.deputies == [w.member_unit, w.deputy_unit]
    assert list(
        Membership.objects.filter(block_year=w.block_year, role=MemberRole.DEPUTY)
        .order_by("deputy_order")
        .values_list("unit_id", "deputy_order")
    ) == [(w.member_unit.pk, 1), (w.deputy_unit.pk, 2)]
    w.block.kind = "cluster"
    w.block.save()
    block_year = BlockYear.objects.with_members().get(pk=w.block_year.pk)
    assert [label for label, _unit in block_year.labelled_deputies] == ["Cụm phó 1", "Cụm phó 2"]
    _set(w, 2024, members, w.leader_unit, [w.deputy_unit])
    block_year = BlockYear.objects.with_members().get(pk=w.block_year.pk)
    assert block_year.labelled_deputies == [("Cụm phó", w.deputy_unit)]


def test_the_database_refuses_a_deputy_order_on_a_member_and_a_shared_place(world) -> None:
    w = world
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(block_year=w.block_year, unit=w.member_unit).update(deputy_order=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(block_year=w.block_year, unit=w.member_unit).update(
            role=MemberRole.DEPUTY, deputy_order=1
        )


def test_sub_units_cannot_be_members(world) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _set(
            world,
            2025,
            [world.deputy_unit, world.member_unit, world.member_sub_unit],
            world.deputy_unit,
            [world.member_unit],
        )
    assert "members" in excinfo.value.message_dict


def test_database_refuses_a_second_leader(world) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(block_year=world.block_year, unit=world.member_unit).update(
            role=MemberRole.LEADER
        )


def test_rotation_refuses_leading_two_years_running(world) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _set(
            world,
            2025,
            [world.leader_unit, world.deputy_unit, world.member_unit],
            world.leader_unit,
            [world.deputy_unit],
        )
    assert "2024" in str(excinfo.value)
    assert not BlockYear.objects.filter(block=world.block, year=2025).exists()


def test_rotation_gap_is_configurable(world) -> None:
    world.block.rotation_gap_years = 0
    world.block.save()
    _set(
        world,
        2025,
        [world.leader_unit, world.deputy_unit, world.member_unit],
        world.leader_unit,
        [world.deputy_unit],
    )
    world.block.rotation_gap_years = 2
    world.block.save()
    with pytest.raises(ValidationError):
        _set(
            world,
            2026,
            [world.leader_unit, world.deputy_unit, world.member_unit],
            world.leader_unit,
            [world.member_unit],
        )


def test_saving_a_year_again_replaces_its_membership(world) -> None:
    extra = make_unit("SO-TP", "Sở Tư pháp", parent=world.province)
    _set(world, 2024, [world.leader_unit, world.deputy_unit, extra], world.leader_unit, [extra])
    block_year = BlockYear.objects.with_members().get(pk=world.block_year.pk)
    assert {m.unit for m in block_year.memberships.all()} == {world.leader_unit, world.deputy_unit, extra}
    assert block_year.deputies == [extra]


def test_suggestion_lets_the_deputy_succeed(world) -> None:
    suggestion = services.suggest_next_leadership(world.block_year)
    assert suggestion.year == 2025
    assert suggestion.leader == world.deputy_unit
    assert suggestion.deputy == world.member_unit  # never held a role: waited longest
    assert any(str(world.leader_unit) in reason for reason in suggestion.reasons)


def test_suggestion_falls_back_to_longest_waiting(world) -> None:
    world.block.rotation_method = RotationMethod.LONGEST_WAITING
    world.block.save()
    suggestion = services.suggest_next_leadership(world.block_year)
    # The deputy and the plain member have never led; ties go by Vietnamese name order.
    assert suggestion.leader == world.member_unit  # "Sở Nội vụ" before "Văn phòng UBND tỉnh"
    assert suggestion.leader != world.leader_unit


def test_suggested_leader_always_respects_the_rotation_rule(world) -> None:
    block_year = world.block_year
    for year in range(2025, 2031):
        suggestion = services.suggest_next_leadership(block_year)
        assert suggestion.leader is not None and suggestion.deputy is not None
        block_year = _set(
            world,
            year,
            [world.leader_unit, world.deputy_unit, world.member_unit],
            suggestion.leader,
            [suggestion.deputy],
        )
    leaders = [y.leader for y in BlockYear.objects.filter(block=world.block).with_members().order_by("year")]
    assert all(a != b for a, b in zip(leaders, leaders[1:], strict=False))


def test_history_shows_who_joined_and_left(world) -> None:
    extra = make_unit("SO-TP", "Sở Tư pháp", parent=world.province)
    _set(world, 2025, [world.deputy_unit, world.member_unit, extra], world.deputy_unit, [extra])
    first, second = services.block_history(world.block)
    assert first.block_year.year == 2024 and first.joined == [] and first.left == []
    assert second.joined == [extra]
    assert second.left == [world.leader_unit]
    assert second.leader == world.deputy_unit


def test_rotation_is_checked_against_later_years_too(world) -> None:
    _set(
        world,
        2025,
        [world.leader_unit, world.deputy_unit, world.member_unit],
        world.deputy_unit,
        [world.member_unit],
    )
    with pytest.raises(ValidationError):  # re-editing 2024 with 2025's leader
        _set(
            world,
            2024,
            [world.leader_unit, world.deputy_unit, world.member_unit],
            world.deputy_unit,
            [world.member_unit],
        )
