"""`PollResult`: the exact JSON round trip of a poll's stored result, over the shapes the count and
the acclamation write (the conftest checks every result the conferences tests store as well)."""

from __future__ import annotations

import json

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


def _round_trips(typed: PollResult) -> PollResult:
    data = json.loads(json.dumps(typed.to_json()))  # as the JSON column gives it back
    assert PollResult.from_json(data) == typed
    assert PollResult.from_json(data).to_json() == data
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
    data = counting.build_result(_spec(), counts, entitled=3, present=3, paper=False).to_json()
    with pytest.raises(ValueError):
        PollResult.from_json({**data, "surprise": 1})


def test_the_stored_keys_keep_the_order_the_count_always_wrote() -> None:
    """The JSON text of a result is the one the writers stored before the types (SQLite keeps it as
    written): the keys in the same order, an optional key only when it was written."""
    counts = counting.count_ballots(_spec(), [([11], 1), ([11], 1), ([12], 1)])
    counted = counting.build_result(_spec(), counts, entitled=3, present=3, paper=False).to_json()
    assert list(counted) == [
        "paper", "entitled", "present", "cast", "invalid", "valid", "blank", "threshold", "options",
        "ballot_set_hash", "roll_fingerprint", "order", "places", "tied_places",
    ]  # fmt: skip
    assert list(counted["options"][0]) == [
        "id", "label", "unit_id", "votes", "verdict", "score_rank", "rank", "separated_by",
    ]  # fmt: skip
    assert list(counted["options"][0]["verdict"]) == ["passed", "got", "needed", "base"]
    assert list(counted["places"][0]) == ["option_id", "unit_id", "place"]
    assert list(counted["threshold"]) == ["numerator", "denominator", "comparison", "base", "yes_answers"]
    spec = _spec(select=False)
    question = counting.build_result(
        spec, counting.count_ballots(spec, [({"11": "Y"}, 1)]), entitled=3, present=3, paper=True
    ).to_json()
    assert list(question["options"][0]) == [
        "id",
        "label",
        "unit_id",
        "yes",
        "no",
        "abstain",
        "verdict",
        "score_rank",
    ]
    agreed = counting.acclamation_result(_spec(), {11: 1, 12: 1}, entitled=3, present=3).to_json()
    assert list(agreed) == [
        "paper", "acclamation", "entitled", "present", "threshold", "options", "roll_fingerprint",
        "order", "places", "tied_places", "shared_places",
    ]  # fmt: skip
    assert list(agreed["options"][0]) == ["id", "label", "unit_id", "verdict", "score_rank", "rank"]
    assert list(agreed["options"][2]) == ["id", "label", "unit_id", "verdict", "score_rank"]
    assert list(agreed["options"][0]["verdict"]) == ["passed", "acclamation"]
