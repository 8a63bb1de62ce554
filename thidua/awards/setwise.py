"""The batch's set-based path for people (issue 13 item 2): every individual title of a whole province
decided over columns of facts, not over one object graph per person.

A handful of grouped queries read, for every person of the scope at once (or of a large range of
ids), only what the statuses depend on, into `Columns`:

- each person's rating rank by year (the last three years, and the older years of the holders of a
  Bằng khen tỉnh old enough to start the run of R-IND-09, as `facts.load_people` reads them);
- for each title, a bit mask of the years with a record (bit k = the year `year - k`), and one of the
  years with a record of a movement or merit type (R-GEN-06: only those are prerequisites);
- the initiatives (`facts.InitiativeFact`, with their uses) of the people who have any;
- the people whose facts the columns do not model: an open or closed case, discipline or maternity
  leave in the window, or every person when a setting reads more (a months-worked minimum, the
  CSTĐCS cap). They go through the rules' status path (`rules.decide_person`) over their full
  facts (`facts.load_people`).

`decide_people` then answers, for each person and title, the status and the failed rules that
`rules.decide_person` (and so `rules.evaluate_person`) gives: with no case, discipline or maternity
leave, a chain is the last years in a row, a title "held" is a bit, a run is a range of ranks. The
rules it decides are the kinds of condition of `rules.RULES`, named in each branch; the shared pieces
are the rules' own (`rules.usable` for R-GEN-05/R-GEN-08). tests/test_setwise.py compares both paths on
random histories and random settings, and tests/test_batch.py the stored batch with the per-person
engine on generated data.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from thidua.awards.facts import (
    COMPLETED_DUTIES,
    CSTDCS_CHECK,
    CSTDCS_HELD,
    HISTORY_YEARS,
    LDTT_STANDARD,
    PREREQUISITE_CODES,
    UNRATED,
    AwardFact,
    InitiativeFact,
    PeriodFact,
    PersonFacts,
    World,
    award_records,
    candidate_people,
    load_people,
    rows,
)
from thidua.awards.models import (
    RATING_RANK,
    Case,
    Discipline,
    EligibilitySettings,
    Initiative,
    InitiativeUse,
    MaternityLeave,
    PerformanceRating,
)
from thidua.awards.rules import (
    COMPLETED,
    ELIGIBLE,
    EXCELLENT,
    GOOD,
    LEVEL_RANK,
    NEEDS_CHECK,
    NOT_ELIGIBLE,
    PREREQUISITE_TYPES,
    Context,
    NoRules,
    declared,
    usable,
)
from thidua.orgs.models import Person

MET, CHECK, NOT_MET = 0, 1, 2


class Outcome(NamedTuple):
    """One verdict of a batch as stored: its status and the rules not met, without the explanation
    (rebuilt on demand for one candidate by `rules.evaluate`)."""

    candidate: tuple[str, int]  # ("person" | "unit", id)
    code: str
    status: str
    failed: str  # the failed rules, sorted and joined with ", "
    home_unit_id: int | None
    priority: int


ALL_KINDS = frozenset({"initiative", "science", "combat"})
PAPER_KINDS = frozenset({"initiative", "science"})  # R-IND-08
INITIATIVE_ONLY = frozenset({"initiative"})  # D9


@dataclass
class Columns:
    """The facts of many people for one year, by column (see the module docstring)."""

    year: int
    ids: list[int] = field(default_factory=list)  # the candidates, in id order
    unit: dict[int, int | None] = field(default_factory=dict)  # the unit of the last position on 31/12
    unit_kind: dict[int, str] = field(default_factory=dict)
    female: set[int] = field(default_factory=set)
    ranks: dict[int, dict[int, int]] = field(default_factory=dict)  # year -> person -> rating rank
    recorded: dict[str, dict[int, int]] = field(default_factory=dict)  # code -> person -> year bits
    held: dict[str, dict[int, int]] = field(default_factory=dict)  # the same, movement or merit only
    initiatives: dict[int, list[InitiativeFact]] = field(default_factory=dict)
    irregular: set[int] = field(default_factory=set)  # decided over full facts by `rules.decide_person`
    people: dict[int, PersonFacts] = field(default_factory=dict)  # the irregular people's full facts

    def add_award(self, person: int, code: str, year: int, ctype: str) -> None:
        bit = 1 << (self.year - year)
        found = self.recorded.setdefault(code, {})
        found[person] = found.get(person, 0) | bit
        if ctype in PREREQUISITE_TYPES:
            found = self.held.setdefault(code, {})
            found[person] = found.get(person, 0) | bit


def reads_more(settings: EligibilitySettings) -> bool:
    """Settings under which a status reads facts the columns do not hold (R-IND-01's months worked,
    R-IND-03's cap from the unit's counts): every person then goes through `rules.decide_person`."""
    return bool(settings.ldtt_min_months or settings.cstdcs_cap_pct)


def models_titles(ctx: Context, codes: Iterable[str]) -> bool:
    """Whether the columns decide `codes` under the version in force on the context's date: they
    model the declared conditions of `rules.RULES`; a version no table declares (e.g. Decree 91/2017's
    for 2018-2023) answers "no rules declared" (`rules.NoRules`) through the status path instead."""
    return not any(isinstance(kind, NoRules) for code in codes for kind in declared("person", code, ctx))


def columns_of(people: Iterable[PersonFacts], year: int, settings: EligibilitySettings) -> Columns:
    """The columns of people whose facts are already loaded (the tests compare both paths on them)."""
    columns = Columns(year)
    everyone = reads_more(settings)
    first = year - HISTORY_YEARS
    for person in people:
        pk = person.id
        columns.ids.append(pk)
        columns.unit[pk] = person.unit_id
        columns.unit_kind[pk] = person.unit_kind
        if person.gender == "female":
            columns.female.add(pk)
        for rating_year, (_id, rating) in person.ratings.items():
            columns.ranks.setdefault(rating_year, {})[pk] = RATING_RANK[rating]
        for code, facts in person.awards.items():
            for fact in facts:
                if first <= fact.year <= year:
                    columns.add_award(pk, code, fact.year, fact.ctype)
        if person.initiatives:
            columns.initiatives[pk] = list(person.initiatives)
        if everyone or person.cases or person.discipline or person.maternity:
            columns.irregular.add(pk)
    return columns


def load_columns(
    world: World,
    settings: EligibilitySettings,
    *,
    ids: list[int] | None = None,
    id_range: tuple[int, int] | None = None,
    everyone: bool = False,
) -> Columns:
    """The columns of the people `ids` (or of every candidate with an id in `id_range`), read with the
    queries of `facts.load_people` (the same rows and windows), without an object per record except
    for the irregular people, whose full facts (`Columns.people`) are built from the same rows, in the
    orders `load_people` gives them. Under settings the columns do not model (`reads_more`) every
    person is irregular and `load_people` itself reads them; so is everyone with `everyone` (titles
    the columns do not model, `models_titles`)."""
    year = world.year
    first = year - HISTORY_YEARS
    columns = Columns(year)
    if everyone or reads_more(settings):
        columns.people = load_people(world, settings, ids=ids, id_range=id_range)
        columns.ids = sorted(pk for pk, person in columns.people.items() if person.unit_id is not None)
        columns.irregular = set(columns.ids)
        return columns

    def scope(queryset: Any, column: str = "person_id") -> Any:
        if ids is not None:
            return queryset.filter(**{f"{column}__in": ids})
        if id_range is not None:
            return queryset.filter(**{f"{column}__gte": id_range[0], f"{column}__lte": id_range[1]})
        return queryset

    positions = rows(
        scope(candidate_people(year)).order_by("start", "id").values_list("person_id", "unit_id")
    )
    unit_kinds = world.unit_kinds(None if ids is None else {unit_id for _person, unit_id in positions})
    unit = columns.unit
    for person_id, unit_id in positions:
        unit[person_id] = unit_id
    if ids is not None:
        wanted = set(ids)
        for pk in [pk for pk in unit if pk not in wanted]:
            del unit[pk]
    columns.ids = sorted(unit)
    columns.unit_kind = {
        pk: unit_kinds.get(unit_id, "") if unit_id is not None else "" for pk, unit_id in unit.items()
    }

    # The irregular people first (discipline, cases, maternity leave in the window), with those facts.
    since = datetime.date(first, 1, 1)
    people = columns.people
    periods: list[tuple[str, Any, tuple[str, ...]]] = [
        (
            "discipline",
            Discipline.objects.filter(person__isnull=False, end__gte=since).order_by("-start", "id"),
            ("id", "person_id", "level", "start", "end"),
        ),
        (
            "cases",
            Case.objects.filter(person__isnull=False).order_by("-opened_on", "id"),
            ("id", "person_id", "kind", "opened_on", "closed_on", "description"),
        ),
        (
            "maternity",
            MaternityLeave.objects.filter(end__gte=since).order_by("-start", "id"),
            ("id", "person_id", "start", "end"),
        ),
    ]
    found_periods: list[tuple[str, list[tuple[Any, ...]]]] = [
        (name, rows(scope(queryset).values_list(*fields))) for name, queryset, fields in periods
    ]
    irregular = columns.irregular
    for _name, found in found_periods:
        irregular.update(row[1] for row in found if row[1] in unit)
    female = columns.female
    for pk, name, gender in rows(
        scope(Person.objects.order_by(), "id").values_list("id", "full_name", "gender")
    ):
        if pk in unit:
            if gender == "female":
                female.add(pk)
            if pk in irregular:
                facts = people[pk] = PersonFacts(id=pk, name=name, gender=gender)
                facts.unit_id = unit[pk]
                facts.unit_kind = columns.unit_kind[pk]
    for name, found in found_periods:
        for row in found:
            owner = people.get(row[1])
            if owner is None:
                continue
            if name == "discipline":
                owner.discipline.append(PeriodFact(row[0], row[2], row[3], row[4]))
            elif name == "cases":
                owner.cases.append(PeriodFact(row[0], row[2], row[3], row[4], row[5]))
            else:
                owner.maternity.append(PeriodFact(row[0], "maternity", row[2], row[3]))

    codes_by_id = world.codes
    bk_id = next((pk for pk, code in codes_by_id.items() if code == "BK_TINH"), 0)
    last_base = year - settings.pm_run_years + (1 if settings.pm_run_counts_award_year else 0)
    old_holders = scope(
        award_records().order_by().filter(award_type_id=bk_id, year__lte=last_base, person__isnull=False)
    ).values("person_id")
    ratings = PerformanceRating.objects.order_by().filter(person__isnull=False)
    recent = scope(ratings.filter(year__gte=max(first, year - 2), year__lte=year))
    older = scope(ratings.filter(year__gte=first, year__lt=year - 2, person_id__in=old_holders))
    ranks = columns.ranks
    rank_of = RATING_RANK
    for queryset in (recent, older):
        for pk, person_id, rating_year, rating in rows(
            queryset.values_list("id", "person_id", "year", "rating")
        ):
            by_year = ranks.get(rating_year)
            if by_year is None:
                by_year = ranks[rating_year] = {}
            by_year[person_id] = rank_of[rating]
            if person_id in irregular:
                person = people.get(person_id)
                if person is not None:
                    person.ratings[rating_year] = (pk, rating)

    wanted_types = [pk for pk, code in codes_by_id.items() if code in PREREQUISITE_CODES]
    others = [pk for pk in codes_by_id if pk not in wanted_types]
    records = award_records().filter(person__isnull=False).order_by()
    recorded, held = columns.recorded, columns.held
    for code in codes_by_id.values():
        recorded.setdefault(code, {})
        held.setdefault(code, {})
    prerequisite = PREREQUISITE_TYPES
    for queryset in (
        scope(records.filter(award_type_id__in=wanted_types)),
        scope(records.filter(award_type_id__in=others, year=year)),
    ):
        for pk, person_id, type_id, award_year, ctype, number in rows(
            queryset.values_list(
                "id", "person_id", "award_type_id", "year", "commendation_type", "decision_number"
            )
        ):
            if first <= award_year <= year:
                code = codes_by_id[type_id]
                bit = 1 << (year - award_year)
                found_bits = recorded[code]
                found_bits[person_id] = found_bits.get(person_id, 0) | bit
                if ctype in prerequisite:
                    found_bits = held[code]
                    found_bits[person_id] = found_bits.get(person_id, 0) | bit
                if person_id in irregular:
                    person = people.get(person_id)
                    if person is not None:
                        person.awards.setdefault(code, []).append(
                            AwardFact(pk, code, award_year, ctype, number)
                        )
    for facts in people.values():  # `load_people`'s order: the latest year first, then by id
        for awards in facts.awards.values():
            awards.sort(key=lambda fact: (-fact.year, fact.id))

    initiatives: dict[int, InitiativeFact] = {}
    by_person = columns.initiatives
    for pk, person_id, title, kind, level, init_year, evidence in rows(
        scope(Initiative.objects.filter(year__lte=year).order_by("-year", "id")).values_list(
            "id", "person_id", "title", "kind", "level", "year", "evidence"
        )
    ):
        if person_id in unit:
            fact = InitiativeFact(pk, title, kind, level, init_year, evidence)
            initiatives[pk] = fact
            by_person.setdefault(person_id, []).append(fact)
            if person_id in irregular:
                people[person_id].initiatives.append(fact)
    if initiatives:
        uses = scope(InitiativeUse.objects.order_by("id"), "initiative__person_id").values_list(
            "initiative_id", "award_record_id", "award_record__award_type_id", "award_record__year"
        )
        for initiative_id, record_id, type_id, use_year in rows(uses):
            if initiative_id in initiatives:
                code = codes_by_id[type_id]
                initiatives[initiative_id].uses.append((record_id, world.kinds[code], code, use_year))
    return columns


def _failed(failed: list[str]) -> str:
    """The failed rules as `rules.decide_person` joins them."""
    return failed[0] if len(failed) == 1 else ", ".join(sorted(set(failed)))


def decide_people(
    columns: Columns,
    ctx: Context,
    codes: list[str],
    *,
    explicit: bool,
    bits: dict[int, int] | None = None,
) -> Iterator[Outcome]:
    """For each regular person of `columns` (not in `irregular`), the status and failed rules of each
    title of `codes` that applies (all of them when `explicit`), as an `Outcome`; with `bits`, each
    person's member bits for TTLĐTT and TTLĐXS are stored in it (`rules.member_bits`). Decides the conditions of `rules.RULES` title by title (each branch names
    the kinds), for people without cases, discipline and maternity leave."""
    year = ctx.year
    settings = ctx.settings
    versions = ctx.versions
    both = settings.cstdcs_both_from is not None and ctx.on >= settings.cstdcs_both_from
    chain_reuse = settings.chain_reuse
    run = settings.pm_run_years
    run_counts_award_year = settings.pm_run_counts_award_year
    ranks = columns.ranks
    now_ranks = ranks.get(year, {})
    last_ranks = ranks.get(year - 1, {})
    recorded = columns.recorded
    held = columns.held
    empty: dict[int, int] = {}

    def rec(code: str) -> dict[int, int]:
        return recorded.get(code, empty)

    def hel(code: str) -> dict[int, int]:
        return held.get(code, empty)

    rec_ldtt, rec_cstt, rec_gk = rec("LDTT"), rec("CSTT"), rec("GIAY_KHEN")
    rec_cstdcs, rec_tinh, rec_tq = rec("CSTDCS"), rec("CSTD_TINH"), rec("CSTD_TQ")
    rec_bk, rec_ttg = rec("BK_TINH"), rec("BK_TTG")
    held_cstdcs, held_tinh, held_bk = hel("CSTDCS"), hel("CSTD_TINH"), hel("BK_TINH")
    initiatives = columns.initiatives
    irregular = columns.irregular
    unit_kind = columns.unit_kind
    unit_of = columns.unit
    female = columns.female
    unversioned = {
        code for code in ("LDTT", "CSTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ") if code not in versions
    }
    unversioned |= {code for code in ("GIAY_KHEN", "BK_TINH", "BK_TTG") if code not in versions}
    applicable: dict[str, list[str]] = {}

    def count_usable(
        person: int, code: str, first: int, last: int, level: int, kinds: frozenset[str], enough: int
    ) -> int:
        """`rules.Initiative` (`rules._initiatives`): usable initiatives (R-GEN-05, R-GEN-08), up to `enough`."""
        found = initiatives.get(person)
        if not found:
            return 0
        count = 0
        for initiative in found:
            if initiative.kind not in kinds or not first <= initiative.year <= last:
                continue
            if LEVEL_RANK[initiative.level] < level:
                continue
            if not usable(initiative, code, year, ctx):
                count += 1
                if count >= enough:
                    break
        return count

    joined: dict[tuple[str, ...], str] = {}  # the failed rules joined, by the rules in their order

    def finish(code: str, failed: list[str], check: bool) -> tuple[str, str]:
        if failed:
            key = tuple(failed)
            text = joined.get(key)
            if text is None:
                text = joined[key] = _failed(failed)
            return NOT_ELIGIBLE, text
        return (NEEDS_CHECK if check or code in unversioned else ELIGIBLE), ""

    def cstdcs(person: int, rank: int) -> tuple[int, list[str]]:
        """`rules.LdttStandard` and `rules.CstdcsGround` (R-IND-02, D9, R-GEN-05, R-GEN-08; no cap:
        `reads_more`) with `rules.NotTwice` (R-GEN-04) and the version: the status and the failed rules."""
        failed = []
        check = "CSTDCS" in unversioned
        if rec_cstdcs.get(person, 0) & 1:
            failed.append("R-GEN-04")
        if not (rank >= GOOD or (rec_ldtt.get(person, 0) | rec_cstt.get(person, 0)) & 1):
            if rank:
                failed.append("R-IND-02")
            else:
                check = True  # no rating recorded (issue 12 item 8)
        excellent = rank == EXCELLENT
        if both:
            initiative = count_usable(person, "CSTDCS", year, year, 1, INITIATIVE_ONLY, 1)
            if initiative and not rank:
                check = True
            elif not excellent or not initiative:
                failed.append("R-IND-02")
        elif not excellent and not count_usable(person, "CSTDCS", year, year, 1, ALL_KINDS, 1):
            if rank:
                failed.append("R-IND-02, R-GEN-05")
            else:
                check = True
        return (NOT_MET if failed else CHECK if check else MET), failed

    def held_cstdcs_in(person: int, y: int, now: int) -> int:
        """`rules.held(person, "CSTDCS", y)` without discipline; `now` is the status of CSTĐCS
        decided for the year."""
        if held_cstdcs.get(person, 0) >> (year - y) & 1:
            return MET
        return now if y == year else NOT_MET

    def chain(person: int, length: int, now: int) -> int:
        """`rules.chain` of CSTĐCS ending in the year, without maternity leave: the last `length`
        years, in a row."""
        status = MET
        for y in range(year, year - length, -1):
            state = held_cstdcs_in(person, y, now)
            if state == NOT_MET:
                return NOT_MET
            if state == CHECK:
                status = CHECK
        return status

    def tinh(person: int, now: int) -> tuple[int, list[str]]:
        """`rules.RULES["CSTD_TINH"]` (`Chain`, `NotReused`, `Initiative`: R-IND-05, D2) with R-GEN-04 and
        the version."""
        failed = []
        if rec_tinh.get(person, 0) & 1:
            failed.append("R-GEN-04")
        status = chain(person, 3, now)
        if status == NOT_MET:
            failed.append("R-IND-05")
        if not chain_reuse and rec_tinh.get(person, 0) & 0b110:  # a CSTĐ tỉnh in the chain's years
            failed.append("R-IND-05")
        if not count_usable(person, "CSTD_TINH", year - 2, year, 2, ALL_KINDS, 1):
            failed.append("R-IND-05, R-GEN-05")
        check = status == CHECK or "CSTD_TINH" in unversioned
        return (NOT_MET if failed else CHECK if check else MET), failed

    memo: dict[tuple[Any, ...], tuple[list[tuple[str, str, str]], int]] = {}
    # `Outcome(...)` without the named tuple's Python-level `__new__`: half the cost, 700,000 times.
    make = tuple.__new__
    for person in columns.ids:
        if person in irregular:
            continue
        kind = unit_kind.get(person, "")
        titles = applicable.get(kind)
        if titles is None:
            armed = kind == "armed_forces"
            titles = applicable[kind] = [
                code
                for code in codes
                if explicit
                or (code == "LDTT" and not armed)
                or (code == "CSTT" and armed)
                or code in ("CSTDCS", "CSTD_TINH", "CSTD_TQ", "GIAY_KHEN", "BK_TINH", "BK_TTG")
            ]
        candidate = ("person", person)
        home = unit_of[person]
        rank_of_person = 1 - (person in female)  # R-GEN-07: women first (`rules.priority`)
        rank = now_ranks.get(person, 0)
        key: tuple[Any, ...] | None = None
        if person not in initiatives and not rec_bk.get(person, 0):
            # Without initiatives and Bằng khen tỉnh, every branch below reads only these bits (the
            # chains: three years of CSTĐCS, five of CSTĐ tỉnh and CSTĐ toàn quốc; the ranks of the
            # year and the year before): people with the same ones get the same verdicts.
            tinh_bits = rec_tinh.get(person, 0)
            key = (
                kind,
                rank,
                last_ranks.get(person, 0),
                rec_ldtt.get(person, 0) & 1,
                rec_cstt.get(person, 0) & 1,
                rec_gk.get(person, 0) & 1,
                rec_cstdcs.get(person, 0) & 1,
                held_cstdcs.get(person, 0) & 0b111,
                tinh_bits & 0b111,
                tinh_bits != 0,
                held_tinh.get(person, 0) & 0b11111,
                rec_tq.get(person, 0) & 0b11111,
                rec_ttg.get(person, 0) & 1,
            )
            found = memo.get(key)
            if found is not None:
                for code, status, failed_rules in found[0]:
                    yield make(Outcome, (candidate, code, status, failed_rules, home, rank_of_person))
                if bits is not None:
                    bits[person] = found[1]
                continue
        # `rules.decide_person(person, "CSTDCS")`, which most titles read (`_held` for the year).
        now, cstdcs_failed = cstdcs(person, rank)
        tinh_state = -1  # `rules.decide_person(person, "CSTD_TINH")`'s status, once decided
        verdicts: list[tuple[str, str, str]] = []
        for code in titles:
            failed: list[str] = []
            check = False
            if code == "LDTT" or code == "CSTT":
                # `rules.ArmedForces`, `rules.Rating` (R-IND-01), without maternity leave and months worked.
                if (rec_ldtt if code == "LDTT" else rec_cstt).get(person, 0) & 1:
                    failed.append("R-GEN-04")
                armed = kind == "armed_forces"
                if (code == "LDTT" and armed) or (code == "CSTT" and not armed):
                    failed.append("R-IND-01")
                if not rank:
                    check = True  # no rating recorded (issue 12 item 8)
                elif rank < GOOD:
                    failed.append("R-IND-01")
            elif code == "GIAY_KHEN":
                # `rules.Rating`, `rules.HeadJudges` (Law Art 75).
                if rec_gk.get(person, 0) & 1:
                    failed.append("R-GEN-04")
                if rank and rank < GOOD:  # none recorded: a check (issue 12 item 8)
                    failed.append("Art 75")
                check = True
            elif code == "CSTDCS":
                verdicts.append((code, *finish(code, cstdcs_failed, now == CHECK)))
                continue
            elif code == "CSTD_TINH":
                tinh_state, failed = tinh(person, now)
                verdicts.append((code, *finish(code, failed, tinh_state == CHECK)))
                continue
            elif code == "CSTD_TQ":
                # `rules.FlagPair`, `rules.PairNotUsed`, `rules.Initiative` (R-IND-07, D2).
                if rec_tq.get(person, 0) & 1:
                    failed.append("R-GEN-04")
                pair_first = None
                if rec_tinh.get(person, 0):
                    mask = held_tinh.get(person, 0)
                    for second in (year, year - 1):
                        if mask >> (year - second) & 1:
                            state = MET
                        elif second == year:
                            if tinh_state < 0:
                                tinh_state = tinh(person, now)[0]
                            state = tinh_state
                        else:
                            state = NOT_MET
                        if state != MET:
                            continue
                        firsts = range(second - 3, second) if chain_reuse else (second - 3,)
                        for first in firsts:
                            if mask >> (year - first) & 1:
                                pair_first = first
                                break
                        if pair_first is not None:
                            break
                if pair_first is None:
                    failed.append("R-IND-07")
                    first_year = year - 5
                else:
                    first_year = pair_first - 2
                    # A CSTĐ toàn quốc from the pair's first year on, the year itself aside.
                    if rec_tq.get(person, 0) & ((1 << (year - pair_first + 1)) - 2):
                        failed.append("R-IND-07")
                if not count_usable(person, "CSTD_TQ", first_year, year, 3, ALL_KINDS, 1):
                    failed.append("R-IND-07, R-GEN-05")
            elif code == "BK_TINH":
                # `rules.PointD` (R-IND-08, D4): point (d) met, or a check.
                if rec_bk.get(person, 0) & 1:
                    failed.append("R-GEN-04")
                if chain(person, 2, now) != MET and not (
                    rank == EXCELLENT and last_ranks.get(person, 0) == EXCELLENT
                ):
                    check = True
                else:
                    check = count_usable(person, "BK_TINH", year - 1, year, 1, PAPER_KINDS, 2) < 2
            elif code == "BK_TTG":
                # `rules.PointB` (R-IND-09, D7, R-GEN-06): point (b) met, or a check.
                if rec_ttg.get(person, 0) & 1:
                    failed.append("R-GEN-04")
                check = True
                if rec_bk.get(person, 0):
                    # The latest Bằng khen của Thủ tướng before the year: the lowest bit above bit 0.
                    earlier = rec_ttg.get(person, 0) >> 1
                    last_pm = year - (earlier & -earlier).bit_length() if earlier else 0
                    mask = held_bk.get(person, 0)
                    for base in range(year, max(last_pm, year - HISTORY_YEARS - 1), -1):
                        if not mask >> (year - base) & 1:
                            continue
                        first = base if run_counts_award_year else base + 1
                        if year - first + 1 < run:
                            continue
                        count = 0
                        gaps = False
                        for y in range(first, year + 1):
                            if ranks.get(y, empty).get(person, 0) < GOOD:
                                gaps = True
                                break
                            if held_cstdcs_in(person, y, now) == MET:
                                count += 1
                        if not gaps and count >= 3:
                            check = False
                            break
            else:  # a title the status path does not decide: not in `codes` of a batch
                raise ValueError(code)
            verdicts.append((code, *finish(code, failed, check)))
        value = 0
        if bits is not None:
            value = 0
            if rank >= GOOD or (rec_ldtt.get(person, 0) | rec_cstt.get(person, 0)) & 1:
                value |= LDTT_STANDARD
            if rank >= COMPLETED:
                value |= COMPLETED_DUTIES
            state = held_cstdcs_in(person, year, now)
            if state == MET:
                value |= CSTDCS_HELD
            elif state == CHECK:
                value |= CSTDCS_CHECK
            if not rank:
                value |= UNRATED
            bits[person] = value
        if key is not None:
            memo[key] = (verdicts, value)
        for code, status, failed_rules in verdicts:
            yield make(Outcome, (candidate, code, status, failed_rules, home, rank_of_person))
