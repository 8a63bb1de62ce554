"""The province's statistics as a job (issue 10 item 7): started from the page by the board, run by the
job runner (the immediate backend of the tests, and once a real database worker), its progress on the
job's page, its file reopened; a unit's or a block's files stay immediate."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from thidua.awards.models import AwardRecord
from thidua.jobs.models import Job, JobStatus
from thidua.jobs.tests.helpers import DATABASE_QUEUE, run_worker
from thidua.stats import papers
from thidua.stats.tests.helpers import generate

YEARS = {"year_from": 2021, "year_to": 2024}


def _hand_totals() -> Counter[tuple[int, str]]:
    counts: Counter[tuple[int, str]] = Counter()
    for record in AwardRecord.objects.filter(voided_at__isnull=True, year__range=(2021, 2024)):
        counts[(record.year, "unit" if record.unit_id else "person")] += 1
    return counts


@pytest.mark.django_db
def test_the_board_starts_the_xlsx_and_downloads_it_from_the_jobs_page(world, login) -> None:
    generate(world)
    client = login(world.user("board"))
    page = client.get(reverse("stats:page"), YEARS).content.decode()
    assert 'id="stats-province-files"' in page and reverse("stats:province_job") in page

    response = client.post(reverse("stats:province_job"), {**YEARS, "fmt": "xlsx"})
    job = Job.objects.get(kind="stats.province")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.DONE and (job.done, job.total) == (3, 3)
    assert job.params == {**YEARS, "fmt": "xlsx", "language": "vi"} and job.created_by == world.user("board")
    assert job.result_name == "thong-ke-toan-tinh-2021-2024.xlsx"

    detail = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert (
        "Thống kê toàn tỉnh" in detail
        and "100%" in detail
        and reverse("jobs:download", args=[job.pk]) in detail
    )
    download = client.get(reverse("jobs:download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    assert sheet["A1"].value == "Toàn tỉnh"
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    hand = _hand_totals()
    for year in range(2021, 2025):
        assert rows[year][1:3] == (hand[(year, "unit")], hand[(year, "person")])


@pytest.mark.django_db
def test_the_docx_job_holds_the_report_with_its_chart(world, login) -> None:
    generate(world)
    client = login(world.user("observer"))
    client.post(reverse("stats:province_job"), {**YEARS, "fmt": "docx"})
    job = Job.objects.get(kind="stats.province")
    assert job.status == JobStatus.DONE and job.result_name.endswith(".docx")
    with job.result.open("rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    # Only awards in the generated history: one chart, above its caption.
    assert len(document.inline_shapes) == 1
    texts = [p.text for p in document.paragraphs]
    assert papers.CAPTIONS["awards"] in texts and papers.CAPTIONS["proposals"] not in texts


@pytest.mark.django_db
def test_only_those_who_read_the_province_may_start_it_and_only_for_the_province(world, login) -> None:
    url = reverse("stats:province_job")
    assert login(world.user("member")).post(url, {**YEARS, "fmt": "xlsx"}).status_code == 403
    assert login(world.user("delegate")).post(url, {**YEARS, "fmt": "xlsx"}).status_code == 403
    board = login(world.user("board"))
    assert board.post(url, {**YEARS, "fmt": "xlsx", "block": world.block.pk}).status_code == 400
    assert board.post(url, {**YEARS, "fmt": "pdf"}).status_code == 400
    bad_years = board.post(url, {"year_from": 2024, "year_to": 2020, "fmt": "xlsx"})
    assert (
        bad_years.status_code == 400
        and "Năm bắt đầu không được sau năm kết thúc." in bad_years.content.decode()
    )
    assert not Job.objects.exists()
    assert board.get(url).status_code == 405


@pytest.mark.django_db
def test_the_province_files_are_not_made_in_the_request_but_a_blocks_are(world, login) -> None:
    generate(world)
    board = login(world.user("board"))
    for name in ("stats:export", "stats:report"):
        response = board.get(reverse(name), YEARS)
        assert response.status_code == 302 and response["Location"].startswith(reverse("stats:page"))
        assert board.get(reverse(name), {**YEARS, "block": world.block.pk}).status_code == 200
    assert not Job.objects.exists()
    page = board.get(reverse("stats:page"), {**YEARS, "block": world.block.pk}).content.decode()
    assert 'id="stats-province-files"' not in page and reverse("stats:export") in page


def test_a_database_worker_runs_it_and_the_page_follows_its_progress(
    transactional_db, world, login, settings
) -> None:
    settings.TASKS = DATABASE_QUEUE
    generate(world)
    client = login(world.user("board"))
    client.post(reverse("stats:province_job"), {**YEARS, "fmt": "xlsx"})
    job = Job.objects.get(kind="stats.province")
    assert job.status == JobStatus.PENDING and not job.result
    waiting = client.get(
        reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "Đang chờ" in waiting and 'hx-trigger="every 2s"' in waiting

    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.percent == 100 and job.message == "Hoàn tất"
    done = client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and reverse("jobs:download", args=[job.pk]) in done


@pytest.mark.django_db
def test_the_api_starts_the_job_for_the_board_only(world) -> None:
    from rest_framework.test import APIClient

    generate(world)
    url = "/api/v1/statistics/province-job/"
    api = APIClient()
    api.force_authenticate(world.user("member"))
    assert api.post(url, {"fmt": "xlsx"}, format="json").status_code == 403
    api.force_authenticate(world.user("board"))
    assert api.post(url, {"fmt": "pdf"}, format="json").status_code == 400
    bad = api.post(url, {"fmt": "xlsx", "year_from": 2024, "year_to": 2020}, format="json")
    assert bad.status_code == 400 and not Job.objects.exists()
    response = api.post(url, {**YEARS, "fmt": "docx"}, format="json")
    job = Job.objects.get(kind="stats.province")
    assert response.status_code == 202 and response.json() == {"job": job.pk, "status": "done"}
    assert job.params["fmt"] == "docx" and job.result_name == "thong-ke-toan-tinh-2021-2024.docx"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["", "pdf"])
def test_a_file_that_is_not_offered_is_named_and_no_job_starts(world, login, fmt) -> None:
    response = login(world.user("board")).post(reverse("stats:province_job"), {**YEARS, "fmt": fmt})
    assert response.status_code == 400 and "Hãy chọn tệp XLSX hoặc DOCX." in response.content.decode()
    assert not Job.objects.exists()
