"""The batch's status-only path (`statuses.py`) answers what the explained rules answer: the same
status and the same rules not met as `rules.evaluate_person` for every individual title, and as
`rules.evaluate_unit` for the collective titles that read their members, on random histories and
random settings (no database)."""

from __future__ import annotations

import datetime
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.awards.facts import MemberCounts, World
from thidua.awards.models import (
    CapBase,
    CapRounding,
    CaseKind,
    DisciplineCountsFrom,
    EligibilitySettings,
    default_blocking_kinds,
)
from thidua.awards.rules import (
    INDIVIDUAL_CODES,
    Context,
    evaluate_person,
    evaluate_unit,
    priority,
    unit_priority,
)
from thidua.awards.statuses import Decider
from thidua.awards.tests.helpers import KINDS, VERSIONS, YEAR, random_day, random_person, random_unit

D = datetime.date


def random_context(rng: random.Random) -> Context:
    """Law.md's defaults half of the time; otherwise every setting the rules read, at random,
    sometimes without a version in force for some titles, sometimes on a date inside the year."""
    values: dict = {"valid_from": D(2024, 1, 1)}
    if rng.random() < 0.5:
        values.update(
            ldtt_min_months=rng.choice([0, 6, 12]),
            cstdcs_cap_pct=rng.choice([None, 15, 15, 30]),
            cstdcs_cap_base=rng.choice(CapBase.values),
            cstdcs_cap_rounding=rng.choice(CapRounding.values),
            cstdcs_both_from=rng.choice([None, D(YEAR, 1, 1), D(YEAR + 1, 1, 1)]),
            chain_reuse=rng.random() < 0.5,
            initiative_strict=rng.random() < 0.6,
            pm_run_years=rng.choice([3, 5, 6]),
            pm_run_counts_award_year=rng.random() < 0.4,
            discipline_counts_from=rng.choice(DisciplineCountsFrom.values),
            blocking_case_kinds=rng.sample(CaseKind.values, k=rng.randint(0, len(CaseKind.values))),
            ldtt_share_pct=rng.choice([50, 70, 100]),
            ttldxs_no_discipline=rng.random() < 0.5,
        )
    else:
        values["blocking_case_kinds"] = default_blocking_kinds()
    versions = {code: v for code, v in VERSIONS.items() if rng.random() > 0.15}
    on = D(YEAR, 12, 31) if rng.random() < 0.7 else random_day(rng, YEAR)
    world = World(year=YEAR, codes={}, kinds=KINDS)
    return Context(YEAR, on, EligibilitySettings(**values), versions, world, {})


def _compare(rng: random.Random, seen: Counter | None = None) -> None:
    person, ctx = random_person(rng), random_context(rng)
    decider = Decider(ctx)
    for code in INDIVIDUAL_CODES:
        verdict = evaluate_person(person, code, ctx)
        expected = (verdict.status, ", ".join(verdict.failed_rules))
        assert decider.decide(person, code) == expected, (code, person, ctx.settings.__dict__, ctx.on)
        if seen is not None:
            seen[(code, verdict.status)] += 1
            seen.update(verdict.failed_rules)

    unit, members = random_unit(rng)
    ctx.world.people = {member.id: member for member in members}
    counts = MemberCounts()
    for member in members:
        counts.add(decider.member_bits(member), female=member.gender == "female")
    assert unit_priority(counts.women, counts.total) == priority(unit=unit)
    for code in ("TTLDTT", "TTLDXS"):
        verdict = evaluate_unit(unit, code, ctx)
        expected = (verdict.status, ", ".join(verdict.failed_rules))
        assert decider.decide_unit(unit, code, counts) == expected, (
            code,
            unit,
            members,
            ctx.settings.__dict__,
        )
        if seen is not None:
            seen[(code, verdict.status)] += 1
            seen.update(verdict.failed_rules)


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False))
def test_statuses_equal_the_explained_verdicts(rng) -> None:
    _compare(rng)


def test_statuses_equal_the_explained_verdicts_on_every_branch() -> None:
    """Fixed seeds, with proof that the comparison reached every status of every title and every rule
    these titles can fail."""
    seen: Counter = Counter()
    for seed in range(4000):
        _compare(random.Random(seed), seen)
    statuses = {"eligible", "not_eligible", "needs_check"}
    outcomes = {key: n for key, n in seen.items() if isinstance(key, tuple)}
    for code in (*INDIVIDUAL_CODES, "TTLDTT", "TTLDXS"):
        possible = statuses - {"eligible"} if code == "GIAY_KHEN" else statuses
        assert {status for (c, status) in outcomes if c == code} == possible, code
    failed = {
        "R-GEN-01",
        "R-GEN-02",
        "R-GEN-04",
        "R-IND-01",
        "R-IND-02",
        "R-IND-02, R-GEN-05",
        "R-IND-03",
        "R-IND-05",
        "R-IND-05, R-GEN-05",
        "R-IND-07",
        "R-IND-07, R-GEN-05",
        "Art 75",
        "R-GEN-01, R-BLK-07",
        "R-COL-01",
        "R-COL-02",
    }
    assert {key for key in seen if isinstance(key, str)} == failed
    # Rare outcomes are reached more than once, not by a fluke.
    assert min(outcomes.values()) >= 5, outcomes
