"""Thresholds: the boundary table of voting-scoring.md C5 and a Fraction reference over generated cases."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.lib.thresholds import Comparison, Threshold

AT_LEAST = Comparison.AT_LEAST
MORE_THAN = Comparison.MORE_THAN


@pytest.mark.parametrize(
    ("p", "q", "comparison", "base", "needed"),
    [
        (2, 3, AT_LEAST, 9, 6),  # two-thirds of 9 is 6, not 7 (OpenSlides PR #5614)
        (2, 3, MORE_THAN, 9, 7),
        (2, 3, AT_LEAST, 10, 7),
        (1, 2, MORE_THAN, 8, 5),  # more than half of 8
        (1, 2, AT_LEAST, 8, 4),
        (1, 2, MORE_THAN, 7, 4),
        (4, 5, AT_LEAST, 11, 9),  # R-VOTE-03: 80 % of 11 needs 9
        (9, 10, AT_LEAST, 11, 10),  # R-VOTE-03: 90 % of 11 needs 10
        (9, 10, AT_LEAST, 10, 9),
        (1, 1, AT_LEAST, 6, 6),  # unanimity
        (1, 1, MORE_THAN, 6, 7),  # "more than all" cannot pass
        (0, 1, MORE_THAN, 6, 1),
        (1, 2, MORE_THAN, 0, 1),
    ],
)
def test_needed_votes_at_the_boundaries(p, q, comparison, base, needed) -> None:
    threshold = Threshold(p, q, comparison)
    assert threshold.needed(base) == needed
    assert threshold.passes(needed, base)
    assert not threshold.passes(needed - 1, base)


def test_verdict_carries_its_margin() -> None:
    verdict = Threshold(1, 2, MORE_THAN).verdict(got=7, base=8)
    assert verdict.as_dict() == {"passed": True, "got": 7, "needed": 5, "base": 8}
    assert not Threshold(1, 1, MORE_THAN).verdict(got=6, base=6).reachable


@pytest.mark.parametrize(("p", "q"), [(3, 2), (-1, 2), (1, 0)])
def test_a_threshold_is_a_proper_fraction(p, q) -> None:
    with pytest.raises(ValueError):
        Threshold(p, q)


@given(
    q=st.integers(min_value=1, max_value=1000),
    data=st.data(),
    comparison=st.sampled_from(list(Comparison)),
    base=st.integers(min_value=0, max_value=100_000),
)
def test_integer_verdicts_agree_with_fractions(q, data, comparison, base) -> None:
    p = data.draw(st.integers(min_value=0, max_value=q))
    got = data.draw(st.integers(min_value=0, max_value=base + 2))
    threshold = Threshold(p, q, comparison)
    share = Fraction(p, q) * base
    expected = got >= share if comparison == AT_LEAST else got > share
    assert threshold.passes(got, base) == expected
    needed = threshold.needed(base)
    assert needed >= 0
    # `needed` is the smallest passing count.
    assert threshold.passes(needed, base)
    assert needed == 0 or not threshold.passes(needed - 1, base)
