"""Counting a poll: pure functions from ballots (or typed-in paper counts) to the frozen result.

The result (`results.PollResult`, stored as its JSON) holds the base numbers (voters on the roll, present, ballots cast, valid, blank, invalid),
each option's counts and verdict with its margin (R-VOTE-03: exact integers), the order of
candidates with the key that separated each pair (votes, then the scoring ranking when configured),
the places filled, and the hash of the ballot set. `thidua recount` runs the same code on the stored
ballots and must reproduce it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from thidua.conferences.results import (
    ABSENT,
    OptionResult,
    Place,
    PollResult,
    StoredThreshold,
    StoredVerdict,
)
from thidua.lib.ranking import Candidate, TieBreak, rank
from thidua.lib.thresholds import Threshold, Verdict


@dataclass(frozen=True)
class OptionInfo:
    id: int
    label: str
    unit_id: int | None
    score_rank: int | None = None  # the unit's place in the published scoring ranking, if any


@dataclass(frozen=True)
class PollSpec:
    """What counting needs to know about a poll, fixed when it opens."""

    select: bool
    max_choices: int
    ranks_to_fill: int
    threshold: Threshold
    base: str  # entitled | present | cast | valid | yes_no
    yes_answers: str  # yes | yes_abstain
    tie_break: str  # score | none
    options: Sequence[OptionInfo]
    # How many units may share first place (the block's `leading_units_max` for a ranking poll; 1 for
    # an election, which has one winner).
    leading_units_max: int = 1


def canonical(choice: Any) -> str:
    return json.dumps(choice, sort_keys=True, separators=(",", ":"))


def ballot_set_hash(votes: Iterable[Any], receipts: Iterable[str]) -> str:
    """SHA-256 over the sorted votes (one choice per vote) and, apart, the sorted receipt hashes:
    independent of storage order, and joining no receipt to a choice (issue 11)."""
    lines = sorted(canonical(choice) for choice in votes)
    return hashlib.sha256(("\n".join(lines) + "\n--\n" + "\n".join(sorted(receipts))).encode()).hexdigest()


def count_ballots(spec: PollSpec, ballots: Iterable[tuple[Any, int]]) -> dict[str, Any]:
    """Weighted counts from electronic ballots (which are always valid)."""
    cast = blank = 0
    votes = {o.id: 0 for o in spec.options}
    answers = {o.id: {"Y": 0, "N": 0, "A": 0} for o in spec.options}
    for choice, weight in ballots:
        cast += weight
        if spec.select:
            if not choice:
                blank += weight
            for option_id in choice:
                votes[int(option_id)] += weight
        else:
            for option_id, answer in choice.items():
                answers[int(option_id)][answer] += weight
    return {
        "cast": cast,
        "invalid": 0,
        "blank": blank,
        "votes": votes if spec.select else None,
        "answers": None if spec.select else answers,
    }


def build_result(
    spec: PollSpec,
    counts: dict[str, Any],
    *,
    entitled: int,
    present: int,
    paper: bool,
    ballot_hash: str = "",
    roll_fingerprint: str = "",
) -> PollResult:
    """The frozen result of a poll from its counts and the snapshotted roll numbers (stored as its
    `to_json()`).

    R-VOTE-02 (NĐ 98/2023 Art 30(7)): the base may be the whole roll ("entitled", the default), as
    the council rules count on all members; R-VOTE-03: every verdict in integers with its margin.
    """
    cast = counts["cast"]
    valid = cast - counts["invalid"]
    bases = {"entitled": entitled, "present": present, "cast": cast, "valid": valid}
    options: list[OptionResult] = []
    for option in spec.options:
        if spec.select:
            yes = counts["votes"][option.id]
            base = valid if spec.base == "yes_no" else bases[spec.base]
            row = OptionResult(
                id=option.id,
                label=option.label,
                unit_id=option.unit_id,
                verdict=_stored(spec.threshold.verdict(yes, base)),
                score_rank=option.score_rank,
                votes=yes,
            )
        else:
            answer = counts["answers"][option.id]
            yes = answer["Y"] + (answer["A"] if spec.yes_answers == "yes_abstain" else 0)
            base = answer["Y"] + answer["N"] if spec.base == "yes_no" else bases[spec.base]
            row = OptionResult(
                id=option.id,
                label=option.label,
                unit_id=option.unit_id,
                verdict=_stored(spec.threshold.verdict(yes, base)),
                score_rank=option.score_rank,
                yes=answer["Y"],
                no=answer["N"],
                abstain=answer["A"],
            )
        options.append(row)
    result = PollResult(
        paper=paper,
        entitled=entitled,
        present=present,
        cast=cast,
        invalid=counts["invalid"],
        valid=valid,
        blank=counts["blank"],
        threshold=_threshold(spec),
        options=tuple(options),
        ballot_set_hash=ballot_hash,
        roll_fingerprint=roll_fingerprint,
    )
    return _places(spec, result) if spec.select else result


def _stored(verdict: Verdict) -> StoredVerdict:
    return StoredVerdict(passed=verdict.passed, got=verdict.got, needed=verdict.needed, base=verdict.base)


def _threshold(spec: PollSpec) -> StoredThreshold:
    return StoredThreshold(
        numerator=spec.threshold.numerator,
        denominator=spec.threshold.denominator,
        comparison=str(spec.threshold.comparison),
        base=spec.base,
        yes_answers=spec.yes_answers,
    )


def _places(spec: PollSpec, result: PollResult) -> PollResult:
    """Order the candidates by votes (then the scoring ranking when configured); fill the places.

    A candidate takes a place only if it passes the threshold. Candidates still equal after every
    key share a rank (1, 1, 3: law of lib.ranking). A first place shared by more units than
    `spec.leading_units_max` leaves the place open (`tied_places`): by default a block has one leading
    unit (Law Art 26(1)) and one leader, so the conference votes again (R-BLK-05 fallback "revote"; the
    scoring ranking is the other fallback, chosen with the tie-break). When the province's rule lets
    several units share the lead (issue 12 item 6) and the tie is within it, the tie is recorded: each
    tied unit takes place 1 and `shared_places` says so.
    """
    keys = [TieBreak("votes")]
    if spec.tie_break == "score":
        keys.append(TieBreak("score_rank", higher_is_better=False))
    candidates = [
        Candidate(
            option.id,
            {"votes": option.count, "score_rank": Decimal(option.score_rank) if option.score_rank else None},
            display_order=f"{index:05d}",
        )
        for index, option in enumerate(result.options)
    ]
    ranked = rank(candidates, keys)
    by_id = {option.id: option for option in result.options}
    order = []
    places = []
    open_places: list[int] = []
    shared_places: list[int] = []
    rank_counts: dict[int, int] = {}
    for row in ranked:
        rank_counts[row.rank] = rank_counts.get(row.rank, 0) + 1
    for row in ranked:
        option = by_id[row.candidate.id] = replace(
            by_id[row.candidate.id], rank=row.rank, separated_by=row.separated_by
        )
        order.append(option.id)
        if row.rank > spec.ranks_to_fill or not option.verdict.passed:
            continue
        if row.rank == 1 and rank_counts[1] > 1:
            if rank_counts[1] > spec.leading_units_max:
                if 1 not in open_places:
                    open_places.append(1)
                continue
            if 1 not in shared_places:
                shared_places.append(1)
        places.append(Place(option_id=option.id, unit_id=option.unit_id, place=row.rank))
    return replace(
        result,
        options=tuple(by_id[option.id] for option in result.options),
        order=tuple(order),
        places=tuple(places),
        tied_places=tuple(open_places),
        # Only when it happens: results counted before issue 12 recount the same.
        shared_places=tuple(shared_places) if shared_places else ABSENT,
    )


def acclamation_result(
    spec: PollSpec, chosen: dict[int, int | None], *, entitled: int, present: int, roll_fingerprint: str = ""
) -> PollResult:
    """The result of a poll decided by acclamation (issue 12 item 10): no ballots and no counts, only
    what the hall agreed. `chosen` maps each agreed option to its place (candidate polls) or to None
    (proposals and questions approved). The shape is a counted result's, with `acclamation` set, no
    counts and each verdict `{"passed", "acclamation"}`, so that publishing flows on the same way."""
    placed = sorted(
        ((place, option_id) for option_id, place in chosen.items() if place is not None),
        key=lambda item: item[0],
    )
    place_of = {option_id: place for place, option_id in placed}
    options = tuple(
        OptionResult(
            id=option.id,
            label=option.label,
            unit_id=option.unit_id,
            verdict=StoredVerdict(passed=option.id in chosen, acclamation=True),
            score_rank=option.score_rank,
            rank=place_of[option.id] if spec.select and option.id in place_of else ABSENT,
        )
        for option in spec.options
    )
    result = PollResult(
        paper=False,
        acclamation=True,
        entitled=entitled,
        present=present,
        threshold=_threshold(spec),
        options=options,
        roll_fingerprint=roll_fingerprint,
    )
    if not spec.select:
        return result
    by_id = {option.id: option for option in options}
    shared = sum(1 for place, _id in placed if place == 1) > 1
    return replace(
        result,
        order=tuple(option_id for _place, option_id in placed)
        + tuple(option.id for option in options if option.id not in chosen),
        places=tuple(
            Place(option_id=option_id, unit_id=by_id[option_id].unit_id, place=place)
            for place, option_id in placed
        ),
        tied_places=(),
        shared_places=(1,) if shared else ABSENT,
    )
