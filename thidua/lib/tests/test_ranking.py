from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.lib.ranking import Candidate, TieBreak, rank

ORDER = [
    TieBreak("total"),
    TieBreak("penalty", higher_is_better=False),
    TieBreak("priority_group"),
    TieBreak("vote"),
]


def _c(
    name: str, total: str, penalty: str = "0", group: str = "0", vote: int | None = None
) -> Candidate[str]:
    values = {
        "total": Decimal(total),
        "penalty": Decimal(penalty),
        "priority_group": Decimal(group),
        "vote": vote,
    }
    return Candidate(name, values, display_order=name)


def test_seed_000_order_with_the_key_that_separated_each_pair() -> None:
    rows = rank(
        [
            _c("Ban Dân vận", "95.5", penalty="1"),
            _c("Ban Tổ chức", "97.25"),
            _c("Ban Tuyên giáo", "95.5", penalty="0"),
            _c("Văn phòng", "95.5", penalty="1", group="30"),
        ],
        ORDER,
    )
    assert [(r.candidate.id, r.rank, r.separated_by) for r in rows] == [
        ("Ban Tổ chức", 1, None),
        ("Ban Tuyên giáo", 2, "total"),
        ("Văn phòng", 3, "penalty"),
        ("Ban Dân vận", 4, "priority_group"),
    ]


def test_still_tied_candidates_share_a_rank_and_the_next_rank_skips() -> None:
    rows = rank([_c("B", "90"), _c("A", "90"), _c("C", "80")], ORDER)
    assert [(r.candidate.id, r.rank, r.separated_by) for r in rows] == [
        ("A", 1, None),
        ("B", 1, None),
        ("C", 3, "total"),
    ]
    assert rows[1].tied_with_previous and not rows[2].tied_with_previous


def test_a_missing_value_ranks_below_any_present_value() -> None:
    rows = rank([_c("no-vote", "90", vote=None), _c("voted", "90", vote=0)], ORDER)
    assert [r.candidate.id for r in rows] == ["voted", "no-vote"] and rows[1].separated_by == "vote"


def test_refuses_duplicates_and_an_empty_order() -> None:
    with pytest.raises(ValueError):
        rank([_c("A", "1"), _c("A", "2")], ORDER)
    with pytest.raises(ValueError):
        rank([_c("A", "1")], [])


scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
candidates = st.lists(
    st.tuples(
        scores, st.sampled_from([Decimal(0), Decimal(1), Decimal("2.5")]), st.integers(0, 3) | st.none()
    ),
    min_size=1,
    max_size=12,
).map(
    lambda rows: [
        Candidate(
            f"u{i}",
            {"total": t, "penalty": p, "priority_group": Decimal(0), "vote": v},
            display_order=f"u{i}",
        )
        for i, (t, p, v) in enumerate(rows)
    ]
)


@given(candidates, st.randoms())
def test_input_order_does_not_matter(cands, random) -> None:
    shuffled = list(cands)
    random.shuffle(shuffled)
    as_ranks = lambda rows: {r.candidate.id: (r.rank, r.separated_by) for r in rows}  # noqa: E731
    assert as_ranks(rank(cands, ORDER)) == as_ranks(rank(shuffled, ORDER))
    assert [r.candidate.id for r in rank(cands, ORDER)] == [r.candidate.id for r in rank(shuffled, ORDER)]


@given(candidates)
def test_rank_is_one_plus_the_number_strictly_better(cands) -> None:
    def better(a: Candidate[str], b: Candidate[str]) -> bool:
        for t in ORDER:
            va, vb = a.values.get(t.key), b.values.get(t.key)
            if va == vb:
                continue
            if va is None or vb is None:
                return vb is None
            return va > vb if t.higher_is_better else va < vb
        return False

    for row in rank(cands, ORDER):
        assert row.rank == 1 + sum(better(other, row.candidate) for other in cands)


@given(candidates)
def test_separating_key_is_the_first_key_that_differs(cands) -> None:
    rows = rank(cands, ORDER)
    for above, row in zip(rows, rows[1:], strict=False):
        differing = [
            t.key for t in ORDER if above.candidate.values.get(t.key) != row.candidate.values.get(t.key)
        ]
        assert row.separated_by == (differing[0] if differing else None)
        assert (row.rank == above.rank) == (row.separated_by is None)
