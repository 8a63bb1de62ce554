"""Property tests on the pure rules (no database): adding a qualifying record never turns eligible
into not eligible; removing the only qualifying record does."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.awards.catalogue import AWARD_TYPES, versions_of
from thidua.awards.facts import AwardFact, InitiativeFact, PersonFacts, World
from thidua.awards.models import AwardTypeVersion, EligibilitySettings
from thidua.awards.rules import ELIGIBLE, NEEDS_CHECK, NOT_ELIGIBLE, Context, evaluate_person

YEAR = 2025
KINDS = {row[0]: row[4] for row in AWARD_TYPES}
VERSIONS = {row[0]: AwardTypeVersion(**{k: v for k, v in versions_of(row)[1].items()}) for row in AWARD_TYPES}


def _ctx() -> Context:
    world = World(year=YEAR, codes={}, kinds=KINDS)
    return Context(
        YEAR,
        datetime.date(YEAR, 12, 31),
        EligibilitySettings(valid_from=datetime.date(2024, 1, 1)),
        VERSIONS,
        world,
        {},
    )


ratings = st.dictionaries(
    st.integers(YEAR - 6, YEAR),
    st.sampled_from(["excellent", "good", "completed", "not_completed"]),
    max_size=7,
)
cstdcs_years = st.sets(st.integers(YEAR - 6, YEAR - 1), max_size=5)
initiatives = st.lists(
    st.tuples(st.integers(YEAR - 6, YEAR), st.sampled_from(["grassroots", "province", "national"])),
    max_size=4,
)


def _person(rating_map, titles, inits, extra: int = 0) -> PersonFacts:
    person = PersonFacts(id=1, name="P", gender="female", unit_kind="state_agency")
    person.ratings = {year: (year, rating) for year, rating in rating_map.items()}
    person.awards = {"CSTDCS": [AwardFact(100 + y, "CSTDCS", y, "movement", "") for y in sorted(titles)]}
    person.initiatives = [
        InitiativeFact(200 + i, f"SK{i}", "initiative", level, year, "original")
        for i, (year, level) in enumerate(inits)
    ]
    return person


def _status(person: PersonFacts, code: str) -> str:
    person.memo.clear()
    return evaluate_person(person, code, _ctx()).status


CODES = ["LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "BK_TINH", "BK_TTG"]


@settings(max_examples=150, deadline=None)
@given(
    ratings,
    cstdcs_years,
    initiatives,
    st.sampled_from(["rating", "title", "initiative"]),
    st.integers(YEAR - 6, YEAR),
    st.sampled_from(["excellent", "good"]),
    st.sampled_from(["grassroots", "province", "national"]),
)
def test_adding_a_qualifying_record_never_hurts(rating_map, titles, inits, what, year, rating, level) -> None:
    before = _person(rating_map, titles, inits)
    after_ratings, after_titles, after_inits = dict(rating_map), set(titles), list(inits)
    if what == "rating":
        if year in after_ratings:
            return
        after_ratings[year] = rating
    elif what == "title":
        if year == YEAR:
            return  # a CSTĐCS of the year itself is the title being evaluated (R-GEN-04), not a prerequisite
        after_titles.add(year)
    else:
        after_inits.append((year, level))
    after = _person(after_ratings, after_titles, after_inits)
    for code in CODES:
        if _status(before, code) == ELIGIBLE:
            assert _status(after, code) == ELIGIBLE, (code, what, year)


@settings(max_examples=100, deadline=None)
@given(ratings, st.integers(YEAR - 6, YEAR - 1), st.sampled_from(["grassroots", "province"]))
def test_removing_the_only_qualifying_record_does(rating_map, other_year, level) -> None:
    # LĐTT: the year's rating is the only qualifying record.
    rating_map = {**rating_map, YEAR: "good"}
    person = _person(rating_map, set(), [])
    assert _status(person, "LDTT") == ELIGIBLE
    del rating_map[YEAR]
    # Without the record no longer eligible; a missing rating is a human check (issue 12 item 8).
    assert _status(_person(rating_map, set(), []), "LDTT") == NEEDS_CHECK
    assert _status(_person({**rating_map, YEAR: "completed"}, set(), []), "LDTT") == NOT_ELIGIBLE
    # CSTĐCS on a "good" year: the initiative of the year is the only ground; others do not qualify.
    rating_map[YEAR] = "good"
    noise = [(other_year, level)]
    with_it = _person(rating_map, set(), [*noise, (YEAR, level)])
    assert _status(with_it, "CSTDCS") == ELIGIBLE
    assert _status(_person(rating_map, set(), noise), "CSTDCS") == NOT_ELIGIBLE
