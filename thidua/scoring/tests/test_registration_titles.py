"""A member registers how many of its collectives and people aim for each title or form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from thidua.scoring.models import Registration
from thidua.scoring.services.registration import register


def _counts(reg: Registration) -> dict[str, int]:
    return {t.award_type.code: t.number for t in reg.title_counts.select_related("award_type")}


def test_register_title_counts_then_replace_them(world, award_catalogue) -> None:
    w = world
    reg = register(
        actor=w.user("member"),
        block_year=w.block_year,
        unit=w.member_unit,
        targets="Hoàn thành 10 chỉ tiêu",
        title_counts={award_catalogue["TTLDXS"]: 1, award_catalogue["CSTDCS"]: 5, award_catalogue["LDTT"]: 0},
    )
    assert _counts(reg) == {"TTLDXS": 1, "CSTDCS": 5}
    # Updating the text alone keeps the counts; giving counts replaces them.
    register(actor=w.user("member"), block_year=w.block_year, unit=w.member_unit, targets="Mới")
    assert _counts(reg) == {"TTLDXS": 1, "CSTDCS": 5}
    register(
        actor=w.user("member"),
        block_year=w.block_year,
        unit=w.member_unit,
        targets="Mới",
        title_counts={award_catalogue["LDTT"]: 40},
    )
    assert _counts(reg) == {"LDTT": 40}
    with pytest.raises(ValidationError):
        register(
            actor=w.user("member"),
            block_year=w.block_year,
            unit=w.member_unit,
            targets="Mới",
            title_counts={award_catalogue["LDTT"]: -1},
        )
    assert _counts(reg) == {"LDTT": 40}


def test_page_registers_counts_and_the_leader_sees_them(world, award_catalogue, login) -> None:
    w = world
    url = reverse("scoring:registration_save", args=[w.block.pk, 2024])
    login(w.user("member")).post(
        url, {"targets": "Mục tiêu", "count_CSTDCS": "3", "count_TTLDXS": "", "count_LDTT": "x"}
    )
    assert not Registration.objects.exists()  # "x" is not a number: nothing is recorded
    login(w.user("member")).post(url, {"targets": "Mục tiêu", "count_CSTDCS": "3", "count_TTLDXS": "1"})
    assert _counts(Registration.objects.get()) == {"CSTDCS": 3, "TTLDXS": 1}
    page = login(w.user("leader")).get(reverse("scoring:overview", args=[w.block.pk, 2024])).content.decode()
    assert "CSTĐCS: 3" in page or "CSTDCS: 3" in page


def test_api_registers_counts(world, award_catalogue) -> None:
    w = world
    client = APIClient()
    client.force_authenticate(w.user("member"))
    response = client.post(
        "/api/v1/registrations/",
        {
            "block_year": w.block_year.pk,
            "targets": "Mục tiêu",
            "title_counts": [{"award_type": "CSTDCS", "number": 2}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["title_counts"] == [{"award_type": "CSTDCS", "number": 2}]
    bad = client.post(
        "/api/v1/registrations/",
        {
            "block_year": w.block_year.pk,
            "targets": "x",
            "title_counts": [{"award_type": "NOPE", "number": 2}],
        },
        format="json",
    )
    assert bad.status_code == 400
    assert _counts(Registration.objects.get()) == {"CSTDCS": 2}
