"""A generator of realistic synthetic award history, for the benchmark (`bench/eligibility.py`) and
for the test that a batch equals single evaluations.

Province scale: 100,000 people and 3,000 collectives over 10 years; country scale: 2,000,000 people.
Rows are written in bulk with explicit ids: `executemany` on SQLite, COPY on PostgreSQL (never one
ORM call per row). Fixed seed: the same data every run. Nothing is audited (throw-away databases).

Shape (invented, plausible): ~300 agencies with ~9 sub-units each, grouped into blocks of 8; each
person works in one sub-unit; yearly ratings (15% excellent, 65% good, 17% completed, 3% not);
Lao động tiên tiến for good or better; Chiến sĩ thi đua cơ sở for most excellent years (so chains
form); Chiến sĩ thi đua tỉnh after three in a row with a province-level initiative; Bằng khen tỉnh
for 2% a year; initiatives, discipline, cases and maternity leave at low rates.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from thidua.awards.models import AwardType
from thidua.lib.bulk import insert_rows, loading
from thidua.lib.vietnamese import name_sort_key, search_key, split_name, text_sort_key
from thidua.orgs.models import Unit

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quốc", "Thanh"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Oanh",
    "Phúc",
    "Thảo",
    "Tuấn",
    "Yến",
]


@dataclass
class Scale:
    people: int
    collectives: int
    first_year: int
    last_year: int


SCALES = {
    "tiny": Scale(60, 12, 2016, 2025),
    "small": Scale(5000, 300, 2016, 2025),
    "province": Scale(100_000, 3000, 2016, 2025),
    "country": Scale(2_000_000, 60_000, 2016, 2025),
}


# The tables the world is written to (their indexes and keys are built after the load: `bulk.loading`).
TABLES = [
    "orgs_unit",
    "orgs_person",
    "orgs_position",
    "blocks_block",
    "blocks_blockyear",
    "blocks_membership",
    "blocks_standing",
    "awards_performancerating",
    "awards_awardrecord",
    "awards_initiative",
    "awards_initiativeuse",
    "awards_discipline",
    "awards_case",
    "awards_maternityleave",
]


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - fixed table names
        return int(cursor.fetchone()[0]) + 1


def _reset_sequences(tables: Sequence[str]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
            )  # noqa: S608


def generate(
    scale: Scale, *, seed: int = 2025, prefix: str = "SYN", log: Callable[[str], None] = lambda _m: None
) -> dict[str, int]:
    """Write the synthetic world; returns the number of rows per table."""
    rng = random.Random(seed)
    types = dict(AwardType.objects.values_list("code", "id"))
    years = list(range(scale.first_year, scale.last_year + 1))
    counts: dict[str, int] = {}
    with transaction.atomic():
        with loading(TABLES, log=log):
            counts.update(_units_and_blocks(scale, rng, prefix, log))
            counts.update(_people(scale, rng, years, types, log))
            log("people written; indexes and keys")
        _reset_sequences(TABLES)
    return counts


def _units_and_blocks(
    scale: Scale, rng: random.Random, prefix: str, log: Callable[[str], None]
) -> dict[str, int]:
    first_id = _next_id("orgs_unit")
    agencies = max(2, scale.collectives // 10)
    rows: list[tuple[Any, ...]] = []
    sub_units: list[tuple[int, str]] = []
    tops: list[int] = []
    province_id = first_id
    rows.append(
        (
            province_id,
            f"{prefix}-UBND",
            "UBND tỉnh Tổng hợp",
            "",
            "state_agency",
            "province",
            None,
            "",
            search_key("UBND tỉnh Tổng hợp"),
            text_sort_key("UBND tỉnh Tổng hợp"),
        )
    )
    next_id = first_id + 1
    for a in range(agencies):
        name = f"Sở Tổng hợp {a + 1}"
        kind = "armed_forces" if a % 25 == 0 else "state_agency"
        rows.append(
            (
                next_id,
                f"{prefix}-{a}",
                name,
                "",
                kind,
                "province",
                province_id,
                "",
                search_key(name),
                text_sort_key(name),
            )
        )
        tops.append(next_id)
        parent = next_id
        next_id += 1
        for s in range(max(1, scale.collectives // agencies - 1)):
            sub = f"Phòng {s + 1} - {name}"
            rows.append(
                (
                    next_id,
                    f"{prefix}-{a}-{s}",
                    sub,
                    "",
                    "sub_unit",
                    "province",
                    parent,
                    "",
                    search_key(sub),
                    text_sort_key(sub),
                )
            )
            sub_units.append((next_id, kind))
            next_id += 1
    n = insert_rows(
        Unit._meta.db_table,
        [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent_id",
            "place_name",
            "name_search",
            "name_sort",
        ],
        rows,
    )
    log(f"units: {n}")
    # Blocks of eight agencies, each with its last year, leader and standings.
    block_id, year_id, member_id, standing_id = (
        _next_id(t) for t in ("blocks_block", "blocks_blockyear", "blocks_membership", "blocks_standing")
    )
    blocks: list[tuple[Any, ...]] = []
    block_years: list[tuple[Any, ...]] = []
    memberships: list[tuple[Any, ...]] = []
    standings: list[tuple[Any, ...]] = []
    now = datetime.datetime(2026, 1, 15, tzinfo=datetime.UTC)
    for index in range(0, len(tops), 8):
        members = tops[index : index + 8]
        if len(members) < 2:
            break
        name = f"Khối thi đua tổng hợp {index // 8 + 1}"
        blocks.append(
            (
                block_id,
                f"{prefix}-K{index // 8}",
                name,
                "block",
                "province",
                province_id,
                "",
                "deputy_succeeds",
                1,
                search_key(name),
                text_sort_key(name),
                False,
                1,
            )
        )
        for year in (scale.last_year - 1, scale.last_year):
            block_years.append((year_id, block_id, year, ""))
            leader = members[(year + index) % len(members)]
            deputy = members[(year + index + 1) % len(members)]
            order = members[:]
            rng.shuffle(order)
            for unit_id in members:
                role = "leader" if unit_id == leader else "deputy" if unit_id == deputy else "member"
                memberships.append((member_id, year_id, unit_id, role, 1 if role == "deputy" else None))
                member_id += 1
            for rank, unit_id in enumerate(order[:3], start=1):
                standings.append((standing_id, year_id, unit_id, rank, "recorded", "Dữ liệu tổng hợp", now))
                standing_id += 1
            year_id += 1
        block_id += 1
    insert_rows(
        "blocks_block",
        [
            "id",
            "code",
            "name",
            "kind",
            "level",
            "managing_body_id",
            "description",
            "rotation_method",
            "rotation_gap_years",
            "name_search",
            "name_sort",
            "deputy_required",
            "leading_units_max",
        ],
        blocks,
    )
    insert_rows(
        "blocks_blockyear", ["id", "block_id", "year", "note", "flag_note"], [(*r, "") for r in block_years]
    )
    insert_rows("blocks_membership", ["id", "block_year_id", "unit_id", "role", "deputy_order"], memberships)
    insert_rows(
        "blocks_standing",
        ["id", "block_year_id", "unit_id", "rank", "source", "basis", "recorded_at", "tied"],
        [(*r, False) for r in standings],
    )
    _SUB_UNITS.clear()
    _SUB_UNITS.extend(sub_units)
    _TOPS.clear()
    _TOPS.extend(tops)
    return {"units": n, "blocks": len(blocks), "standings": len(standings)}


_SUB_UNITS: list[tuple[int, str]] = []
_TOPS: list[int] = []


def _people(
    scale: Scale, rng: random.Random, years: list[int], types: dict[str, int], log: Callable[[str], None]
) -> dict[str, int]:
    names = []
    for family in FAMILY:
        for middle in MIDDLE:
            for given in GIVEN:
                full = f"{family} {middle} {given}"
                names.append((full, *split_name(full), search_key(full), name_sort_key(full)))
    person_id = _next_id("orgs_person")
    first_person = person_id
    ids = {
        t: _next_id(t)
        for t in (
            "orgs_position",
            "awards_performancerating",
            "awards_awardrecord",
            "awards_initiative",
            "awards_initiativeuse",
            "awards_discipline",
            "awards_case",
            "awards_maternityleave",
        )
    }
    people: list[tuple[Any, ...]] = []
    positions: list[tuple[Any, ...]] = []
    ratings: list[tuple[Any, ...]] = []
    awards: list[tuple[Any, ...]] = []
    initiatives: list[tuple[Any, ...]] = []
    uses: list[tuple[Any, ...]] = []
    disciplines: list[tuple[Any, ...]] = []
    cases: list[tuple[Any, ...]] = []
    leaves: list[tuple[Any, ...]] = []
    last = years[-1]
    start_date = datetime.date(years[0] - 2, 1, 1)
    counts = dict.fromkeys(
        (
            "people",
            "positions",
            "ratings",
            "awards",
            "initiatives",
            "uses",
            "discipline",
            "cases",
            "maternity",
        ),
        0,
    )

    def flush() -> None:
        counts["people"] += insert_rows(
            "orgs_person",
            [
                "id",
                "full_name",
                "family_name",
                "middle_name",
                "given_name",
                "gender",
                "birth_date",
                "national_id",
                "civil_servant_code",
                "email",
                "phone",
                "name_search",
                "name_sort",
            ],
            people,
        )
        counts["positions"] += insert_rows(
            "orgs_position", ["id", "person_id", "unit_id", "title", "start", "end"], positions
        )
        counts["ratings"] += insert_rows(
            "awards_performancerating", ["id", "person_id", "unit_id", "year", "rating", "note"], ratings
        )
        counts["awards"] += insert_rows(
            "awards_awardrecord",
            [
                "id",
                "person_id",
                "unit_id",
                "award_type_id",
                "year",
                "decision_number",
                "decision_date",
                "decision_authority",
                "commendation_type",
                "note",
            ],
            awards,
        )
        counts["initiatives"] += insert_rows(
            "awards_initiative",
            [
                "id",
                "person_id",
                "title",
                "kind",
                "level",
                "year",
                "recognised_by",
                "decision_number",
                "evidence",
            ],
            initiatives,
        )
        counts["uses"] += insert_rows(
            "awards_initiativeuse", ["id", "initiative_id", "award_record_id"], uses
        )
        counts["discipline"] += insert_rows(
            "awards_discipline",
            ["id", "person_id", "unit_id", "level", "start", "end", "decision_number", "note"],
            disciplines,
        )
        counts["cases"] += insert_rows(
            "awards_case",
            ["id", "person_id", "unit_id", "kind", "opened_on", "closed_on", "description"],
            cases,
        )
        counts["maternity"] += insert_rows(
            "awards_maternityleave", ["id", "person_id", "start", "end"], leaves
        )
        for rows in (people, positions, ratings, awards, initiatives, uses, disciplines, cases, leaves):
            rows.clear()

    def add_award(person: int | None, unit: int | None, code: str, year: int, ctype: str = "movement") -> int:
        pk = ids["awards_awardrecord"]
        ids["awards_awardrecord"] += 1
        awards.append((pk, person, unit, types[code], year, f"{pk}/QĐ", None, "", ctype, ""))
        return pk

    def add_initiative(person: int, year: int, level: str) -> int:
        pk = ids["awards_initiative"]
        ids["awards_initiative"] += 1
        initiatives.append((pk, person, f"Sáng kiến {pk}", "initiative", level, year, "", "", "original"))
        return pk

    def use(initiative: int, record: int) -> None:
        uses.append((ids["awards_initiativeuse"], initiative, record))
        ids["awards_initiativeuse"] += 1

    for index in range(scale.people):
        pk = person_id + index
        full, family, middle, given, key, sort = names[rng.randrange(len(names))]
        gender = "female" if middle in ("Thị", "Thu", "Ngọc") or rng.random() < 0.2 else "male"
        people.append((pk, full, family, middle, given, gender, None, None, "", "", "", key, sort))
        unit_id, _kind = _SUB_UNITS[index % len(_SUB_UNITS)]
        positions.append((ids["orgs_position"], pk, unit_id, "Chuyên viên", start_date, None))
        ids["orgs_position"] += 1
        chain = 0
        for year in years:
            roll = rng.random()
            rating = (
                "excellent"
                if roll < 0.15
                else "good"
                if roll < 0.80
                else "completed"
                if roll < 0.97
                else "not_completed"
            )
            if gender == "female" and rng.random() < 0.01:
                leaves.append(
                    (ids["awards_maternityleave"], pk, datetime.date(year, 3, 1), datetime.date(year, 8, 31))
                )
                ids["awards_maternityleave"] += 1
            ratings.append((ids["awards_performancerating"], pk, None, year, rating, ""))
            ids["awards_performancerating"] += 1
            if rating in ("excellent", "good") and year < last:
                add_award(pk, None, "LDTT", year)
            if rating == "excellent" and year < last and rng.random() < 0.7:
                record = add_award(pk, None, "CSTDCS", year)
                if rng.random() < 0.3:
                    use(add_initiative(pk, year, "grassroots"), record)
                chain += 1
            else:
                chain = 0
            if chain >= 3 and rng.random() < 0.5:
                record = add_award(pk, None, "CSTD_TINH", year)
                use(add_initiative(pk, year, "province"), record)
                chain = 0
            if rng.random() < 0.05:
                add_initiative(
                    pk,
                    year,
                    "province" if rng.random() < 0.1 else "national" if rng.random() < 0.01 else "grassroots",
                )
            if year < last and rng.random() < 0.02:
                add_award(pk, None, "BK_TINH", year, "merit" if rng.random() < 0.8 else "ad_hoc")
            if rng.random() < 0.003:
                disciplines.append(
                    (
                        ids["awards_discipline"],
                        pk,
                        None,
                        rng.choice([1, 1, 2, 3]),
                        datetime.date(year, 5, 1),
                        datetime.date(year + 1, 4, 30),
                        "",
                        "",
                    )
                )
                ids["awards_discipline"] += 1
        if rng.random() < 0.002:
            cases.append(
                (
                    ids["awards_case"],
                    pk,
                    None,
                    rng.choice(["complaint", "investigation", "inspection_routine"]),
                    datetime.date(last, 10, 1),
                    None,
                    "Đơn thư",
                )
            )
            ids["awards_case"] += 1
        if len(people) >= 20000:
            flush()
            log(f"people: {index + 1}")
    # Collectives: ratings and titles of every unit.
    for unit_id, _kind in _SUB_UNITS + [(t, "") for t in _TOPS]:
        for year in years:
            roll = rng.random()
            rating = "excellent" if roll < 0.3 else "good" if roll < 0.9 else "completed"
            ratings.append((ids["awards_performancerating"], None, unit_id, year, rating, ""))
            ids["awards_performancerating"] += 1
            if year < last and rating == "excellent" and rng.random() < 0.5:
                add_award(None, unit_id, "TTLDXS", year)
            elif year < last and rating != "completed":
                add_award(None, unit_id, "TTLDTT", year)
    flush()
    counts["first_person"] = first_person
    return counts
