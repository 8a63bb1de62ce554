"""Building award history quickly in tests (straight to the models; the services have their own tests)."""

from __future__ import annotations

import datetime
import random
from typing import Any

from thidua.awards.catalogue import AWARD_TYPES, versions_of
from thidua.awards.facts import (
    AwardFact,
    InitiativeFact,
    PeriodFact,
    PersonFacts,
    UnitCounts,
    UnitFacts,
    World,
)
from thidua.awards.models import (
    AwardRecord,
    AwardType,
    AwardTypeVersion,
    CapBase,
    CapRounding,
    Case,
    CaseKind,
    Discipline,
    DisciplineCountsFrom,
    EligibilitySettings,
    EvidenceKind,
    Initiative,
    InitiativeUse,
    MaternityLeave,
    PerformanceRating,
    default_blocking_kinds,
)
from thidua.awards.rules import Context
from thidua.orgs.models import Person, Position, Unit

D = datetime.date
YEAR = 2025
KINDS = {row[0]: row[4] for row in AWARD_TYPES}
VERSIONS = {row[0]: AwardTypeVersion(**dict(versions_of(row)[1])) for row in AWARD_TYPES}
RATINGS = ["excellent", "good", "completed", "not_completed"]
CTYPES = ["movement", "movement", "movement", "merit", "ad_hoc", "thematic"]
HELD_CODES = ["LDTT", "CSTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "GIAY_KHEN", "BK_TINH", "BK_TTG"]


def award(owner: Person | Unit, code: str, year: int, **extra: Any) -> AwardRecord:
    key = "person" if isinstance(owner, Person) else "unit"
    return AwardRecord.objects.create(
        award_type=AwardType.objects.get(code=code), year=year, **{key: owner}, **extra
    )


def rate(owner: Person | Unit, year: int, rating: str = "good") -> PerformanceRating:
    key = "person" if isinstance(owner, Person) else "unit"
    return PerformanceRating.objects.create(year=year, rating=rating, **{key: owner})


def rates(owner: Person | Unit, years: Any, rating: str = "good") -> list[PerformanceRating]:
    return [rate(owner, year, rating) for year in years]


def initiative(
    person: Person, year: int, *, level: str = "grassroots", title: str = "", **extra: Any
) -> Initiative:
    return Initiative.objects.create(
        person=person, year=year, level=level, title=title or f"Sáng kiến {year} {level}", **extra
    )


def use(item: Initiative, record: AwardRecord) -> InitiativeUse:
    return InitiativeUse.objects.create(initiative=item, award_record=record)


def case(owner: Person | Unit, kind: str, opened: datetime.date, closed: datetime.date | None = None) -> Case:
    key = "person" if isinstance(owner, Person) else "unit"
    return Case.objects.create(
        kind=kind, opened_on=opened, closed_on=closed, description="Đơn thư", **{key: owner}
    )


def discipline(owner: Person | Unit, start: datetime.date, end: datetime.date, level: int = 2) -> Discipline:
    key = "person" if isinstance(owner, Person) else "unit"
    return Discipline.objects.create(level=level, start=start, end=end, **{key: owner})


def maternity(person: Person, start: datetime.date, end: datetime.date) -> MaternityLeave:
    return MaternityLeave.objects.create(person=person, start=start, end=end)


def person_in(unit: Unit, name: str = "Lê Thị Hoa", *, gender: str = "female") -> Person:
    person = Person.objects.create(full_name=name, gender=gender)
    Position.objects.create(person=person, unit=unit, title="Chuyên viên", start=D(2015, 1, 1))
    return person


# -- random histories (the status-only path against the explained rules, in memory and in the database)


def memory_context(settings: EligibilitySettings | None = None) -> Context:
    """A context without the database: law.md's defaults (or `settings`) and every title's version in
    force on 31/12 of YEAR."""
    return Context(
        YEAR,
        D(YEAR, 12, 31),
        settings or EligibilitySettings(valid_from=D(2024, 1, 1)),
        dict(VERSIONS),
        World(year=YEAR, codes={}, kinds=KINDS),
        {},
    )


def random_context(rng: random.Random) -> Context:
    """Law.md's defaults half of the time; otherwise every setting the rules read, at random,
    sometimes without a version in force for some titles, sometimes on a date inside the year."""
    values: dict = {"valid_from": D(2024, 1, 1)}
    if rng.random() < 0.5:
        values.update(
            ldtt_min_months=rng.choice([0, 6, 12]),
            cstdcs_cap_pct=rng.choice([None, 15, 15, 30]),
            cstdcs_cap_base=rng.choice(CapBase.values),
            cstdcs_cap_rounding=rng.choice(CapRounding.values),
            cstdcs_both_from=rng.choice([None, D(YEAR, 1, 1), D(YEAR + 1, 1, 1)]),
            chain_reuse=rng.random() < 0.5,
            initiative_strict=rng.random() < 0.6,
            pm_run_years=rng.choice([3, 5, 6]),
            pm_run_counts_award_year=rng.random() < 0.4,
            discipline_counts_from=rng.choice(DisciplineCountsFrom.values),
            blocking_case_kinds=rng.sample(CaseKind.values, k=rng.randint(0, len(CaseKind.values))),
            ldtt_share_pct=rng.choice([50, 70, 100]),
            ttldxs_no_discipline=rng.random() < 0.5,
        )
    else:
        values["blocking_case_kinds"] = default_blocking_kinds()
    versions = {code: v for code, v in VERSIONS.items() if rng.random() > 0.15}
    on = D(YEAR, 12, 31) if rng.random() < 0.7 else random_day(rng, YEAR)
    world = World(year=YEAR, codes={}, kinds=KINDS)
    return Context(YEAR, on, EligibilitySettings(**values), versions, world, {})


def random_day(rng: random.Random, year: int) -> datetime.date:
    return D(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def random_person(rng: random.Random, *, stars: float = 0.3) -> PersonFacts:
    """A history shaped to reach every branch: chains of CSTĐCS, pairs of CSTĐ tỉnh, a Bằng khen tỉnh
    followed by a run of ratings, initiatives of every level with uses, and now and then discipline,
    open cases, maternity leave and a late first position. A share `stars` of the people are rated
    excellent nearly every year (the rare titles need long chains)."""
    person = PersonFacts(
        id=1,
        name="P",
        gender=rng.choice(["female", "male"]),
        unit_kind=rng.choice(["state_agency", "state_agency", "armed_forces"]),
    )
    serial = iter(range(1, 10_000))
    star = rng.random() < stars  # excellent for years: long chains, and initiatives to go with them
    for year in range(YEAR - 10, YEAR + 1):
        if rng.random() < (0.97 if star else 0.88):
            rating = rng.choices(RATINGS, weights=[30, 2, 1, 1] if star else [5, 4, 1, 1])[0]
            person.ratings[year] = (next(serial), rating)
    awards: set[tuple[str, int, str]] = set()

    def ctype() -> str:
        return rng.choice(CTYPES)

    for year, (_pk, rating) in person.ratings.items():
        if year == YEAR and rng.random() < 0.85:
            continue  # the year being evaluated is usually not decided yet
        if rating == "excellent" and rng.random() < 0.85:
            awards.add(("CSTDCS", year, ctype()))
        if rating in ("excellent", "good") and rng.random() < 0.4:
            awards.add((rng.choice(["LDTT", "CSTT"]), year, ctype()))
    if rng.random() < 0.5:
        second = rng.choice([YEAR, YEAR - 1, YEAR - 1, YEAR - 2])
        for year in (second - 3, second) if rng.random() < 0.7 else (second,):
            if year < YEAR or rng.random() < 0.3:
                awards.add(("CSTD_TINH", year, ctype()))
    if rng.random() < 0.15:
        awards.add(("CSTD_TQ", rng.randint(YEAR - 6, YEAR), ctype()))
    if rng.random() < 0.5:
        awards.add(("BK_TINH", rng.randint(YEAR - 9, YEAR - 2), ctype()))
    if rng.random() < 0.15:
        awards.add(("BK_TTG", rng.randint(YEAR - 9, YEAR), ctype()))
    for _ in range(rng.choice([0, 0, 1, 2])):
        awards.add((rng.choice(HELD_CODES), rng.randint(YEAR - 4, YEAR), ctype()))
    facts = [AwardFact(next(serial), code, year, kind, "") for code, year, kind in awards]
    for fact in sorted(facts, key=lambda f: (-f.year, f.id)):
        person.awards.setdefault(fact.code, []).append(fact)

    for _ in range(rng.choice([0, 1, 1, 2, 3, 4]) + (2 if star else 0)):
        initiative = InitiativeFact(
            next(serial),
            "SK",
            rng.choices(["initiative", "science", "combat"], weights=[6, 2, 1])[0],
            rng.choices(["grassroots", "province", "national"], weights=[4, 3, 2])[0],
            rng.randint(YEAR - 8, YEAR),
            rng.choices(EvidenceKind.values, weights=[6, 2, 1])[0],
        )
        if rng.random() < 0.35:
            code = rng.choice(HELD_CODES)
            year = initiative.year if rng.random() < 0.5 else YEAR
            initiative.uses.append((next(serial), KINDS[code], code, year))
        person.initiatives.append(initiative)
    person.initiatives.sort(key=lambda i: (-i.year, i.id))

    if rng.random() < 0.12:
        start = random_day(rng, rng.randint(YEAR - 4, YEAR))
        end = start + datetime.timedelta(days=rng.randint(30, 500))
        person.discipline.append(PeriodFact(next(serial), rng.randint(1, 6), start, end))
    if rng.random() < 0.12:
        opened = random_day(rng, rng.randint(YEAR - 1, YEAR))
        closed = rng.choice([None, opened + datetime.timedelta(days=rng.randint(10, 400))])
        person.cases.append(PeriodFact(next(serial), rng.choice(CaseKind.values), opened, closed, "Đơn thư"))
    for _ in range(rng.choices([0, 1, 2], weights=[7, 2, 1])[0]):
        year = rng.randint(YEAR - 5, YEAR)
        start = random_day(rng, year)
        person.maternity.append(
            PeriodFact(next(serial), "maternity", start, start + datetime.timedelta(days=180))
        )
        if rng.random() < 0.6:
            person.ratings.pop(year, None)
    if rng.random() < 0.2:
        person.first_start = random_day(rng, rng.randint(YEAR - 1, YEAR + 1))
    # R-IND-03: the deciding unit's counts, derived from the history without a draw (the other
    # histories of the fixed seeds stay as they were); now and then no unit.
    if len(person.ratings) % 4:
        ldtt = 3 * len(person.initiatives) + len(person.ratings)
        cstdcs = len(person.awards.get("CSTDCS", ())) % 4
        person.unit_counts = UnitCounts(
            "Đơn vị", rated=ldtt + len(person.maternity), ldtt=ldtt, cstdcs=cstdcs
        )
    return person


def random_unit(rng: random.Random) -> tuple[UnitFacts, list[PersonFacts]]:
    """A collective with recent ratings, now and then a title of the year already, an open case or
    discipline, and 0 to 8 members with random histories (for TTLĐTT and TTLĐXS)."""
    unit = UnitFacts(id=1, name="U", kind=rng.choice(["state_agency", "sub_unit"]))
    serial = iter(range(1, 1000))
    for year in range(YEAR - 2, YEAR + 1):
        if rng.random() < 0.9:
            unit.ratings[year] = (next(serial), rng.choices(RATINGS[:3], weights=[5, 4, 1])[0])
    for code in ("TTLDTT", "TTLDXS"):
        if rng.random() < 0.08:
            unit.awards[code] = [AwardFact(next(serial), code, YEAR, rng.choice(CTYPES), "")]
    if rng.random() < 0.08:
        opened = random_day(rng, YEAR)
        unit.cases.append(PeriodFact(next(serial), rng.choice(CaseKind.values), opened, None, "Đơn thư"))
    if rng.random() < 0.08:
        start = random_day(rng, YEAR - 1)
        unit.discipline.append(PeriodFact(next(serial), 1, start, start + datetime.timedelta(days=300)))
    members = []
    for index in range(rng.choice([0, 1, 2, 3, 5, 8])):
        member = random_person(rng, stars=0.6)
        member.id = 100 + index
        members.append(member)
    unit.members = [member.id for member in members]
    unit.women = sum(member.gender == "female" for member in members)
    return unit, members


def save_facts(facts: PersonFacts, unit: Unit, name: str) -> Person:
    """Write a random history (`random_person`) to the database as a person of `unit`. An initiative's
    use becomes an award record of the person for the use's title and year (created when missing)."""
    person = Person.objects.create(full_name=name, gender=facts.gender)
    start = facts.first_start if facts.first_start and facts.first_start.year <= YEAR else D(2015, 1, 1)
    Position.objects.create(person=person, unit=unit, title="Chuyên viên", start=start)
    types = dict(AwardType.objects.values_list("code", "id"))
    PerformanceRating.objects.bulk_create(
        PerformanceRating(person=person, year=year, rating=rating)
        for year, (_pk, rating) in facts.ratings.items()
    )
    records = {
        (fact.code, fact.year, fact.ctype): AwardRecord.objects.create(
            person=person, award_type_id=types[fact.code], year=fact.year, commendation_type=fact.ctype
        )
        for facts_of_code in facts.awards.values()
        for fact in facts_of_code
    }
    for fact in facts.initiatives:
        saved = Initiative.objects.create(
            person=person,
            title=f"SK {fact.id}",
            kind=fact.kind,
            level=fact.level,
            year=fact.year,
            evidence=fact.evidence,
        )
        for _record, _kind, code, year in fact.uses:
            record = records.get((code, year, "movement"))
            if record is None:
                record = records[(code, year, "movement")] = AwardRecord.objects.create(
                    person=person, award_type_id=types[code], year=year
                )
            InitiativeUse.objects.create(initiative=saved, award_record=record)
    for period in facts.discipline:
        assert period.end is not None
        Discipline.objects.create(person=person, level=period.kind, start=period.start, end=period.end)
    for period in facts.cases:
        Case.objects.create(
            person=person,
            kind=period.kind,
            opened_on=period.start,
            closed_on=period.end,
            description="Đơn thư",
        )
    for period in facts.maternity:
        assert period.end is not None
        MaternityLeave.objects.create(person=person, start=period.start, end=period.end)
    return person
