"""The statistics against counts made by hand over the generated history."""

from __future__ import annotations

from collections import Counter

import pytest

from thidua.blocks.models import Standing
from thidua.stats import queries
from thidua.stats.queries import Scope
from thidua.stats.tests.helpers import generate

pytestmark = pytest.mark.django_db


def _hand_totals(given, keep):
    counts: Counter[tuple[int, str]] = Counter()
    for g in given:
        if keep(g):
            counts[(g.year, "collective" if g.collective else "individual")] += 1
            if not g.collective:
                counts[(g.year, g.gender)] += 1
    return counts


def _as_counter(rows):
    counts: Counter[tuple[int, str]] = Counter()
    for r in rows:
        for key, name in (
            ("collective", "collective"),
            ("individual", "individual"),
            ("women", "female"),
            ("men", "male"),
        ):
            if r[key]:
                counts[(r["year"], name)] = r[key]
    return counts


def test_province_totals_equal_hand_counts(world):
    given = generate(world)
    rows = queries.totals_by_year(Scope(year_from=2021, year_to=2024))
    assert _as_counter(rows) == _hand_totals(given, lambda g: True)
    assert sum(r["collective"] + r["individual"] for r in rows) == len(given)


def test_unit_scope_counts_its_sub_units_and_people(world):
    given = generate(world)
    mine = {world.member_unit.pk, world.member_sub_unit.pk}
    rows = queries.totals_by_year(Scope(year_from=2021, year_to=2024, unit=world.member_unit))
    assert _as_counter(rows) == _hand_totals(given, lambda g: g.owner_unit in mine)


def test_block_scope_follows_each_years_members(world):
    given = generate(world)
    members = {
        2023: {world.leader_unit.pk, world.member_unit.pk, world.member_sub_unit.pk},
        2024: {world.leader_unit.pk, world.deputy_unit.pk, world.member_unit.pk, world.member_sub_unit.pk},
    }
    rows = queries.totals_by_year(Scope(year_from=2021, year_to=2024, block=world.block))
    expected = _hand_totals(given, lambda g: g.owner_unit in members.get(g.year, set()))
    assert _as_counter(rows) == expected
    assert {r["year"] for r in rows} == {2023, 2024}
    # The deputy's awards of 2023 are outside the block (it joined in 2024).
    assert expected[(2024, "collective")] > 0


def test_award_counts_by_title_level_and_gender(world):
    given = generate(world)
    rows = queries.award_counts(Scope(year_from=2022, year_to=2023))
    got: Counter[tuple] = Counter()
    for r in rows:
        got[(r["year"], r["code"], r["level"], r["gender"], "c")] += r["collective"]
        got[(r["year"], r["code"], r["level"], r["gender"], "i")] += r["individual"]
    hand = Counter(
        (g.year, g.code, g.level, g.gender, "c" if g.collective else "i")
        for g in given
        if 2022 <= g.year <= 2023
    )
    assert +got == hand


def test_leading_units_and_rankings(world):
    from django.utils import timezone

    generate(world)
    year_2023 = world.block.years.get(year=2023)
    for block_year, order in (
        (year_2023, [world.member_unit, world.leader_unit]),
        (world.block_year, [world.member_unit, world.leader_unit, world.deputy_unit]),
    ):
        for rank, unit in enumerate(order, start=1):
            Standing.objects.create(
                block_year=block_year, unit=unit, rank=rank, source="recorded", recorded_at=timezone.now()
            )
    leaders = queries.leading_units(Scope(year_from=2021, year_to=2024, block=world.block))
    assert [(r["unit__name"], r["times"]) for r in leaders] == [(world.member_unit.name, 2)]
    ranks = queries.rankings(Scope(year_from=2024, year_to=2024))
    assert [(r["rank"], r["unit__name"]) for r in ranks] == [
        (1, world.member_unit.name),
        (2, world.leader_unit.name),
        (3, world.deputy_unit.name),
    ]


def test_statistics_take_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    generate(world)
    with django_assert_max_num_queries(12):
        queries.statistics(Scope(year_from=2021, year_to=2024, block=world.block))
