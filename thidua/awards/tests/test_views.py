"""The awards pages for every persona (who may and who may not), recording history, the single check
with its explanation, a batch with its results, filters and XLSX export, and query counts."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.awards.models import (
    AwardRecord,
    AwardType,
    Discipline,
    EligibilitySettings,
    EvaluationJob,
    EvaluationResult,
    JobStatus,
    PerformanceRating,
)
from thidua.awards.tests.helpers import award, person_in, rate
from thidua.testing import PERSONAS


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    settings.THIDUA_JOBS_INLINE = True


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_for_every_persona(world, login, persona) -> None:
    client = login(world.user(persona))
    person, unit = world.member_person, world.member_unit
    pages = {
        reverse("awards:catalogue"): set(PERSONAS),
        reverse("awards:batch_list"): set(PERSONAS) - {"delegate"},
        reverse("awards:person_history", args=[person.pk]): {
            "board",
            "admin",
            "observer",
            "leader",
            "member",
        },
        reverse("awards:unit_history", args=[unit.pk]): {"board", "admin", "observer", "leader", "member"},
        reverse("awards:check", args=["person", person.pk]) + "?award_type=LDTT&year=2025": {
            "board",
            "admin",
            "observer",
            "leader",
            "member",
        },
        reverse("awards:person_history", args=[world.outside_person.pk]): {
            "board",
            "admin",
            "observer",
            "outsider",
        },
    }
    for url, readers in pages.items():
        status = client.get(url).status_code
        expected = 200 if persona in readers else 403 if persona == "delegate" else 404
        assert status == expected, (persona, url, status)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_record_history(world, login, persona) -> None:
    client = login(world.user(persona))
    url = reverse("awards:add_record", args=["person", world.member_person.pk, "rating"])
    response = client.post(url, {"year": 2025, "rating": "excellent"})
    writers = {"board", "admin", "member"}
    readers = {"observer", "leader"}
    expected = 302 if persona in writers else 403 if persona in readers | {"delegate"} else 404
    assert response.status_code == expected, persona
    assert PerformanceRating.objects.filter(person=world.member_person).exists() == (persona in writers)


def test_unit_officer_records_for_its_sub_unit_not_its_own_unit(world, login) -> None:
    client = login(world.user("member"))
    sub = reverse("awards:add_record", args=["unit", world.member_sub_unit.pk, "award"])
    own = reverse("awards:add_record", args=["unit", world.member_unit.pk, "award"])

    ttldtt = AwardType.objects.get(code="TTLDTT").pk
    assert (
        client.post(sub, {"award_type": ttldtt, "year": 2025, "commendation_type": "movement"}).status_code
        == 302
    )
    assert (
        client.post(own, {"award_type": ttldtt, "year": 2025, "commendation_type": "movement"}).status_code
        == 403
    )


def test_bad_input_gets_a_clear_message_and_changes_nothing(world, login) -> None:
    client = login(world.user("board"))
    url = reverse("awards:add_record", args=["person", world.member_person.pk, "discipline"])
    response = client.post(url, {"level": 2, "start": "01/06/2025", "end": "01/01/2025"})
    assert response.status_code == 422
    assert "Ngày kết thúc không được trước ngày bắt đầu" in response.content.decode()

    assert not Discipline.objects.exists()
    rate(world.member_person, 2025)
    response = client.post(
        reverse("awards:add_record", args=["person", world.member_person.pk, "rating"]),
        {"year": 2025, "rating": "good"},
    )
    assert response.status_code == 422 and "đã có xếp loại năm này" in response.content.decode()


def test_check_page_explains_the_verdict(world, login) -> None:
    person = person_in(world.member_unit, "Phạm Thị Mai")
    rate(person, 2025, "excellent")
    record = award(person, "CSTDCS", 2024, decision_number="15/QĐ-UBND")
    client = login(world.user("board"))
    url = reverse("awards:check", args=["person", person.pk]) + "?award_type=CSTD_TINH&year=2025"
    html = client.get(url).content.decode()
    assert "Chưa đủ điều kiện" in html
    assert "R-IND-05" in html and "thiếu năm 2023" in html
    assert "15/QĐ-UBND" in html and str(record.year) in html
    bad = client.get(reverse("awards:check", args=["person", person.pk]) + "?award_type=NOPE&year=2025")
    assert bad.status_code == 422


def test_board_runs_a_batch_filters_and_exports(world, login) -> None:
    people = [person_in(world.member_unit, f"Người {i}") for i in range(4)]
    for i, p in enumerate(people):
        rate(p, 2024, "excellent" if i < 2 else "completed")
    client = login(world.user("board"))
    response = client.post(reverse("awards:batch_list"), {"year": 2024, "block": world.block.pk})
    job = EvaluationJob.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.DONE and job.block == world.block
    detail = reverse("awards:batch_detail", args=[job.pk])
    html = client.get(detail + "?award=CSTDCS&status=eligible").content.decode()
    assert "Người 0" in html and "Người 1" in html and "Người 2" not in html
    assert EvaluationResult.objects.filter(job=job, award_type__code="CSTDCS", status="eligible").count() == 2
    export = client.get(reverse("awards:batch_export", args=[job.pk]) + "?award=CSTDCS")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Danh hiệu, hình thức"
    verdicts = {row[1]: row[3] for row in rows[1:]}
    assert verdicts["Người 0"] == "Đủ điều kiện" and verdicts["Người 3"] == "Chưa đủ điều kiện"
    # The unit filter keeps the unit's tree.
    html = client.get(detail + f"?award=LDTT&unit={world.outside_unit.pk}").content.decode()
    assert "Người 0" not in html


def test_unit_officer_may_evaluate_only_its_own_unit(world, login) -> None:
    client = login(world.user("member"))
    assert (
        client.post(reverse("awards:batch_list"), {"year": 2025, "unit": world.member_unit.pk}).status_code
        == 302
    )
    response = client.post(reverse("awards:batch_list"), {"year": 2025, "unit": world.outside_unit.pk})
    assert response.status_code == 422
    assert login(world.user("observer")).post(reverse("awards:batch_list"), {"year": 2025}).status_code == 403
    job = EvaluationJob.objects.get()
    assert login(world.user("outsider")).get(reverse("awards:batch_detail", args=[job.pk])).status_code == 404
    assert login(world.user("observer")).get(reverse("awards:batch_detail", args=[job.pk])).status_code == 200


def test_progress_partial_polls_while_running(world, login) -> None:
    job = EvaluationJob.objects.create(year=2025, on="2025-12-31", status=JobStatus.RUNNING, total=10, done=4)
    html = (
        login(world.user("board"))
        .get(reverse("awards:batch_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert 'hx-trigger="every 1s"' in html and "4/10" in html and 'value="40"' in html


def test_settings_are_saved_by_the_board_only(world, login) -> None:
    data = {
        "valid_from": "01/01/2026",
        "lineage_policy": "marked",
        "ldtt_min_months": 0,
        "ldtt_share_pct": 75,
        "initiative_strict": "on",
        "flags_per_block": 1,
        "thematic_min_years": 3,
        "pm_run_years": 5,
        "discipline_counts_from": "next_year",
        "cstdcs_cap_base": "ldtt",
        "cstdcs_cap_rounding": "down",
        "blocking_case_kinds": '["investigation"]',
        "rounding_step": 10000,
        "offer_newer_rule": "on",
        "low_level_block_flag": "check",
        "note": "Quy định mới của tỉnh",
    }
    assert login(world.user("observer")).post(reverse("awards:catalogue"), data).status_code == 403
    response = login(world.user("board")).post(reverse("awards:catalogue"), data)
    assert response.status_code == 302
    saved = EligibilitySettings.objects.get()
    assert saved.ldtt_share_pct == 75 and saved.blocking_case_kinds == ["investigation"]


def test_history_page_query_count_does_not_grow(world, login) -> None:
    client = login(world.user("board"))
    person = world.member_person
    url = reverse("awards:person_history", args=[person.pk])
    client.get(url)
    award(person, "LDTT", 2020)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for year in range(2021, 2026):
        award(person, "LDTT", year)
        rate(person, year)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert AwardRecord.objects.filter(person=person).count() == 6
    assert len(large.captured_queries) == len(small.captured_queries)
