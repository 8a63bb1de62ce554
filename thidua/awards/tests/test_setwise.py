"""The batch's set-based path (`setwise.py`) gives the verdicts of the per-person engine: for many random
histories decided together over one set of columns, every title's status and rules not met equal
`rules.evaluate_person` (the explained verdict) for that person alone, under random settings; the
people it leaves to the rules' status path (`rules.decide_person`) are exactly those with facts its columns do not hold. No
database (tests/test_batch.py compares real jobs on generated data)."""

from __future__ import annotations

import copy
import random
from collections import Counter

from thidua.awards.facts import AwardFact, PersonFacts
from thidua.awards.rules import INDIVIDUAL_CODES, applies, evaluate_person, member_bits, priority
from thidua.awards.setwise import columns_of, decide_people, reads_more
from thidua.awards.tests.helpers import YEAR, random_context, random_person


def _twin(person: PersonFacts, rng: random.Random) -> PersonFacts:
    """A copy with other ratings before the year before last, other CSTĐCS before the chain of three
    years and more CSTĐ tỉnh before the five years of a pair (when it has one)."""
    twin = copy.deepcopy(person)
    for year in range(YEAR - 10, YEAR - 1):
        if rng.random() < 0.5:
            twin.ratings[year] = (900 + year, rng.choice(["excellent", "good", "completed"]))
    cstdcs = [fact for fact in twin.awards.get("CSTDCS", ()) if fact.year > YEAR - 3]
    cstdcs += [
        AwardFact(800 + year, "CSTDCS", year, "movement", "")
        for year in range(YEAR - 10, YEAR - 2)
        if rng.random() < 0.5
    ]
    twin.awards["CSTDCS"] = sorted(cstdcs, key=lambda fact: (-fact.year, fact.id))
    if twin.awards.get("CSTD_TINH"):
        twin.awards["CSTD_TINH"].append(AwardFact(799, "CSTD_TINH", YEAR - 8, "merit", ""))
    return twin


def _compare(seed: int, seen: Counter, *, explicit: bool = False) -> None:
    rng = random.Random(seed)
    ctx = random_context(rng)
    if rng.random() < 0.6:  # mostly settings the columns model, so that most people are compared
        ctx.settings.ldtt_min_months, ctx.settings.cstdcs_cap_pct = 0, None
    people: list[PersonFacts] = []
    while len(people) < 40:
        person = random_person(rng, stars=0.4)
        if rng.random() < 0.6:  # more people without cases, discipline and maternity leave
            person.cases, person.discipline, person.maternity = [], [], []
        group = [person]
        if rng.random() < 0.4:
            # Twins that differ only in what `decide_people`'s memo key leaves out: it must not matter.
            person.initiatives = []
            person.awards.pop("BK_TINH", None)
            group += [_twin(person, rng) for _ in range(2)]
        for member in group:
            member.id = len(people) + 1
            member.unit_id = 100 + member.id % 3
            people.append(member)
    columns = columns_of(people, ctx.year, ctx.settings)
    decided: dict[tuple[int, str], tuple[str, str]] = {}
    bits: dict[int, int] = {}
    for outcome in decide_people(columns, ctx, list(INDIVIDUAL_CODES), explicit=explicit, bits=bits):
        decided[outcome.candidate[1], outcome.code] = (outcome.status, outcome.failed)
        assert outcome.home_unit_id == people[outcome.candidate[1] - 1].unit_id
        assert outcome.priority == priority(person=people[outcome.candidate[1] - 1])
    for person in people:
        regular = not (reads_more(ctx.settings) or person.cases or person.discipline or person.maternity)
        assert (person.id in columns.irregular) == (not regular)
        if not regular:
            assert not any(key[0] == person.id for key in decided) and person.id not in bits
            continue
        for code in INDIVIDUAL_CODES:
            if not explicit and not applies(code, person=person):
                assert (person.id, code) not in decided
                continue
            verdict = evaluate_person(person, code, ctx)
            expected = (verdict.status, ", ".join(verdict.failed_rules))
            assert decided[person.id, code] == expected, (seed, code, person, ctx.settings.__dict__, ctx.on)
            seen[code, verdict.status] += 1
            seen.update(verdict.failed_rules)
        assert bits[person.id] == member_bits(person, ctx), (seed, person)


def test_setwise_equals_the_per_person_engine() -> None:
    """Fixed seeds (300 groups of 40 people, about 5,000 people compared), with proof that the
    comparison reached every status of every title and every rule the set-based path can fail."""
    seen: Counter = Counter()
    for seed in range(300):
        _compare(seed, seen, explicit=seed % 10 == 0)
    statuses = {"eligible", "not_eligible", "needs_check"}
    for code in INDIVIDUAL_CODES:
        possible = statuses - {"eligible"} if code == "GIAY_KHEN" else statuses
        assert {key[1] for key in seen if isinstance(key, tuple) and key[0] == code} == possible, code
    for rule in (
        "R-GEN-04",
        "R-IND-01",
        "R-IND-02",
        "R-IND-02, R-GEN-05",
        "R-IND-05",
        "R-IND-05, R-GEN-05",
        "R-IND-07",
        "R-IND-07, R-GEN-05",
        "Art 75",
    ):
        assert seen[rule], rule
