"""Award history of the demo world (issue 5), so that the eligibility pages show, for 2025, eligible
and not-eligible candidates of each title with their explanations. Everything here is invented
(docs/demo.md, "Award history"); it is written as the services write it, so it is audited, and only
when missing (loading twice adds nothing).

- Every person of the seed blocks: ratings 2021–2025 and Lao động tiên tiến 2021–2024 for the years
  rated well or better; Chiến sĩ thi đua cơ sở in most "excellent" years.
- Showcase people of the Nội chính block (seed 003) and the general staff block (seed 002):
  a Chiến sĩ thi đua tỉnh candidate for 2025 (CSTĐCS 2023 and 2024, an excellent 2025, an initiative
  recognised province-wide in 2025), one whose chain is broken in 2024, one with maternity leave
  inside the chain, one under investigation, one with a Bằng khen tỉnh ground (d).
- Units: ratings 2024–2025 of every member unit; the 2025 year of the Nội chính block (invented)
  with Bộ Chỉ huy Quân sự tỉnh as leader and leading unit (rank 1), so that the province's flag
  candidate follows from the block's leading unit; its 2022 standing follows the article (it led
  the block that year; "leading unit" is invented).
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import models

from thidua.accounts.models import User
from thidua.audit.services import record, snapshot
from thidua.awards import services
from thidua.awards.audit_actions import AwardAction
from thidua.awards.batch import run_job, start_job
from thidua.awards.catalogue import seed_catalogue
from thidua.awards.models import (
    AwardRecord,
    AwardType,
    Case,
    EvaluationJob,
    Initiative,
    MaternityLeave,
    PerformanceRating,
)
from thidua.blocks import services as block_services
from thidua.blocks.models import Block, BlockYear, Standing, StandingSource
from thidua.demo import data
from thidua.lib.fields import apply_fields
from thidua.orgs.models import Person, Unit

D = datetime.date
YEARS = range(2021, 2026)
BASIS = "Biên bản hội nghị tổng kết (dữ liệu minh họa)"
# (unit code, position) of the showcase people: the people the demo loader made for those slots.
SHOWCASE = {
    "tinh_candidate": ("TQ-BCHQS", "Phó Giám đốc"),
    "chain_broken": ("TQ-CA", "Phó Giám đốc"),
    "maternity": ("S2-STC", "Chuyên viên"),
    "open_case": ("TQ-TAND", "Giám đốc"),
    "bang_khen": ("S2-VPUB", "Chuyên viên"),
}


def _people_of(codes: list[str]) -> list[Person]:
    return list(
        Person.objects.filter(positions__unit__code__in=codes, positions__end__isnull=True)
        .distinct()
        .order_by("id")
    )


def _slot(code: str, title: str) -> Person | None:
    return Person.objects.filter(positions__unit__code=code, positions__title=title).order_by("id").first()


def load_awards_demo() -> int:
    """Create what is missing of the award history; returns the number of records added."""
    seed_catalogue()  # normally there from its data migration; a flushed database lacks it
    types = {t.code: t for t in AwardType.objects.all()}
    added = _standings()
    members = sorted(
        {code for years in data.BLOCK_YEARS.values() for m, _l, _d in years.values() for code in m}
    )
    people = _people_of(members)
    if not people or PerformanceRating.objects.filter(person__in=people).exists():
        return added
    showcase = {key: _slot(*where) for key, where in SHOWCASE.items()}
    special = {p.pk for p in showcase.values() if p is not None}
    rng = random.Random(2025)
    for person in people:
        if person.pk in special:
            continue
        for year in YEARS:
            roll = rng.random()
            rating = "excellent" if roll < 0.2 else "good" if roll < 0.9 else "completed"
            added += _rate(person, year, rating)
            if year < 2025 and rating != "completed":
                added += _award(person, types["LDTT"], year)
            if year < 2025 and rating == "excellent" and rng.random() < 0.6:
                added += _award(person, types["CSTDCS"], year)
    added += _showcase(showcase, types)
    for unit in Unit.objects.filter(code__in=members):
        for year in (2024, 2025):
            rating = "excellent" if (unit.pk + year) % 3 else "good"
            added += _rate(unit, year, rating)
    return added


def _history(model: type[models.Model], **values: object) -> Any:
    """The demo's own history row, written and audited as `services.add_history_record` writes it,
    less that service's per-row queries: the foreign keys are rows the loader just read or made, and
    the uniqueness and one-owner rules are the database's constraints too, so only the row's own
    field and recipient rules are checked here (`full_clean` asked the database about each
    constraint of each of the demo's 1,386 rows: half of the demo's load time). Rows a user enters
    or imports keep the service and its messages."""
    obj = model()
    apply_fields(obj, values, services.HISTORY_FIELDS[model])
    services._check_recipient(obj)
    obj.clean_fields(exclude=[f.name for f in model._meta.concrete_fields if f.is_relation])
    obj.clean()
    obj.save()
    record(actor=None, action=AwardAction.of_history(model, "create"), obj=obj, after=snapshot(obj))
    return obj


def _rate(owner: Person | Unit, year: int, rating: str) -> int:
    key = "person" if isinstance(owner, Person) else "unit"
    _history(PerformanceRating, **{key: owner}, year=year, rating=rating)
    return 1


def _award(owner: Person | Unit, award_type: AwardType, year: int, **extra: object) -> int:
    key = "person" if isinstance(owner, Person) else "unit"
    _history(
        AwardRecord,
        **{key: owner},
        award_type=award_type,
        year=year,
        decision_number=extra.pop("decision_number", f"{year % 100:02d}/QĐ-MH"),
        decision_date=D(year, 12, 20),
        **extra,
    )
    return 1


def _initiative(person: Person, year: int, title: str, level: str = "grassroots") -> Initiative:
    made: Initiative = _history(
        Initiative,
        person=person,
        year=year,
        title=title,
        level=level,
        recognised_by="Hội đồng sáng kiến (minh họa)",
    )
    return made


def _showcase(showcase: dict[str, Person | None], types: dict[str, AwardType]) -> int:
    added = 0
    candidate = showcase["tinh_candidate"]
    if candidate is not None:
        for year in YEARS:
            added += _rate(candidate, year, "excellent" if year >= 2023 else "good")
            if year < 2025:
                added += _award(candidate, types["LDTT"], year)
        for year in (2023, 2024):
            added += _award(candidate, types["CSTDCS"], year)
            cstdcs = AwardRecord.objects.get(person=candidate, year=year, award_type=types["CSTDCS"])
            services.link_initiative(
                actor=None,
                initiative=_initiative(candidate, year, f"Sáng kiến quản lý hồ sơ quân nhân {year}"),
                award_record=cstdcs,
            )
        _initiative(candidate, 2025, "Phần mềm theo dõi sẵn sàng chiến đấu, áp dụng toàn tỉnh", "province")
        added += 3
    broken = showcase["chain_broken"]
    if broken is not None:
        for year in YEARS:
            added += _rate(broken, year, "good" if year == 2024 else "excellent")
        added += _award(broken, types["CSTDCS"], 2023)
        _initiative(broken, 2025, "Quy trình tiếp nhận tin báo tội phạm trực tuyến", "province")
        added += 1
    mother = showcase["maternity"]
    if mother is not None:
        for year in YEARS:
            if year != 2024:
                added += _rate(mother, year, "excellent")
        for year in (2022, 2023):
            added += _award(mother, types["CSTDCS"], year)
        _history(MaternityLeave, person=mother, start=D(2024, 2, 1), end=D(2024, 7, 31))
        _initiative(mother, 2025, "Số hóa quy trình thẩm định dự toán, áp dụng toàn tỉnh", "province")
        added += 2
    accused = showcase["open_case"]
    if accused is not None:
        for year in YEARS:
            added += _rate(accused, year, "excellent")
        _history(
            Case,
            person=accused,
            kind="complaint",
            opened_on=D(2025, 11, 10),
            description="Đơn tố cáo đang được xác minh (minh họa)",
        )
        added += 1
    clerk = showcase["bang_khen"]
    if clerk is not None:
        for year in YEARS:
            added += _rate(clerk, year, "excellent" if year >= 2024 else "good")
        _initiative(clerk, 2024, "Mẫu văn bản điện tử dùng chung")
        _initiative(clerk, 2025, "Bảng theo dõi nhiệm vụ UBND tỉnh giao")
        added += 2

    return added


def _standings() -> int:
    """TQ-KNC: 2022 (the article's leader) and an invented 2025 year, Bộ Chỉ huy Quân sự leading."""
    block = Block.objects.filter(code="TQ-KNC").first()
    if block is None:
        return 0
    units = {u.code: u for u in Unit.objects.filter(code__startswith="TQ-")}
    added = 0
    if not BlockYear.objects.filter(block=block, year=2025).exists():
        block_services.set_block_year(
            actor=None,
            block=block,
            year=2025,
            members=[
                units[code]
                for code in ("TQ-CA", "TQ-BCHQS", "TQ-TAND", "TQ-VKSND", "TQ-CTHADS", "TQ-TTR", "TQ-STP")
            ],
            leader=units["TQ-BCHQS"],
            deputies=[units["TQ-CA"]],
        )
        added += 1
    for year, ranks in ((2022, [("TQ-BCHQS", 1)]), (2025, [("TQ-BCHQS", 1), ("TQ-CA", 2), ("TQ-TAND", 3)])):
        block_year = BlockYear.objects.get(block=block, year=year)
        if Standing.objects.filter(block_year=block_year).exists():
            continue
        block_services.record_standings(
            actor=None,
            block_year=block_year,
            ranks=[(units[code], rank) for code, rank in ranks],
            source=StandingSource.RECORDED,
            basis=BASIS,
        )
        added += 1
    return added


def load_eligibility_demo() -> int:
    """A province-wide batch evaluation of 2025 (the demo's last full year of history), run once so
    that the results page shows eligible and not-eligible candidates of every title at once."""
    if EvaluationJob.objects.filter(year=2025, unit=None, block=None, award_type=None).exists():
        return 0
    job = start_job(actor=User.objects.filter(username="bantdkt").first(), year=2025, run=False)
    run_job(job.pk)
    return 1
