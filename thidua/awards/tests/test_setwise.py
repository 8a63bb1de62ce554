"""The batch's set-based path (`setwise.py`) gives the verdicts of the per-person engine: for many random
histories decided together over one set of columns, every title's status and rules not met equal
`rules.evaluate_person` (the explained verdict) for that person alone, under random settings; the
people it leaves to `statuses.Decider` are exactly those with facts its columns do not hold. No
database (tests/test_batch.py compares real jobs on generated data)."""

from __future__ import annotations

import random
from collections import Counter

from thidua.awards.rules import INDIVIDUAL_CODES, applies, evaluate_person
from thidua.awards.setwise import columns_of, decide_people, reads_more
from thidua.awards.statuses import Decider
from thidua.awards.tests.helpers import random_person
from thidua.awards.tests.test_statuses import random_context


def _compare(seed: int, seen: Counter, *, explicit: bool = False) -> None:
    rng = random.Random(seed)
    ctx = random_context(rng)
    if rng.random() < 0.6:  # mostly settings the columns model, so that most people are compared
        ctx.settings.ldtt_min_months, ctx.settings.cstdcs_cap_pct = 0, None
    people = []
    for pk in range(1, 41):
        person = random_person(rng, stars=0.4)
        person.id = pk
        if rng.random() < 0.6:  # more people without cases, discipline and maternity leave
            person.cases, person.discipline, person.maternity = [], [], []
        people.append(person)
    columns = columns_of(people, ctx.year, ctx.settings)
    decider = Decider(ctx)
    decided: dict[tuple[int, str], tuple[str, str]] = {}
    bits: dict[int, int] = {}
    for item in decide_people(columns, ctx, list(INDIVIDUAL_CODES), explicit=explicit, bits=True):
        if len(item) == 2:
            bits[item[0]] = item[1]
        else:
            decided[item[0], item[1]] = (item[2], item[3])
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
        assert bits[person.id] == decider.member_bits(person), (seed, person)


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
