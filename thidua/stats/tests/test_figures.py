"""The province's figures kept per year stay equal to a direct count through every kind of write:
a record added, voided in bulk (as a cancelled decision does), moved to another year or title,
given to another person, deleted, raw SQL, and a person's gender corrected (by save or in bulk)."""

from __future__ import annotations

import pytest
from django.db import connection

from thidua.awards.models import AwardRecord, AwardType
from thidua.orgs.models import Person
from thidua.stats import queries
from thidua.stats.models import AwardYearFigures
from thidua.stats.queries import Scope
from thidua.stats.tests.helpers import generate

pytestmark = pytest.mark.django_db

PROVINCE = Scope(year_from=2021, year_to=2024)


def _direct() -> list[dict]:
    return queries._grouped_cells(
        AwardRecord.objects.filter(voided_at__isnull=True, year__range=(2021, 2024))
    )


def _check() -> None:
    assert queries.award_cells(PROVINCE) == _direct()


def _versions() -> dict[int, int]:
    return dict(AwardYearFigures.objects.values_list("year", "version"))


def test_figures_are_kept_and_reused(world, django_assert_max_num_queries):
    generate(world)
    _check()
    assert sorted(AwardYearFigures.objects.values_list("year", flat=True)) == [2021, 2022, 2023, 2024]
    # Nothing changed: the kept figures are read (one query), nothing is counted again.
    with django_assert_max_num_queries(1):
        queries.award_cells(PROVINCE)


def test_every_write_changes_the_years_it_touches(world):
    generate(world)
    _check()
    person = Person.objects.filter(gender="female").first()
    assert person is not None
    kind = AwardType.objects.get(code="CSTDCS")

    before = _versions()
    record = AwardRecord.objects.create(person=person, award_type=kind, year=2022, commendation_type="career")
    after = _versions()
    assert after[2022] == before[2022] + 1 and after[2021] == before[2021]
    _check()

    record.year = 2023  # moved to another year: both years change
    record.save()
    _check()
    record.award_type = AwardType.objects.get(code="GIAY_KHEN")
    record.save()
    _check()
    record.person = Person.objects.filter(gender="male").first()
    record.save()
    _check()

    before = _versions()
    record.note = "Sửa ghi chú"  # not a counted field: the figures stay valid
    record.save()
    assert _versions() == before

    AwardRecord.objects.filter(pk=record.pk).update(voided_at="2025-02-01T00:00:00Z")  # a decision cancelled
    _check()
    AwardRecord.objects.filter(pk=record.pk).update(voided_at=None)
    _check()
    record.delete()
    _check()

    with connection.cursor() as cursor:  # a write outside the ORM
        cursor.execute(
            "UPDATE awards_awardrecord SET voided_at = '2025-03-01 00:00:00' WHERE year = 2024 AND unit_id IS NOT NULL"
        )
    _check()


def test_a_gender_correction_changes_the_years_of_that_persons_awards(world):
    generate(world)
    _check()
    person = Person.objects.filter(gender="female", pk__in=AwardRecord.objects.values("person_id")).first()
    assert person is not None
    years = set(AwardRecord.objects.filter(person=person).values_list("year", flat=True))
    before = _versions()
    person.gender = "male"
    person.save()
    after = _versions()
    assert {y for y in after if after[y] != before.get(y)} == years
    _check()
    women_2024 = sum(c["women"] for c in queries.award_cells(PROVINCE) if c["year"] == 2024)
    Person.objects.filter(gender="male").update(gender="female")  # in bulk
    _check()
    assert sum(c["women"] for c in queries.award_cells(PROVINCE) if c["year"] == 2024) > women_2024
    person.refresh_from_db()
    before = _versions()
    person.full_name = "Nguyễn Thị Sửa Tên"  # saved with the same gender: no change
    person.save()
    assert _versions() == before


def test_a_lost_cache_is_counted_again(world):
    generate(world)
    _check()
    AwardYearFigures.objects.all().delete()
    _check()
    AwardYearFigures.objects.update(cells=[])  # a kept year with the wrong version is not trusted
    AwardYearFigures.objects.filter(year=2022).update(computed_version=-1)
    assert [c for c in queries.award_cells(PROVINCE) if c["year"] == 2022] == [
        c for c in _direct() if c["year"] == 2022
    ]
