"""Ranking with explicit, ordered tie-breaks and shared ranks (voting-scoring.md C4).

A ranking compares candidates key by key in the configured order (e.g. total, then fewer penalty
points, then the priority group's score, then the conference vote). Candidates equal on every key
share a rank (1, 1, 3): nothing is silently decided by input order or by name. Each row says which
key separated it from the row above, so the ranking explains itself ("ahead on: fewer penalty
points"). Values are exact (int or Decimal); a missing value ranks below any present value.

Pure code with no models: the scoring issue ranks scorecards with it, the conference issue uses the
scoring ranking as the tie-break of a vote.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

Value = int | Decimal | None
Id = TypeVar("Id", bound=Hashable)


@dataclass(frozen=True)
class TieBreak:
    """One ranking key: its name in the candidates' values, and whether higher is better."""

    key: str
    higher_is_better: bool = True


@dataclass(frozen=True)
class Candidate(Generic[Id]):
    id: Id
    values: dict[str, Value]
    # Only orders candidates that share a rank, for display; never decides a rank.
    display_order: str = ""


@dataclass(frozen=True)
class RankedRow(Generic[Id]):
    candidate: Candidate[Id]
    rank: int
    separated_by: str | None  # the key that put this row below the one above; None when tied or first
    tied_with_previous: bool = False


def _sort_value(value: Value, higher_is_better: bool) -> tuple[int, Decimal]:
    """Smaller sorts first. A missing value sorts after every present one."""
    if value is None:
        return (1, Decimal(0))
    number = Decimal(value)
    return (0, -number if higher_is_better else number)


def _key(candidate: Candidate[Id], order: Sequence[TieBreak]) -> tuple[tuple[int, Decimal], ...]:
    return tuple(_sort_value(candidate.values.get(t.key), t.higher_is_better) for t in order)


def rank(candidates: Sequence[Candidate[Id]], order: Sequence[TieBreak]) -> list[RankedRow[Id]]:
    """Rank the candidates by the keys in `order`; equal on every key means the same rank."""
    if not order:
        raise ValueError("A ranking needs at least one key.")
    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("Each candidate may appear only once.")
    ordered = sorted(candidates, key=lambda c: (_key(c, order), c.display_order, str(c.id)))
    rows: list[RankedRow[Id]] = []
    for position, candidate in enumerate(ordered):
        if not rows:
            rows.append(RankedRow(candidate, 1, None, tied_with_previous=False))
            continue
        above = rows[-1]
        separated_by = _first_difference(above.candidate, candidate, order)
        shared = separated_by is None
        rows.append(
            RankedRow(
                candidate, above.rank if shared else position + 1, separated_by, tied_with_previous=shared
            )
        )
    return rows


def _first_difference(a: Candidate[Id], b: Candidate[Id], order: Sequence[TieBreak]) -> str | None:
    for tie_break in order:
        if _sort_value(a.values.get(tie_break.key), tie_break.higher_is_better) != _sort_value(
            b.values.get(tie_break.key), tie_break.higher_is_better
        ):
            return tie_break.key
    return None
