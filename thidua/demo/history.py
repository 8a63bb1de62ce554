"""Award history behind the figures the seeds quote (issue 10 item 9), read by thidua.stats:

- seed 003: the Nội chính block of Tuyên Quang in 2022, "537 lượt tập thể, 2.347 lượt cá nhân được
  các cấp khen thưởng": the members' divisions (phòng, đội, invented) and their staff (invented
  people without ID numbers) receive the titles and forms that bring the block's 2022 count to
  exactly those numbers, whatever the other demo modules already gave;
- seed 000: the Nha Trang party block in 2022, "6/6 đơn vị hoàn thành xuất sắc nhiệm vụ" and 8
  Chiến sĩ thi đua cơ sở: each member unit rated excellent, CSTĐCS topped up to 8.

Everything is invented except those totals (docs/demo.md). The rows are written in bulk as an imported
paper history (like the board's history import), only what is missing: loading twice adds nothing.
"""

from __future__ import annotations

import datetime

from thidua.awards.models import AwardRecord, AwardType, CommendationType, PerformanceRating, RatingLevel
from thidua.blocks.models import Block
from thidua.demo import data
from thidua.lib.vietnamese import name_sort_key, search_key, split_name
from thidua.orgs.models import Person, Position, Unit, UnitKind
from thidua.stats.queries import Scope, awards, totals_by_year

NOI_CHINH = "TQ-KNC"
NHA_TRANG = "NT-KDANG"
YEAR = 2022
COLLECTIVES = 537
INDIVIDUALS = 2347
NT_CSTDCS = 8
DIVISIONS_PER_UNIT = 12
STAFF_PER_DIVISION = 25
DIVISION_NAMES = ["Phòng Tham mưu", "Phòng Tổng hợp", "Phòng Nghiệp vụ", "Đội Công tác", "Phòng Hành chính"]


def load_history() -> int:
    """Add what is missing; returns the number of award records added."""
    added = _noi_chinh_2022()
    added += _nha_trang_2022()
    return added


def _divisions(member: Unit) -> list[Unit]:
    codes = [f"{member.code}-P{n:02d}" for n in range(1, DIVISIONS_PER_UNIT + 1)]
    existing = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    for n, code in enumerate(codes, start=1):
        if code in existing:
            continue
        existing[code] = Unit.objects.create(
            code=code,
            name=f"{DIVISION_NAMES[(n - 1) % len(DIVISION_NAMES)]} số {n}",
            kind=UnitKind.SUB_UNIT,
            level=member.level,
            parent=member,
        )
    return [existing[c] for c in codes]


def _staff(division: Unit) -> list[Person]:
    people = list(
        Person.objects.filter(positions__unit=division).order_by("id").distinct()[:STAFF_PER_DIVISION]
    )
    missing = STAFF_PER_DIVISION - len(people)
    if missing <= 0:
        return people
    new = []
    for i in range(len(people), STAFF_PER_DIVISION):
        gender = "female" if (division.pk + i) % 2 else "male"
        family = data.FAMILY_NAMES[(division.pk + i) % len(data.FAMILY_NAMES)]
        middle = (data.FEMALE_MIDDLE if gender == "female" else data.MALE_MIDDLE)[i % 3]
        given_names = data.FEMALE_GIVEN if gender == "female" else data.MALE_GIVEN
        full_name = f"{family} {middle} {given_names[(division.pk * 7 + i) % len(given_names)]}"
        family_name, middle_name, given_name = split_name(full_name)
        new.append(
            Person(
                full_name=full_name,
                family_name=family_name,
                middle_name=middle_name,
                given_name=given_name,
                gender=gender,
                national_id=None,
                name_search=search_key(full_name),
                name_sort=name_sort_key(full_name),
            )
        )
    created = Person.objects.bulk_create(new)
    Position.objects.bulk_create(
        [
            Position(person=p, unit=division, title="Chuyên viên", start=datetime.date(2019, 1, 1))
            for p in created
        ]
    )
    return people + created


def _noi_chinh_2022() -> int:
    block = Block.objects.filter(code=NOI_CHINH).first()
    if block is None:
        return 0
    members = list(Unit.objects.filter(code__in=data.BLOCK_YEARS[NOI_CHINH][YEAR][0]).order_by("code"))
    totals = {r["year"]: r for r in totals_by_year(Scope(year_from=YEAR, year_to=YEAR, block=block))}
    have = totals.get(YEAR, {"collective": 0, "individual": 0})
    need_collective = COLLECTIVES - have["collective"]
    need_individual = INDIVIDUALS - have["individual"]
    if need_collective <= 0 and need_individual <= 0:
        return 0
    types = {t.code: t for t in AwardType.objects.all()}
    divisions = [d for m in members for d in _divisions(m)]
    records: list[AwardRecord] = []
    taken_units = set(
        AwardRecord.objects.filter(year=YEAR, unit__in=divisions).values_list(
            "unit_id", "award_type__code", "commendation_type"
        )
    )
    collective_plan = [
        ("TTLDTT", CommendationType.MOVEMENT),
        ("GIAY_KHEN", CommendationType.MOVEMENT),
        ("TTLDXS", CommendationType.MOVEMENT),
        ("GIAY_KHEN", CommendationType.THEMATIC),
        ("BK_TINH", CommendationType.MOVEMENT),
        ("BK_TINH", CommendationType.THEMATIC),
        ("GIAY_KHEN", CommendationType.AD_HOC),
    ]
    for code, commendation in collective_plan:
        for division in divisions:
            if need_collective <= 0:
                break
            if (division.pk, code, commendation) in taken_units:
                continue
            records.append(_record(types[code], YEAR, commendation, unit=division))
            need_collective -= 1
    people = [p for d in divisions for p in _staff(d)]
    taken_people = set(
        AwardRecord.objects.filter(year=YEAR, person__in=people).values_list(
            "person_id", "award_type__code", "commendation_type"
        )
    )
    individual_plan = [
        ("LDTT", CommendationType.MOVEMENT),
        ("GIAY_KHEN", CommendationType.MOVEMENT),
        ("CSTDCS", CommendationType.MOVEMENT),
        ("GIAY_KHEN", CommendationType.THEMATIC),
        ("BK_TINH", CommendationType.MOVEMENT),
    ]
    for code, commendation in individual_plan:
        for person in people:
            if need_individual <= 0:
                break
            if (person.pk, code, commendation) in taken_people:
                continue
            records.append(_record(types[code], YEAR, commendation, person=person))
            need_individual -= 1
    AwardRecord.objects.bulk_create(records)
    return len(records)


def _record(award_type: AwardType, year: int, commendation: str, **owner: object) -> AwardRecord:
    return AwardRecord(
        award_type=award_type,
        year=year,
        commendation_type=commendation,
        decision_number="Sổ theo dõi khen thưởng (dữ liệu minh họa)",
        decision_date=datetime.date(year, 12, 20),
        decision_authority="Cấp có thẩm quyền (dữ liệu minh họa)",
        **owner,
    )


def _nha_trang_2022() -> int:
    block = Block.objects.filter(code=NHA_TRANG).first()
    if block is None:
        return 0
    members = list(Unit.objects.filter(code__in=data.BLOCK_YEARS[NHA_TRANG][YEAR][0]))
    rated = set(
        PerformanceRating.objects.filter(unit__in=members, year=YEAR).values_list("unit_id", flat=True)
    )
    PerformanceRating.objects.bulk_create(
        [
            PerformanceRating(unit=u, year=YEAR, rating=RatingLevel.EXCELLENT)
            for u in members
            if u.pk not in rated
        ]
    )
    cstdcs = AwardType.objects.get(code="CSTDCS")
    scope = Scope(year_from=YEAR, year_to=YEAR, block=block)
    have = awards(scope).filter(award_type=cstdcs).count()
    if have >= NT_CSTDCS:
        return 0
    awarded = set(awards(scope).filter(award_type=cstdcs).values_list("person_id", flat=True))
    candidates = (
        Person.objects.filter(positions__unit__in=members)
        .exclude(pk__in=awarded)
        .order_by("id")
        .distinct()[: NT_CSTDCS - have]
    )
    new = [_record(cstdcs, YEAR, CommendationType.MOVEMENT, person=p) for p in candidates]
    AwardRecord.objects.bulk_create(new)
    return len(new)
