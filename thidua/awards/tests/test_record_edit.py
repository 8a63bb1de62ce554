"""Correcting history: closing a case lifts the block (R-GEN-01); who may edit and delete."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from thidua.audit.models import AuditEntry
from thidua.awards.models import Case, PerformanceRating
from thidua.awards.rules import blocking_conditions
from thidua.awards.services import add_history_record


def _case(world):
    return add_history_record(
        actor=world.user("board"),
        model=Case,
        person=world.member_person,
        kind="complaint",
        opened_on=datetime.date(2025, 3, 1),
        description="Đơn tố cáo đang xác minh",
    )


def test_closing_a_case_on_the_page_lifts_the_block(world, login) -> None:
    w = world
    case = _case(w)
    day = datetime.date(2025, 12, 31)
    assert blocking_conditions(person=w.member_person, on=day)
    url = reverse("awards:edit_record", args=["case", case.pk])
    page = login(w.user("member")).get(url)
    assert page.status_code == 200 and "Đơn tố cáo đang xác minh" in page.content.decode()
    response = login(w.user("member")).post(
        url,
        {
            "kind": "complaint",
            "opened_on": "01/03/2025",
            "closed_on": "30/06/2025",
            "description": "Đã xác minh: không có vi phạm",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).closed_on == datetime.date(2025, 6, 30)
    assert not blocking_conditions(person=w.member_person, on=day)
    assert AuditEntry.objects.filter(action="case.update").exists()


def test_a_bad_correction_changes_nothing(world, login) -> None:
    w = world
    case = _case(w)
    response = login(w.user("board")).post(
        reverse("awards:edit_record", args=["case", case.pk]),
        {"kind": "complaint", "opened_on": "01/03/2025", "closed_on": "01/01/2025", "description": "x"},
    )
    assert response.status_code == 422
    assert Case.objects.get(pk=case.pk).closed_on is None


@pytest.mark.parametrize(("persona", "expected"), [("outsider", 404), ("observer", 403), ("delegate", 403)])
def test_who_may_not_edit_or_delete(world, login, persona, expected) -> None:
    w = world
    rating = add_history_record(
        actor=w.user("board"), model=PerformanceRating, person=w.member_person, year=2025, rating="excellent"
    )
    client = login(w.user(persona))
    assert client.get(reverse("awards:edit_record", args=["rating", rating.pk])).status_code == expected
    assert client.post(reverse("awards:delete_record", args=["rating", rating.pk])).status_code == expected
    assert PerformanceRating.objects.filter(pk=rating.pk).exists()


def test_the_owners_officer_deletes_a_wrong_record(world, login) -> None:
    w = world
    rating = add_history_record(
        actor=w.user("board"), model=PerformanceRating, person=w.member_person, year=2025, rating="excellent"
    )
    response = login(w.user("member")).post(reverse("awards:delete_record", args=["rating", rating.pk]))
    assert response.status_code == 302
    assert not PerformanceRating.objects.filter(pk=rating.pk).exists()
    assert AuditEntry.objects.filter(action="performancerating.delete").exists()
