"""Exact vote thresholds and quorums (voting-scoring.md C1; law.md R-VOTE-02, R-VOTE-03).

A threshold is stated completely: a fraction p/q (never a float or a rounded percentage), a
comparison ("more than", trên; or "at least", từ ... trở lên) and a base (all members, those present,
ballots cast, valid ballots...). Whether `got` votes pass is decided in integers:

    at least:   got * q >= p * base
    more than:  got * q >  p * base

and the verdict carries its margin: the smallest passing number of votes ("needs 6 of 9, got 7").
Two-thirds of 9 is 6 (OpenSlides' #5614 once computed 7); 80 % of 11 is 9; 90 % of 11 is 10.

Pure code with no models: the conference polls and their quorum use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Comparison(StrEnum):
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"


@dataclass(frozen=True)
class Threshold:
    numerator: int
    denominator: int
    comparison: Comparison = Comparison.MORE_THAN

    def __post_init__(self) -> None:
        if self.denominator <= 0 or self.numerator < 0 or self.numerator > self.denominator:
            raise ValueError("A threshold is a fraction p/q with 0 <= p <= q and q > 0.")

    def needed(self, base: int) -> int:
        """The smallest whole number of votes that passes for this base."""
        if base < 0:
            raise ValueError("The base cannot be negative.")
        p, q = self.numerator, self.denominator
        if self.comparison == Comparison.AT_LEAST:
            return -(-p * base // q)  # ceil(p * base / q)
        return p * base // q + 1  # the first integer strictly above p * base / q

    def passes(self, got: int, base: int) -> bool:
        p, q = self.numerator, self.denominator
        if self.comparison == Comparison.AT_LEAST:
            return got * q >= p * base
        return got * q > p * base

    def verdict(self, got: int, base: int) -> Verdict:
        return Verdict(passed=self.passes(got, base), got=got, needed=self.needed(base), base=base)


@dataclass(frozen=True)
class Verdict:
    """Whether `got` passed, and the margin: it needed `needed` of `base`."""

    passed: bool
    got: int
    needed: int
    base: int

    @property
    def reachable(self) -> bool:
        """False when even every vote of the base could not pass (e.g. a base of zero)."""
        return self.needed <= self.base

    def as_dict(self) -> dict[str, int | bool]:
        return {"passed": self.passed, "got": self.got, "needed": self.needed, "base": self.base}
