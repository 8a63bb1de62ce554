"""The demo's draft summary report (seed 002's block, 2025): sent to that year's planned summary
conference, its sections are the draft the members comment on there."""

from __future__ import annotations

from typing import Any

from thidua.accounts.models import User
from thidua.conferences.models import Conference
from thidua.demo.tests.test_demo import _demo_loaded, demo  # noqa: F401  (the module-scoped demo)
from thidua.reports import services
from thidua.reports.models import SummaryReport, SummaryStatus


def test_the_demo_draft_sent_to_the_planned_conference_is_its_draft_report(
    demo: Any,  # noqa: F811
    client: Any,
) -> None:
    report = SummaryReport.objects.select_related("block_year__block").get(
        block_year__block__code="S2-KTMTH", block_year__year=2025
    )
    assert report.status == SummaryStatus.DRAFT and report.strengths.startswith("Các đơn vị trong Khối")
    conference = Conference.objects.get(block_year=report.block_year, closed_at__isnull=True)
    board = User.objects.get(username="bantdkt")
    services.change_summary_status(
        actor=board, report=report, status=SummaryStatus.SENT, conference=conference
    )
    client.force_login(board, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/conferences/c/{conference.pk}/report/").content.decode()
    assert "I. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA NĂM 2025" in page
    assert "II. ƯU ĐIỂM" in page and "đoàn kết, chủ động phối hợp triển khai" in page
    assert "V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026" in page
    assert "Khối gồm" in page and "do Văn phòng UBND tỉnh làm Khối trưởng." in page
    # The tab shows it as sent, linked to the conference.
    tab = client.get(f"/reports/blocks/{report.block_year.block_id}/2025/").content.decode()
    assert f"/conferences/c/{conference.pk}/" in tab and 'id="summary-form"' in tab
