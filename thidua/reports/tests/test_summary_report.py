"""The stored summary report: the leader's sections, draft → sent → issued with history and number."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from thidua.reports import services, summary
from thidua.reports.models import SummaryStatus


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_workflow_with_written_sections_history_and_number(world: Any) -> None:
    leader = world.user("leader")
    report = services.summary_report_for(world.block_year)
    services.save_summary_sections(actor=leader, report=report, strengths="Đoàn kết, chủ động.")
    draft = _text(summary.summary_docx(world.block_year))
    assert "Đoàn kết, chủ động." in draft and "Khối phó: chưa rõ" in draft
    with pytest.raises(ValidationError):
        services.change_summary_status(actor=leader, report=report, status=SummaryStatus.ISSUED)
    services.change_summary_status(actor=leader, report=report, status=SummaryStatus.SENT)
    services.change_summary_status(actor=leader, report=report, status=SummaryStatus.ISSUED)
    report.refresh_from_db()
    assert report.issued_number is not None and report.issued_number.number == 1
    assert [e.status for e in report.events.all()] == ["sent", "issued"]
    with pytest.raises(ValidationError):
        services.save_summary_sections(actor=leader, report=report, lessons="x")
