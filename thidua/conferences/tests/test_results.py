"""`PollResult`: the exact JSON round trip of a poll's stored result, over the shapes the count and
the acclamation write (the conftest checks every result the conferences tests store as well)."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.conferences import counting
from thidua.conferences.results import ABSENT, PollResult
from thidua.lib.thresholds import Comparison, Threshold

OPTIONS = [counting.OptionInfo(11, "A", 1), counting.OptionInfo(12, "B", 2), counting.OptionInfo(13, "C", 3)]


def _spec(select: bool = True, leading_units_max: int = 1) -> counting.PollSpec:
    return counting.PollSpec(
        select=select,
        max_choices=2,
        ranks_to_fill=3,
        threshold=Threshold(1, 2, Comparison.MORE_THAN),
        base="entitled",
        yes_answers="yes",
        tie_break="none",
        options=OPTIONS,
        leading_units_max=leading_units_max,
    )


def _round_trips(data: dict[str, Any]) -> PollResult:
    typed = PollResult.from_json(data)
    assert typed.to_json() == data
    assert PollResult.from_json(typed.to_json()) == typed
    return typed


def test_a_counted_ranking_with_a_tie_round_trips_with_separated_by_none() -> None:
    counts = counting.count_ballots(_spec(), [([11, 12], 1), ([11, 12], 1), ([13], 1)])
    data = counting.build_result(_spec(), counts, entitled=3, present=3, paper=False, ballot_hash="h")
    typed = _round_trips(data)
    assert [o.separated_by for o in typed.options if o.id == 12] == [None]
    assert typed.shared_places is ABSENT and "shared_places" not in typed.to_json()


def test_a_shared_first_place_is_kept_only_when_recorded() -> None:
    counts = counting.count_ballots(_spec(), [([11, 12], 1), ([11, 12], 1), ([13], 1)])
    data = counting.build_result(
        _spec(leading_units_max=2), counts, entitled=3, present=3, paper=False, ballot_hash="h"
    )
    assert _round_trips(data).shared_places == (1,)


def test_a_question_poll_round_trips_without_places() -> None:
    spec = _spec(select=False)
    counts = counting.count_ballots(spec, [({"11": "Y", "12": "N", "13": "A"}, 2)])
    typed = _round_trips(counting.build_result(spec, counts, entitled=3, present=2, paper=True))
    assert typed.places is ABSENT and typed.options[0].yes == 2 and typed.options[0].votes is ABSENT


@pytest.mark.parametrize("select", [True, False])
def test_an_acclamation_round_trips(select: bool) -> None:
    chosen: dict[int, int | None] = {11: 1, 12: 1} if select else {11: None}
    typed = _round_trips(counting.acclamation_result(_spec(select), chosen, entitled=3, present=3))
    assert typed.by_acclamation and typed.cast is ABSENT


def test_an_unknown_key_is_refused() -> None:
    counts = counting.count_ballots(_spec(), [([11], 1)])
    data = counting.build_result(_spec(), counts, entitled=3, present=3, paper=False)
    with pytest.raises(ValueError):
        PollResult.from_json({**data, "surprise": 1})
