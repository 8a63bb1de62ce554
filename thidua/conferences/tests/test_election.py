"""Electing next year's leader and deputy creates next year's block year, under the rotation rule."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from thidua.blocks.models import BlockYear
from thidua.conferences import services
from thidua.conferences.tests.helpers import delegate, make_conference, option_for


def _elect(world, conference, kind, unit):
    board = world.user("board")
    poll = services.create_poll(actor=board, conference=conference, kind=kind)
    services.open_poll(actor=board, poll=poll)
    for voter in (world.leader_unit, world.deputy_unit, world.member_unit):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, voter), choice=[option_for(poll, unit)]
        )
    return services.publish_poll(actor=board, poll=services.close_poll(actor=board, poll=poll))


def test_leader_poll_offers_only_members_the_rotation_allows(world) -> None:
    w = world
    conference = make_conference(w)
    poll = services.create_poll(actor=w.user("board"), conference=conference, kind="leader")
    # This year's leader may not lead two years running (R-BLK-02, gap 1).
    assert set(poll.options.values_list("unit_id", flat=True)) == {w.deputy_unit.pk, w.member_unit.pk}
    with pytest.raises(ValidationError, match="luân phiên"):
        services.set_options(actor=w.user("board"), poll=poll, options=[(str(w.leader_unit), w.leader_unit)])


def test_when_a_deputy_is_required_both_published_create_next_year(world) -> None:
    w = world
    w.block.deputy_required = True
    w.block.save()
    conference = make_conference(w)
    _elect(w, conference, "leader", w.deputy_unit)
    assert not BlockYear.objects.filter(block=w.block, year=2025).exists()
    deputy_poll = _elect(w, conference, "deputy", w.member_unit)
    # The elected leader is not offered as deputy.
    assert w.deputy_unit.pk not in set(deputy_poll.options.values_list("unit_id", flat=True))
    next_year = BlockYear.objects.with_members().get(block=w.block, year=2025)
    assert next_year.leader == w.deputy_unit
    assert next_year.deputies == [w.member_unit]
    assert {m.unit_id for m in next_year.memberships.all()} == {
        w.leader_unit.pk,
        w.deputy_unit.pk,
        w.member_unit.pk,
    }
    assert conference.title in next_year.note


def test_an_existing_next_year_keeps_its_members(world) -> None:
    w = world
    from thidua.blocks.services import set_block_year

    set_block_year(
        actor=w.user("board"),
        block=w.block,
        year=2025,
        members=[w.leader_unit, w.deputy_unit, w.member_unit],
        leader=w.member_unit,
        deputies=[w.leader_unit],
        note="Đã lập trước",
    )
    conference = make_conference(w)
    _elect(w, conference, "leader", w.deputy_unit)
    _elect(w, conference, "deputy", w.leader_unit)
    next_year = BlockYear.objects.with_members().get(block=w.block, year=2025)
    assert (next_year.leader, next_year.deputies, next_year.note) == (
        w.deputy_unit,
        [w.leader_unit],
        "Đã lập trước",
    )


def test_without_the_setting_the_leader_alone_creates_next_year_and_the_deputy_joins_later(world) -> None:
    w = world
    assert w.block.deputy_required is False  # the default
    conference = make_conference(w)
    _elect(w, conference, "leader", w.deputy_unit)
    next_year = BlockYear.objects.with_members().get(block=w.block, year=2025)
    assert (next_year.leader, next_year.deputies) == (w.deputy_unit, [])
    assert "Khối trưởng được bầu tại" in next_year.note
    _elect(w, conference, "deputy", w.member_unit)
    next_year = BlockYear.objects.with_members().get(block=w.block, year=2025)
    assert (next_year.leader, next_year.deputies) == (w.deputy_unit, [w.member_unit])


def test_a_leader_poll_alone_keeps_the_deputies_an_existing_next_year_has(world) -> None:
    w = world
    from thidua.blocks.services import set_block_year

    set_block_year(
        actor=w.user("board"),
        block=w.block,
        year=2025,
        members=[w.leader_unit, w.deputy_unit, w.member_unit],
        leader=w.member_unit,
        deputies=[w.leader_unit],
    )
    _elect(w, make_conference(w), "leader", w.deputy_unit)
    next_year = BlockYear.objects.with_members().get(block=w.block, year=2025)
    assert (next_year.leader, next_year.deputies) == (w.deputy_unit, [w.leader_unit])
