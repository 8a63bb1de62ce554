"""`Poll.result` as types (issue 14 item 5): the frozen result a poll's count or acclamation stores,
read through `PollResult.from_json` instead of by string key. The round trip is exact for every stored
shape: `from_json(to_json(x)) == x` and `to_json(from_json(d)) == d`, a key written only when the
stored result had it (`acclamation`, `shared_places`, a candidate's `rank` and `separated_by`, which
may be None). A key no type knows is refused, so a new shape cannot be dropped silently."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, TypeVar

T = TypeVar("T")


class _Absent:
    """The value of a field whose key the stored result did not have."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        # A template shows nothing for it, as it showed nothing for the missing key.
        return ""


ABSENT: Final = _Absent()


def given(value: T | _Absent) -> T | None:
    """The value of an optional key, None when the stored result did not have it."""
    return None if isinstance(value, _Absent) else value


def _take(data: dict[str, Any], known: set[str]) -> dict[str, Any]:
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"unknown keys in a poll result: {sorted(unknown)}")
    return data


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value is not ABSENT:
        out[key] = value


@dataclass(frozen=True)
class StoredVerdict:
    """An option's verdict: counted (`got` of `needed` on `base`, R-VOTE-03) or by acclamation."""

    passed: bool
    got: int | _Absent = ABSENT
    needed: int | _Absent = ABSENT
    base: int | _Absent = ABSENT
    acclamation: bool | _Absent = ABSENT

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoredVerdict:
        _take(data, {"passed", "got", "needed", "base", "acclamation"})
        return cls(**data)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"passed": self.passed}
        for key in ("got", "needed", "base", "acclamation"):
            _put(out, key, getattr(self, key))
        return out


@dataclass(frozen=True)
class OptionResult:
    """One option's line: its votes (a candidate poll) or yes/no/abstain (a question), its verdict,
    the frozen scoring rank, and for candidates the rank and the key that separated it."""

    id: int
    label: str
    unit_id: int | None
    verdict: StoredVerdict
    score_rank: int | None
    votes: int | _Absent = ABSENT
    yes: int | _Absent = ABSENT
    no: int | _Absent = ABSENT
    abstain: int | _Absent = ABSENT
    rank: int | _Absent = ABSENT
    separated_by: str | None | _Absent = ABSENT

    _COUNTS = ("votes", "yes", "no", "abstain")
    _RANKING = ("rank", "separated_by")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OptionResult:
        _take(data, {"id", "label", "unit_id", "verdict", "score_rank", *cls._COUNTS, *cls._RANKING})
        return cls(**{**data, "verdict": StoredVerdict.from_json(data["verdict"])})

    def to_json(self) -> dict[str, Any]:
        """The keys in the order the count has always written them (the stored text is unchanged)."""
        out: dict[str, Any] = {"id": self.id, "label": self.label, "unit_id": self.unit_id}
        for key in self._COUNTS:
            _put(out, key, getattr(self, key))
        out["verdict"] = self.verdict.to_json()
        out["score_rank"] = self.score_rank
        for key in self._RANKING:
            _put(out, key, getattr(self, key))
        return out

    @property
    def count(self) -> int:
        """The votes of a candidate, the yes answers of a question, 0 by acclamation."""
        for value in (self.votes, self.yes):
            if isinstance(value, int):
                return value
        return 0


@dataclass(frozen=True)
class Place:
    option_id: int
    unit_id: int | None
    place: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Place:
        _take(data, {"option_id", "unit_id", "place"})
        return cls(**data)

    def to_json(self) -> dict[str, Any]:
        return {"option_id": self.option_id, "unit_id": self.unit_id, "place": self.place}


@dataclass(frozen=True)
class StoredThreshold:
    numerator: int
    denominator: int
    comparison: str
    base: str
    yes_answers: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoredThreshold:
        _take(data, {"numerator", "denominator", "comparison", "base", "yes_answers"})
        return cls(**data)

    def to_json(self) -> dict[str, Any]:
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "comparison": self.comparison,
            "base": self.base,
            "yes_answers": self.yes_answers,
        }


@dataclass(frozen=True)
class PollResult:
    """A poll's frozen result (`counting.build_result` or `counting.acclamation_result`). A counted
    result has the ballot numbers and the ballot set's hash; one by acclamation has `acclamation`
    and no counts; a candidate poll has `order`, `places` and `tied_places`, and `shared_places`
    only when a shared first place was recorded."""

    paper: bool
    entitled: int
    present: int
    threshold: StoredThreshold
    options: tuple[OptionResult, ...]
    roll_fingerprint: str
    acclamation: bool | _Absent = ABSENT
    cast: int | _Absent = ABSENT
    invalid: int | _Absent = ABSENT
    valid: int | _Absent = ABSENT
    blank: int | _Absent = ABSENT
    ballot_set_hash: str | _Absent = ABSENT
    order: tuple[int, ...] | _Absent = ABSENT
    places: tuple[Place, ...] | _Absent = ABSENT
    tied_places: tuple[int, ...] | _Absent = ABSENT
    shared_places: tuple[int, ...] | _Absent = ABSENT

    _SCALARS = ("acclamation", "cast", "invalid", "valid", "blank", "ballot_set_hash")
    _LISTS = ("order", "tied_places", "shared_places")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PollResult:
        _take(
            data,
            {"paper", "entitled", "present", "threshold", "options", "roll_fingerprint", "places"}
            | set(cls._SCALARS)
            | set(cls._LISTS),
        )
        values: dict[str, Any] = {
            **data,
            "threshold": StoredThreshold.from_json(data["threshold"]),
            "options": tuple(OptionResult.from_json(o) for o in data["options"]),
        }
        if "places" in data:
            values["places"] = tuple(Place.from_json(p) for p in data["places"])
        for key in cls._LISTS:
            if key in data:
                values[key] = tuple(data[key])
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        """The keys in the order `counting` has always written them (the stored text is unchanged)."""
        out: dict[str, Any] = {"paper": self.paper}
        _put(out, "acclamation", self.acclamation)
        out["entitled"] = self.entitled
        out["present"] = self.present
        for key in ("cast", "invalid", "valid", "blank"):
            _put(out, key, getattr(self, key))
        out["threshold"] = self.threshold.to_json()
        out["options"] = [o.to_json() for o in self.options]
        _put(out, "ballot_set_hash", self.ballot_set_hash)
        out["roll_fingerprint"] = self.roll_fingerprint
        if not isinstance(self.order, _Absent):
            out["order"] = list(self.order)
        if not isinstance(self.places, _Absent):
            out["places"] = [p.to_json() for p in self.places]
        for key in ("tied_places", "shared_places"):
            value = getattr(self, key)
            if value is not ABSENT:
                out[key] = list(value)
        return out

    @property
    def by_acclamation(self) -> bool:
        return self.acclamation is True

    def place_list(self) -> tuple[Place, ...]:
        """The places filled (none for a question poll)."""
        return () if isinstance(self.places, _Absent) else self.places

    def open_places(self) -> tuple[int, ...]:
        """The places a tie left open (R-BLK-05: the conference votes again)."""
        return () if isinstance(self.tied_places, _Absent) else self.tied_places

    def option_order(self) -> tuple[OptionResult, ...]:
        """The options in the order of the vote (candidate polls), else in the poll's order."""
        if isinstance(self.order, _Absent) or not self.order:
            return self.options
        by_id = {o.id: o for o in self.options}
        return tuple(by_id[option_id] for option_id in self.order)

    def place_of(self) -> dict[int, int]:
        """Each placed option's place, by option id."""
        return {p.option_id: p.place for p in self.place_list()}


def differences(published: PollResult | None, recounted: PollResult | None) -> list[tuple[str, Any, Any]]:
    """The top-level keys whose stored values differ, with the published and the recounted value
    (None for a key one of them lacks, or for a missing result): what `thidua recount` prints."""
    mine = published.to_json() if published is not None else {}
    theirs = recounted.to_json() if recounted is not None else {}
    return [
        (key, mine.get(key), theirs.get(key))
        for key in sorted(set(mine) | set(theirs))
        if mine.get(key) != theirs.get(key)
    ]
