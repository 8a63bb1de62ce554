"""Criteria scored in proportion to each member's own target, capped at the maximum (issue 3 item 3)."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from thidua.scoring.models import Criterion, CriterionKind, CriterionTarget, Formula, ScoreEntry
from thidua.scoring.services.cards import open_scorecards, set_self_score
from thidua.scoring.services.covenant import add_target, create_covenant, open_for_signing, sign_covenant
from thidua.scoring.services.tables import (
    formula_score,
    freeze_table,
    set_member_target,
    table_problems,
    update_criterion,
)
from thidua.scoring.tests.test_tables import _table


def _formula_table(world: Any) -> Any:
    table = _table(world)
    update_criterion(actor=None, criterion=table.criteria.get(code="I.1"), formula=Formula.PROPORTIONAL)
    return table


def test_every_member_needs_a_target_before_freezing(world) -> None:
    table = _formula_table(world)
    assert any("I.1" in p and "3" in p for p in table_problems(table))
    criterion = table.criteria.get(code="I.1")
    for unit, target in ((world.leader_unit, "100"), (world.deputy_unit, "80"), (world.member_unit, "120")):
        set_member_target(actor=None, criterion=criterion, unit=unit, target=D(target))
    assert table_problems(table) == []
    with pytest.raises(ValidationError):
        set_member_target(actor=None, criterion=criterion, unit=world.outside_unit, target=D(5))
    with pytest.raises(ValidationError):
        set_member_target(
            actor=None, criterion=table.criteria.get(code="I.2"), unit=world.member_unit, target=D(5)
        )


def test_self_score_follows_from_what_was_achieved(world) -> None:
    table = _formula_table(world)
    criterion = table.criteria.get(code="I.1")  # 40 points, step 0.5
    for unit, target in ((world.leader_unit, "100"), (world.deputy_unit, "80"), (world.member_unit, "120")):
        set_member_target(actor=None, criterion=criterion, unit=unit, target=D(target))
    table = freeze_table(actor=None, table=table)
    covenant = create_covenant(actor=None, block_year=world.block_year, content="x")
    add_target(actor=None, covenant=covenant, text="t")
    open_for_signing(actor=None, covenant=covenant, table=table)
    for persona, unit in (
        ("leader", world.leader_unit),
        ("board", world.deputy_unit),
        ("member", world.member_unit),
    ):
        sign_covenant(actor=world.user(persona), covenant=covenant, unit=unit)
    card = next(
        c for c in open_scorecards(actor=None, block_year=world.block_year) if c.unit == world.member_unit
    )
    entry = set_self_score(actor=None, card=card, criterion=criterion, score=None, achieved=D(90))
    assert (entry.achieved, entry.self_score) == (D(90), D(30))  # 40 × 90 / 120
    entry = set_self_score(actor=None, card=card, criterion=criterion, score=D(1), achieved=D(150))
    assert entry.self_score == D(40)  # capped; a typed score is ignored for a formula criterion
    entry = set_self_score(actor=None, card=card, criterion=criterion, score=None, achieved=D(100))
    assert entry.self_score == D("33.0")  # 33.33 rounded down to the 0.5 step
    with pytest.raises(ValidationError):
        set_self_score(actor=None, card=card, criterion=criterion, score=None, achieved=D(-1))


@given(st.decimals(min_value=1, max_value=1000, places=2), st.decimals(min_value=0, max_value=5000, places=2))
def test_formula_score_stays_between_zero_and_the_maximum_on_the_step(target: D, achieved: D) -> None:
    criterion = Criterion(code="X", text="x", kind=CriterionKind.NORMAL, max_points=D(40), step=D("0.5"))
    score = formula_score(criterion, target, achieved)
    assert D(0) <= score <= D(40)
    assert score % D("0.5") == 0
    assert score <= D(40) * achieved / target


def test_targets_and_achieved_through_the_pages(world, login) -> None:
    from django.urls import reverse

    table = _formula_table(world)
    criterion = table.criteria.get(code="I.1")
    leader = login(world.user("leader"))
    data = {f"target-{u.pk}": "120" for u in (world.leader_unit, world.deputy_unit, world.member_unit)}
    url = reverse("scoring:criterion_targets", args=[table.pk, criterion.pk])
    assert leader.post(url, data).status_code == 302
    assert CriterionTarget.objects.filter(criterion=criterion).count() == 3
    page = leader.get(reverse("scoring:table", args=[table.pk])).content.decode()
    assert 'name="target-' in page
    table = freeze_table(actor=None, table=table)
    covenant = create_covenant(actor=None, block_year=world.block_year, content="x")
    add_target(actor=None, covenant=covenant, text="t")
    open_for_signing(actor=None, covenant=covenant, table=table)
    for persona, unit in (
        ("leader", world.leader_unit),
        ("board", world.deputy_unit),
        ("member", world.member_unit),
    ):
        sign_covenant(actor=world.user(persona), covenant=covenant, unit=unit)
    card = next(
        c for c in open_scorecards(actor=None, block_year=world.block_year) if c.unit == world.member_unit
    )
    member = login(world.user("member"))
    response = member.post(
        reverse("scoring:score", args=[card.pk, criterion.pk]), {"achieved": "60"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'name="achieved"' in response.content.decode()
    assert ScoreEntry.objects.get(scorecard=card, criterion=criterion).self_score == D(20)
