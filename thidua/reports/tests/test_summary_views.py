"""The summary report on the Reports tab: the leader's sections and the status buttons, per persona;
the issued report downloaded and reopened with python-docx."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from thidua.conferences.tests.helpers import make_conference
from thidua.reports.models import SummaryReport, SummaryStatus

ALLOWED = ["board", "admin", "leader"]
REFUSED = ["member", "outsider", "observer", "delegate"]


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _base(world: Any) -> str:
    return f"/reports/blocks/{world.block.pk}/2024/"


@pytest.mark.parametrize("persona", ALLOWED + REFUSED)
def test_summary_sections_and_status_per_persona(world: Any, login: Any, persona: str) -> None:
    client = login(world.user(persona))
    base = _base(world)
    response = client.post(f"{base}summary/", {"strengths": "Đoàn kết, chủ động.", "lessons": "Bám sát."})
    if persona in REFUSED:
        assert response.status_code == 404
        assert client.post(f"{base}summary/send/").status_code == 404
        assert client.get(f"{base}summary.docx").status_code == 404
        assert not SummaryReport.objects.exists()
        return
    assert response.status_code == 302
    report = SummaryReport.objects.get()
    assert (report.strengths, report.lessons, report.status) == ("Đoàn kết, chủ động.", "Bám sát.", "draft")
    tab = client.get(base).content.decode()
    assert 'id="summary-form"' in tab and "Đoàn kết, chủ động." in tab and f"{base}summary/send/" in tab
    assert f"{base}summary/issue/" not in tab  # a draft is sent first
    assert client.post(f"{base}summary/send/").status_code == 302
    assert SummaryReport.objects.get().status == SummaryStatus.SENT
    assert client.post(f"{base}summary/draft/").status_code == 302
    assert SummaryReport.objects.get().status == SummaryStatus.DRAFT
    client.post(f"{base}summary/send/")
    assert client.post(f"{base}summary/issue/").status_code == 302
    report = SummaryReport.objects.select_related("issued_number").get()
    assert report.status == SummaryStatus.ISSUED and report.issued_number is not None
    tab = client.get(base).content.decode()
    assert 'id="summary-form"' not in tab and 'id="summary-download"' in tab and "summary.docx" in tab
    response = client.get(f"{base}summary.docx")
    assert f"-so-{report.issued_number.number}.docx" in response["Content-Disposition"]
    text = _text(response.content)
    assert "Đoàn kết, chủ động." in text and f"Số: {report.issued_number.number:02d}/BC-SO-TC" in text
    # Issued is final: the sections are refused and nothing changes.
    client.post(f"{base}summary/", {"strengths": "Khác."})
    assert SummaryReport.objects.get().strengths == "Đoàn kết, chủ động."


def test_a_wrong_transition_is_refused_with_a_message_and_changes_nothing(world: Any, login: Any) -> None:
    client = login(world.user("leader"))
    base = _base(world)
    response = client.post(f"{base}summary/issue/", follow=True)
    assert SummaryReport.objects.get().status == SummaryStatus.DRAFT
    assert "không thể chuyển" in response.content.decode() or "cannot become" in response.content.decode()
    client.post(f"{base}summary/draft/")
    assert SummaryReport.objects.get().status == SummaryStatus.DRAFT
    assert client.post(f"{base}summary/status/", {"status": "sent"}).status_code == 404  # one URL per verb


def test_sending_to_a_conference_fills_its_draft_report(world: Any, login: Any) -> None:
    conference = make_conference(world, start=False)
    client = login(world.user("leader"))
    base = _base(world)
    client.post(f"{base}summary/", {"strengths": "Đoàn kết, chủ động."})
    assert conference.title in client.get(base).content.decode()
    assert client.post(f"{base}summary/send/", {"conference": conference.pk}).status_code == 302
    report = SummaryReport.objects.get()
    assert report.conference == conference and report.status == SummaryStatus.SENT
    headings = list(conference.report_sections.values_list("heading", flat=True))
    assert "II. ƯU ĐIỂM" in headings
    assert "Đoàn kết, chủ động." in conference.report_sections.get(heading="II. ƯU ĐIỂM").text


def test_a_conference_of_another_block_year_is_refused(world: Any, login: Any) -> None:
    other = make_conference(world, start=False)
    other.block_year = world.block_b.years.get(year=2024)
    other.save(update_fields=["block_year"])
    client = login(world.user("leader"))
    client.post(f"{_base(world)}summary/send/", {"conference": other.pk})
    assert not SummaryReport.objects.exclude(status=SummaryStatus.DRAFT).exists()
    assert not other.report_sections.exists()


@pytest.mark.parametrize("conference", ["abc", "999999", "other"])
def test_sending_to_a_conference_that_is_not_the_years_says_so_and_changes_nothing(
    world: Any, login: Any, conference: str
) -> None:
    other = make_conference(world, start=False)
    other.block_year = world.block_b.years.get(year=2024)
    other.save(update_fields=["block_year"])
    client = login(world.user("leader"))
    base = _base(world)
    client.post(f"{base}summary/", {"strengths": "Đoàn kết, chủ động."})
    posted = str(other.pk) if conference == "other" else conference
    response = client.post(f"{base}summary/send/", {"conference": posted}, follow=True)
    assert "Hãy chọn một hội nghị của cùng năm thi đua của khối." in response.content.decode()
    assert SummaryReport.objects.get().status == SummaryStatus.DRAFT
    assert not other.report_sections.exists()


def test_taking_a_draft_back_to_draft_is_refused_with_a_message(world: Any, login: Any) -> None:
    client = login(world.user("leader"))
    base = _base(world)
    response = client.post(f"{base}summary/draft/", follow=True)
    assert SummaryReport.objects.get().status == SummaryStatus.DRAFT
    assert "không thể chuyển" in response.content.decode()
    assert client.get(f"{base}summary/send/").status_code == 405
