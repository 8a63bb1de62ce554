"""The facts the eligibility rules read, loaded set-wise: a handful of `values_list` queries per batch
(ratings, awards, initiatives and their uses, discipline, cases, maternity leave, positions, unit
lineage, standings), never one query per candidate.

A single evaluation loads the same structures for one candidate through the same functions, so the
pure rules in `rules.py` see identical facts in both paths (batch == single).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q

from thidua.awards.models import (
    RATING_RANK,
    AwardRecord,
    AwardType,
    Case,
    Discipline,
    EligibilitySettings,
    Initiative,
    InitiativeUse,
    LineagePolicy,
    MaternityLeave,
    PerformanceRating,
    RatingLevel,
)
from thidua.blocks.models import Membership, Standing
from thidua.orgs.models import Person, Position, Unit, UnitLineage

# Titles whose past years the rules read (chains, runs, prerequisites); other awards are read only for
# the evaluation year itself.
PREREQUISITE_CODES = ("CSTDCS", "CSTD_TINH", "CSTD_TQ", "BK_TINH", "BK_TTG", "TTLDXS")
HISTORY_YEARS = 15


@dataclass(slots=True)
class AwardFact:
    id: int
    code: str
    year: int
    ctype: str
    number: str
    owner: str = ""  # the predecessor's name when the record is carried over a lineage link


@dataclass(slots=True)
class InitiativeFact:
    id: int
    title: str
    kind: str
    level: str
    year: int
    evidence: str
    uses: list[tuple[int, str, str, int]] = field(default_factory=list)  # record id, award kind, code, year


@dataclass(slots=True)
class PeriodFact:
    """Discipline (kind = level), a case (kind = case kind) or maternity leave; `end` None = open."""

    id: int
    kind: Any
    start: datetime.date
    end: datetime.date | None
    label: str = ""


@dataclass(slots=True)
class UnitCounts:
    """R-IND-03: the people on 31/12 of the unit that decides a person's Chiến sĩ thi đua cơ sở (the
    unit of the person's position, or for a sub-unit its nearest parent that is not one, with all its
    sub-units), counted for the cap."""

    unit: str
    rated: int = 0  # people with a rating of the year
    ldtt: int = 0  # people meeting the Lao động tiên tiến standard in the year (`rules.ldtt_standard`)
    cstdcs: int = 0  # people holding a Chiến sĩ thi đua cơ sở record of the year


@dataclass(slots=True)
class PersonFacts:
    id: int
    name: str
    gender: str
    unit_id: int | None = None
    unit_kind: str = ""
    first_start: datetime.date | None = None
    ratings: dict[int, tuple[int, str]] = field(default_factory=dict)  # year -> (record id, rating)
    awards: dict[str, list[AwardFact]] = field(default_factory=dict)
    initiatives: list[InitiativeFact] = field(default_factory=list)
    discipline: list[PeriodFact] = field(default_factory=list)
    cases: list[PeriodFact] = field(default_factory=list)
    maternity: list[PeriodFact] = field(default_factory=list)
    unit_counts: UnitCounts | None = None  # loaded only when a cap on CSTĐCS is set (R-IND-03)
    memo: dict[Any, Any] = field(default_factory=dict)


@dataclass(slots=True)
class StandingFact:
    id: int
    block_year_id: int
    block: str
    level: str
    year: int
    rank: int
    leading_units_max: int = 1  # the block's setting: how many units may share the lead (issue 12 item 6)
    tied: bool = False  # a first place shared beyond that number: the province decides (issue 12 item 6)


@dataclass(slots=True)
class LinkFact:
    predecessor: str
    kind: str
    date: datetime.date
    carried: bool


@dataclass(slots=True)
class UnitFacts:
    id: int
    name: str
    kind: str
    ratings: dict[int, tuple[int, str]] = field(default_factory=dict)
    awards: dict[str, list[AwardFact]] = field(default_factory=dict)
    standings: list[StandingFact] = field(default_factory=list)
    discipline: list[PeriodFact] = field(default_factory=list)
    cases: list[PeriodFact] = field(default_factory=list)
    members: list[int] = field(default_factory=list)  # person ids in the unit's tree on 31/12
    women: int = 0
    links: list[LinkFact] = field(default_factory=list)
    # Flags of the evaluation year already recorded for other members of this unit's block years.
    flags_taken: dict[int, list[tuple[str, AwardFact]]] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)


@dataclass
class World:
    """Everything a batch (or a single evaluation) reads besides the candidates' own facts."""

    year: int
    codes: dict[int, str]  # award type id -> code
    kinds: dict[str, str]  # code -> title / form
    people: dict[int, PersonFacts] = field(default_factory=dict)
    units: dict[int, UnitFacts] = field(default_factory=dict)
    contexts: dict[datetime.date, Any] = field(default_factory=dict)  # rules.Context by evaluation date
    _unit_kinds: dict[int, str] | None = None
    # Tables every group of a batch's units reads whole (all units, the lineage): read once per world.
    shared: dict[Any, Any] = field(default_factory=dict)

    def unit_kinds(self, ids: Iterable[int] | None = None) -> dict[int, str]:
        """The kinds of the units `ids`, or of every unit (read once per world: each chunk of a
        province-wide batch needs them)."""
        if self._unit_kinds is not None:
            return self._unit_kinds
        units = Unit.objects.order_by()
        if ids is not None:
            return dict(rows(units.filter(id__in=list(ids)).values_list("id", "kind")))
        self._unit_kinds = dict(rows(units.values_list("id", "kind")))
        return self._unit_kinds


def award_records() -> Any:
    """Award records in force: a cancelled decision voids the records it wrote (thidua.proposals)."""
    return AwardRecord.objects.filter(voided_at__isnull=True)


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def award_codes() -> tuple[dict[int, str], dict[str, str]]:
    rows = list(AwardType.objects.values_list("id", "code", "kind"))
    return {pk: code for pk, code, _k in rows}, {code: kind for _p, code, kind in rows}


# -- people ---------------------------------------------------------------------------------------


def candidate_people(year: int, unit_ids: Iterable[int] | None = None) -> Any:
    """Positions held on 31/12 of the year (the people a batch evaluates), optionally in some units."""
    day = year_end(year)
    positions = Position.objects.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))
    if unit_ids is not None:
        positions = positions.filter(unit_id__in=list(unit_ids))
    return positions


def rows(queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a `values_list` queryset fetched on a plain cursor: the ORM writes the SQL (the same
    query on SQLite and PostgreSQL) but Django's per-row conversion is skipped, which at province scale
    costs more than the query itself. Only for integer, text and date columns (both drivers return
    dates as `datetime.date`: psycopg by itself, Django's SQLite connection by its declared types)."""
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cast("list[tuple[Any, ...]]", cursor.fetchall())


def load_people(
    world: World,
    settings: EligibilitySettings,
    *,
    ids: list[int] | None = None,
    id_range: tuple[int, int] | None = None,
) -> dict[int, PersonFacts]:
    """Facts of the people `ids` (or all people with ids in `id_range`) for the world's year.

    Every query is scoped by person id first (indexed on each table), reads only the columns and years
    the rules use, and has an explicit order, so a chunk of a batch and a single candidate get the
    same facts in the same order (batch == single)."""
    year = world.year
    first = year - HISTORY_YEARS

    def scope(queryset: Any, column: str = "person_id") -> Any:
        if ids is not None:
            return queryset.filter(**{f"{column}__in": ids})
        if id_range is not None:
            return queryset.filter(**{f"{column}__gte": id_range[0], f"{column}__lte": id_range[1]})
        return queryset

    people: dict[int, PersonFacts] = {}
    for pk, name, gender in rows(
        scope(Person.objects.order_by(), "id").values_list("id", "full_name", "gender")
    ):
        people[pk] = PersonFacts(id=pk, name=name, gender=gender)
    positions = rows(
        scope(candidate_people(year)).order_by("start", "id").values_list("person_id", "unit_id")
    )
    unit_kinds = world.unit_kinds(None if ids is None else {unit_id for _person, unit_id in positions})
    for person_id, unit_id in positions:
        facts = people.get(person_id)
        if facts is not None:
            facts.unit_id = unit_id
            facts.unit_kind = unit_kinds.get(unit_id, "")
    if settings.cstdcs_cap_pct:
        deciding = {pk: deciding_unit(world, facts.unit_id) for pk, facts in people.items() if facts.unit_id}
        counts = deciding_counts(world, set(deciding.values()))
        for pk, unit_id in deciding.items():
            people[pk].unit_counts = counts.get(unit_id)
    if settings.ldtt_min_months:
        for person_id, start in rows(
            scope(Position.objects.order_by("-start")).values_list("person_id", "start")
        ):
            if person_id in people:
                people[person_id].first_start = start

    # Ratings: the last three years for everyone; older years only for holders of a Bằng khen tỉnh
    # old enough to start the run of R-IND-09 (the only rule reading them). Two queries rather than
    # one with OR, so that each uses an index.
    codes_by_id = world.codes
    bk_id = next((pk for pk, code in codes_by_id.items() if code == "BK_TINH"), 0)
    last_base = year - settings.pm_run_years + (1 if settings.pm_run_counts_award_year else 0)
    old_holders = scope(
        award_records().order_by().filter(award_type_id=bk_id, year__lte=last_base, person__isnull=False)
    ).values("person_id")
    ratings = PerformanceRating.objects.order_by().filter(person__isnull=False)
    recent = scope(ratings.filter(year__gte=max(first, year - 2), year__lte=year))
    older = scope(ratings.filter(year__gte=first, year__lt=year - 2, person_id__in=old_holders))
    for queryset in (recent, older):
        for pk, person_id, rating_year, rating in rows(
            queryset.values_list("id", "person_id", "year", "rating")
        ):
            facts = people.get(person_id)
            if facts is not None:
                facts.ratings[rating_year] = (pk, rating)

    # Awards: the prerequisite titles over the history, any other title or form of the year only. The
    # history window is applied here rather than in SQL: with it SQLite prefers the (type, year) index
    # and reads every chunk's rows for the whole province.
    wanted = [pk for pk, code in codes_by_id.items() if code in PREREQUISITE_CODES]
    others = [pk for pk in codes_by_id if pk not in wanted]
    records = award_records().filter(person__isnull=False).order_by("-year", "id")
    for queryset in (
        scope(records.filter(award_type_id__in=wanted)),
        scope(records.filter(award_type_id__in=others, year=year)),
    ):
        for pk, person_id, type_id, award_year, ctype, number in rows(
            queryset.values_list(
                "id", "person_id", "award_type_id", "year", "commendation_type", "decision_number"
            )
        ):
            facts = people.get(person_id)
            if facts is not None and first <= award_year <= year:
                code = codes_by_id[type_id]
                facts.awards.setdefault(code, []).append(AwardFact(pk, code, award_year, ctype, number))

    initiatives: dict[int, InitiativeFact] = {}
    for pk, person_id, title, kind, level, init_year, evidence in rows(
        scope(Initiative.objects.filter(year__lte=year).order_by("-year", "id")).values_list(
            "id", "person_id", "title", "kind", "level", "year", "evidence"
        )
    ):
        facts = people.get(person_id)
        if facts is not None:
            fact = InitiativeFact(pk, title, kind, level, init_year, evidence)
            initiatives[pk] = fact
            facts.initiatives.append(fact)
    if initiatives:
        uses = scope(InitiativeUse.objects.order_by("id"), "initiative__person_id").values_list(
            "initiative_id", "award_record_id", "award_record__award_type_id", "award_record__year"
        )
        for initiative_id, record_id, type_id, use_year in rows(uses):
            if initiative_id in initiatives:
                code = codes_by_id[type_id]
                initiatives[initiative_id].uses.append((record_id, world.kinds[code], code, use_year))

    since = datetime.date(first, 1, 1)
    for pk, person_id, level, start, end in rows(
        scope(
            Discipline.objects.filter(person__isnull=False, end__gte=since).order_by("-start", "id")
        ).values_list("id", "person_id", "level", "start", "end")
    ):
        if person_id in people:
            people[person_id].discipline.append(PeriodFact(pk, level, start, end))
    for pk, person_id, kind, opened, closed, text in rows(
        scope(Case.objects.filter(person__isnull=False).order_by("-opened_on", "id")).values_list(
            "id", "person_id", "kind", "opened_on", "closed_on", "description"
        )
    ):
        if person_id in people:
            people[person_id].cases.append(PeriodFact(pk, kind, opened, closed, text))
    for pk, person_id, start, end in rows(
        scope(MaternityLeave.objects.filter(end__gte=since).order_by("-start", "id")).values_list(
            "id", "person_id", "start", "end"
        )
    ):
        if person_id in people:
            people[person_id].maternity.append(PeriodFact(pk, "maternity", start, end))
    return people


def _unit_rows(world: World) -> list[tuple[Any, ...]]:
    if "units" not in world.shared:
        world.shared["units"] = list(Unit.objects.order_by().values_list("id", "name", "kind", "parent_id"))
    return cast("list[tuple[Any, ...]]", world.shared["units"])


def deciding_unit(world: World, unit_id: int) -> int:
    """R-IND-03: the unit that decides Chiến sĩ thi đua cơ sở for a position in `unit_id`: the unit
    itself, or for a sub-unit its nearest parent that is not a sub-unit."""
    if "deciding" not in world.shared:
        units = {pk: (kind, parent) for pk, _name, kind, parent in _unit_rows(world)}
        deciding: dict[int, int] = {}
        for pk in units:
            current, seen = pk, set()
            while units[current][0] == "sub_unit" and units[current][1] in units and current not in seen:
                seen.add(current)
                current = units[current][1]
            deciding[pk] = current
        world.shared["deciding"] = deciding
    return cast("int", world.shared["deciding"].get(unit_id, unit_id))


def deciding_counts(world: World, units: Iterable[int]) -> dict[int, UnitCounts]:
    """R-IND-03: `UnitCounts` of the deciding units `units` for the world's year, each read once per
    world (three queries for the units not read yet: their people on 31/12, those people's ratings
    and titles of the year). A batch and a single evaluation count a unit alike."""
    cache: dict[int, UnitCounts] = world.shared.setdefault("deciding counts", {})
    wanted = {pk for pk in units if pk not in cache}
    if wanted:
        year = world.year
        names = {pk: name for pk, name, _kind, _parent in _unit_rows(world)}
        inside = [pk for pk, _name, _kind, _parent in _unit_rows(world) if deciding_unit(world, pk) in wanted]
        people = candidate_people(year, inside).values("person_id")
        # Each person's unit is that of their last position on 31/12 (as `load_people` reads it), over
        # all their positions, so a unit's count does not depend on which units are read together.
        positions = candidate_people(year).filter(person_id__in=people).order_by("start", "id")
        home: dict[int, int] = {}
        for person_id, unit_id in rows(positions.values_list("person_id", "unit_id")):
            home[person_id] = deciding_unit(world, unit_id)
        rated: set[int] = set()
        ldtt: set[int] = set()
        cstdcs: set[int] = set()
        good = {level for level, rank in RATING_RANK.items() if rank >= RATING_RANK[RatingLevel.GOOD]}
        ratings = PerformanceRating.objects.order_by().filter(person_id__in=people, year=year)
        for person_id, rating in rows(ratings.values_list("person_id", "rating")):
            rated.add(person_id)
            if rating in good:
                ldtt.add(person_id)
        codes = {code: pk for pk, code in world.codes.items() if code in ("LDTT", "CSTT", "CSTDCS")}
        titles = (
            award_records()
            .order_by()
            .filter(person_id__in=people, year=year, award_type_id__in=list(codes.values()))
        )
        for person_id, type_id in rows(titles.values_list("person_id", "award_type_id")):
            (cstdcs if type_id == codes.get("CSTDCS") else ldtt).add(person_id)
        for pk in wanted:
            cache[pk] = UnitCounts(names.get(pk, ""))
        for person_id, unit_id in home.items():
            found = cache.get(unit_id)
            if found is not None:
                found.rated += person_id in rated
                found.ldtt += person_id in ldtt
                found.cstdcs += person_id in cstdcs
    return {pk: cache[pk] for pk in units if pk in cache}


# -- units ----------------------------------------------------------------------------------------


def unit_tree(parents: Mapping[int, int | None]) -> dict[int, list[int]]:
    """Each unit's tree (itself and every sub-unit, however deep), from a parent map."""
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent in parents.items():
        if parent is not None:
            children[parent].append(pk)
    trees: dict[int, list[int]] = {}
    for pk in parents:
        found, frontier = [pk], [pk]
        while frontier:
            frontier = [child for current in frontier for child in children.get(current, ())]
            found += frontier
        trees[pk] = found
    return trees


def carried_history(policy: str) -> dict[int, list[tuple[int, int, LinkFact]]]:
    """For each unit, the predecessors whose history it carries, transitively, with the last year
    carried (the link's year) and the link itself (D6); links not carried are listed with carried=False."""
    names = dict(Unit.objects.values_list("id", "name"))
    by_successor: dict[int, list[tuple[int, int, LinkFact]]] = defaultdict(list)
    for lineage in UnitLineage.objects.only(
        "predecessor_id", "successor_id", "kind", "date", "inherits_history"
    ).order_by("id"):
        predecessor, successor, kind, day = (
            lineage.predecessor_id,
            lineage.successor_id,
            lineage.kind,
            lineage.date,
        )
        # The province's policy (a setting) overrides the link's own answer, `UnitLineage.carries_history`
        # (D6: a rename always carries, a merger or split when marked), which is not restated here.
        if policy == LineagePolicy.ALWAYS:
            carried = True
        elif policy == LineagePolicy.NEVER:
            carried = False
        else:
            carried = lineage.carries_history
        by_successor[successor].append(
            (predecessor, day.year, LinkFact(names.get(predecessor, ""), kind, day, carried))
        )
    result: dict[int, list[tuple[int, int, LinkFact]]] = {}
    for unit_id in list(by_successor):
        found: list[tuple[int, int, LinkFact]] = []
        seen = {unit_id}
        frontier = [(unit_id, 9999)]
        while frontier:
            current, limit = frontier.pop()
            for predecessor, link_year, link in by_successor.get(current, ()):
                if predecessor in seen:
                    continue
                seen.add(predecessor)
                found.append((predecessor, min(limit, link_year), link))
                if link.carried:
                    frontier.append((predecessor, min(limit, link_year)))
        result[unit_id] = found
    return result


def load_units(
    world: World, settings: EligibilitySettings, *, ids: list[int] | None = None, members: bool = True
) -> dict[int, UnitFacts]:
    """Facts of the units `ids` (or every unit) for the world's year, with the history their lineage
    carries (D6), their members on 31/12 (unless `members` is false: a batch counts them for all units
    at once, `count_members`) and the standings of the year's block years."""
    year = world.year
    first = year - HISTORY_YEARS
    all_units = _unit_rows(world)
    wanted = set(ids) if ids is not None else {pk for pk, *_rest in all_units}
    policy = settings.lineage_policy
    if ("lineage", policy) not in world.shared:
        world.shared["lineage", policy] = carried_history(policy)
    lineage = world.shared["lineage", policy]
    units = {pk: UnitFacts(id=pk, name=name, kind=kind) for pk, name, kind, _p in all_units if pk in wanted}
    # Whose records each candidate reads: its own, and its carried predecessors' up to the link's year.
    sources: dict[int, list[tuple[int, int]]] = defaultdict(list)  # source unit -> [(candidate, last year)]
    for pk, facts in units.items():
        sources[pk].append((pk, 9999))
        for predecessor, last_year, link in lineage.get(pk, ()):
            facts.links.append(link)
            if link.carried:
                sources[predecessor].append((pk, last_year))
    names = {pk: name for pk, name, _k, _p in all_units}
    source_ids = list(sources)

    for pk, unit_id, rating_year, rating in PerformanceRating.objects.filter(
        unit_id__in=source_ids, year__gte=first, year__lte=year
    ).values_list("id", "unit_id", "year", "rating"):
        for candidate, last_year in sources[unit_id]:
            if rating_year <= last_year and rating_year not in units[candidate].ratings:
                units[candidate].ratings[rating_year] = (pk, rating)
    for pk, unit_id, type_id, award_year, ctype, number in (
        award_records()
        .filter(unit_id__in=source_ids, year__gte=first, year__lte=year)
        .values_list("id", "unit_id", "award_type_id", "year", "commendation_type", "decision_number")
    ):
        code = world.codes[type_id]
        for candidate, last_year in sources[unit_id]:
            if award_year <= last_year:
                owner = "" if candidate == unit_id else names[unit_id]
                units[candidate].awards.setdefault(code, []).append(
                    AwardFact(pk, code, award_year, ctype, number, owner)
                )
    for pk, unit_id, block_year_id, block, level, standing_year, rank, most, tied in Standing.objects.filter(
        unit_id__in=source_ids, block_year__year__gte=first, block_year__year__lte=year
    ).values_list(
        "id",
        "unit_id",
        "block_year_id",
        "block_year__block__name",
        "block_year__block__level",
        "block_year__year",
        "rank",
        "block_year__block__leading_units_max",
        "tied",
    ):
        for candidate, last_year in sources[unit_id]:
            if standing_year <= last_year:
                units[candidate].standings.append(
                    StandingFact(pk, block_year_id, block, level, standing_year, rank, most or 1, tied)
                )
    for pk, unit_id, severity, start, end in Discipline.objects.filter(
        unit_id__in=list(units), end__gte=datetime.date(first, 1, 1)
    ).values_list("id", "unit_id", "level", "start", "end"):
        units[unit_id].discipline.append(PeriodFact(pk, severity, start, end))
    for pk, unit_id, kind, opened, closed, text in Case.objects.filter(unit_id__in=list(units)).values_list(
        "id", "unit_id", "kind", "opened_on", "closed_on", "description"
    ):
        units[unit_id].cases.append(PeriodFact(pk, kind, opened, closed, text))

    if members:
        trees = unit_tree({pk: parent for pk, _n, _k, parent in all_units})
        _add_members(units, trees, year, whole=ids is None)

    # The year's block years of each candidate, and the province flags other members already hold.
    flag_id = next((pk for pk, code in world.codes.items() if code == "CO_TD_TINH"), 0)
    memberships = list(
        Membership.objects.filter(block_year__year=year).values_list("block_year_id", "unit_id", "unit__name")
    )
    flags = {
        unit_id: AwardFact(pk, "CO_TD_TINH", year, ctype, number)
        for pk, unit_id, ctype, number in award_records()
        .filter(award_type_id=flag_id, year=year, unit__isnull=False)
        .values_list("id", "unit_id", "commendation_type", "decision_number")
    }
    by_block_year: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for block_year_id, unit_id, name in memberships:
        by_block_year[block_year_id].append((unit_id, name))
    for block_year_id, unit_id, _name in memberships:
        if unit_id in units:
            units[unit_id].flags_taken[block_year_id] = [
                (other_name, flags[other])
                for other, other_name in by_block_year[block_year_id]
                if other != unit_id and other in flags
            ]
    return units


def _add_members(units: dict[int, UnitFacts], trees: dict[int, list[int]], year: int, *, whole: bool) -> None:
    """Each unit's members on 31/12 of the year: the people of the unit's whole tree."""
    in_tree: dict[int, list[int]] = defaultdict(list)  # any unit -> candidates whose tree holds it
    for pk in units:
        for member_unit in trees.get(pk, [pk]):
            in_tree[member_unit].append(pk)
    positions = candidate_people(year)
    if not whole:
        positions = positions.filter(unit_id__in=list(in_tree))
    seen: set[tuple[int, int]] = set()
    for person_id, unit_id, gender in positions.order_by("person_id", "id").values_list(
        "person_id", "unit_id", "person__gender"
    ):
        for candidate in in_tree.get(unit_id, ()):
            if (candidate, person_id) in seen:
                continue
            seen.add((candidate, person_id))
            facts = units[candidate]
            facts.members.append(person_id)
            facts.women += gender == "female"


# What the collective rules read of each member (R-COL-01, R-COL-02), as bits (`rules.member_bits`);
# UNRATED: no rating of the year recorded; CSTDCS_CHECK: the year's Chiến sĩ thi đua cơ sở needs a
# human check (issue 12 item 8: a missing record is not a failure).
LDTT_STANDARD, COMPLETED_DUTIES, CSTDCS_HELD, WARNED, UNRATED, CSTDCS_CHECK = 1, 2, 4, 8, 16, 32


@dataclass(slots=True)
class MemberCounts:
    """A unit's members on 31/12 counted by what the collective rules read of each, for a batch that
    does not keep every member's facts in memory (R-COL-01, R-COL-02, R-GEN-07)."""

    total: int = 0
    women: int = 0
    ldtt: int = 0  # meeting the standard of Lao động tiên tiến
    completed: int = 0  # completed duties, or on maternity leave without a rating
    cstdcs: int = 0  # holding Chiến sĩ thi đua cơ sở for the year (recorded, or eligible now)
    warned: int = 0  # disciplined with a warning or more in the year
    unknown_ldtt: int = 0  # not meeting the LĐTT standard only for want of a rating of the year
    unknown_completed: int = 0  # not known to have completed duties, for want of a rating of the year
    unknown_cstdcs: int = 0  # whose Chiến sĩ thi đua cơ sở of the year needs a human check

    def add(self, bits: int, *, female: bool) -> None:
        """Count one more member, with what the rules read of them (`rules.member_bits`)."""
        self.total += 1
        self.women += female
        self.ldtt += bits & LDTT_STANDARD != 0
        self.completed += bits & COMPLETED_DUTIES != 0
        self.cstdcs += bits & CSTDCS_HELD != 0
        self.warned += bits & WARNED != 0
        self.unknown_ldtt += bits & (UNRATED | LDTT_STANDARD) == UNRATED
        self.unknown_completed += bits & (UNRATED | COMPLETED_DUTIES) == UNRATED
        self.unknown_cstdcs += bits & CSTDCS_CHECK != 0


def count_members(
    year: int, unit_ids: Iterable[int], bits: Mapping[int, int], *, scope: list[int] | None = None
) -> dict[int, MemberCounts]:
    """For each unit of `unit_ids`, its members on 31/12 of the year (the people of its whole tree, as
    `load_units` lists them), counted with each member's `bits`. One query over the positions of the
    year (of the units `scope` when given), in person order."""
    parents = dict(rows(Unit.objects.order_by().values_list("id", "parent_id")))
    counts = {pk: MemberCounts() for pk in unit_ids}
    holders: dict[int, list[int]] = {}  # a unit -> the counted units whose tree holds it

    def holding(unit_id: int) -> list[int]:
        found = holders.get(unit_id)
        if found is None:
            found, seen = [], set()
            current: int | None = unit_id
            while current is not None and current not in seen:
                seen.add(current)
                if current in counts:
                    found.append(current)
                current = parents.get(current)
            holders[unit_id] = found
        return found

    positions = candidate_people(year, scope).order_by("person_id", "id")
    current_person: int | None = None
    counted: set[int] = set()
    ldtt = completed = cstdcs = warned = unknown_ldtt = unknown_completed = unknown_cstdcs = 0
    for person_id, unit_id, gender in rows(positions.values_list("person_id", "unit_id", "person__gender")):
        if person_id != current_person:
            current_person, counted = person_id, set()
            flags = bits.get(person_id, 0)  # what `MemberCounts.add` counts, decided once per person
            ldtt, completed = flags & LDTT_STANDARD != 0, flags & COMPLETED_DUTIES != 0
            cstdcs, warned = flags & CSTDCS_HELD != 0, flags & WARNED != 0
            unknown_ldtt = flags & (UNRATED | LDTT_STANDARD) == UNRATED
            unknown_completed = flags & (UNRATED | COMPLETED_DUTIES) == UNRATED
            unknown_cstdcs = flags & CSTDCS_CHECK != 0
        female = gender == "female"
        for pk in holding(unit_id):
            if pk in counted:
                continue
            counted.add(pk)
            found = counts[pk]  # `MemberCounts.add`, inline: a province counts 300,000 memberships
            found.total += 1
            found.women += female
            found.ldtt += ldtt
            found.completed += completed
            found.cstdcs += cstdcs
            found.unknown_ldtt += unknown_ldtt
            found.unknown_completed += unknown_completed
            found.unknown_cstdcs += unknown_cstdcs
            found.warned += warned
    return counts


def new_world(year: int) -> World:
    codes, kinds = award_codes()
    return World(year=year, codes=codes, kinds=kinds)
