"""Building award history quickly in tests (straight to the models; the services have their own tests)."""

from __future__ import annotations

import datetime
from typing import Any

from thidua.awards.models import (
    AwardRecord,
    AwardType,
    Case,
    Discipline,
    Initiative,
    InitiativeUse,
    MaternityLeave,
    PerformanceRating,
)
from thidua.orgs.models import Person, Position, Unit

D = datetime.date


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
