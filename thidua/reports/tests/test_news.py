"""The news drafts of the demo's replayed conferences carry the facts of seeds 000, 001 and 002."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from thidua.accounts.models import User
from thidua.conferences.models import Conference
from thidua.demo.tests.test_demo import _demo_loaded, demo  # noqa: F401  (the module-scoped demo)
from thidua.reports import news, services


def _conference(block: str, year: int) -> Conference:
    return Conference.objects.get(block_year__block__code=block, block_year__year=year)


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_seed_000_preparatory_meeting(demo) -> None:  # noqa: F811
    text = news.article_text(_conference("NT-KDANG", 2022))
    assert text.startswith("DỰ THẢO\n\nKhối thi đua các cơ quan Đảng Thành ủy Nha Trang: Hội nghị trù bị")
    assert "Sáng ngày 27/12/2022, tại Hội trường Thành ủy Nha Trang" in text
    assert "Tham dự có Trần Văn Võ Thịnh – Trưởng Phòng Nội vụ" in text
    assert "Văn phòng Thành ủy Nha Trang (Khối trưởng năm 2022)" in text
    assert "Khối gồm 6 thành viên" in text
    assert "6/6 đơn vị hoàn thành xuất sắc nhiệm vụ" in text and "8 chiến sĩ thi đua cấp cơ sở" in text
    assert (
        "biểu quyết suy tôn Ban Tổ chức Thành ủy Nha Trang dẫn đầu thi đua Khối năm 2022; "
        "xếp thứ Nhì Ban Tuyên giáo Thành ủy Nha Trang; xếp thứ Ba Ban Dân vận Thành ủy Nha Trang"
    ) in text
    assert "Ảnh: Quang cảnh Hội nghị" in text
    assert text.endswith("\n\nMinh Dung – Hữu Thịnh\n")  # the demo's edited draft (demo/reports.py)


def test_seed_001_proposals_and_next_leader(demo) -> None:  # noqa: F811
    text = news.article_text(_conference("QNA-KDANG", 2021))
    assert "Chiều ngày 01/03/2022" in text
    assert (
        "Hội nghị đã biểu quyết suy tôn Văn phòng Tỉnh ủy Quảng Nam dẫn đầu thi đua Khối năm 2021; xếp thứ Nhì Ban Tổ chức"
        in text
    )
    assert "thống nhất đề nghị tặng Cờ thi đua của Chính phủ cho Văn phòng Tỉnh ủy Quảng Nam; " in text
    assert "Cờ thi đua của bộ, ban, ngành, tỉnh cho Ban Tổ chức Tỉnh ủy Quảng Nam" in text
    assert (
        "suy tôn Trường Chính trị tỉnh Quảng Nam là Khối trưởng và Ủy ban Kiểm tra Tỉnh ủy Quảng Nam là Khối phó Khối thi đua năm 2022"
        in text
    )


def test_seed_002_summary_with_covenant(demo) -> None:  # noqa: F811
    conference = _conference("S2-KTMTH", 2023)
    text = news.article_text(conference)
    assert "; phát động, ký kết giao ước thi đua năm 2024" in text.splitlines()[2]
    assert "Chiều ngày 22/01/2024, tại Trụ sở Đoàn ĐBQH và HĐND tỉnh" in text
    assert "Chủ trì Hội nghị: Vũ Thị Liễu, Phó Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh" in text
    assert "biểu quyết thông qua Thông qua Báo cáo tổng kết" not in text
    assert "Hội nghị đã biểu quyết thông qua Báo cáo tổng kết công tác thi đua, khen thưởng năm 2023" in text
    assert (
        "suy tôn Sở Tài chính dẫn đầu thi đua Khối năm 2023; xếp thứ Nhì Văn phòng UBND tỉnh; xếp thứ Ba Sở Kế hoạch và Đầu tư"
        in text
    )
    assert (
        "Cờ thi đua của Chính phủ cho Sở Tài chính; Bằng khen của bộ, ban, ngành, tỉnh cho Văn phòng UBND tỉnh và Sở Kế hoạch và Đầu tư"
        in text
    )
    assert (
        "suy tôn Sở Tài chính là Khối trưởng và Văn phòng UBND tỉnh là Khối phó Khối thi đua năm 2024" in text
    )
    assert "ký kết giao ước thi đua năm 2024" in text
    assert "Ngay từ đầu năm 2023, Khối đã tổ chức phát động" in text
    assert "Năm 2024, các đơn vị trong Khối thống nhất: Phấn đấu hoàn thành xuất sắc" in text
    paragraphs = _paragraphs(news.article_docx(conference))
    assert paragraphs[0] == "DỰ THẢO" and paragraphs[1] == text.split("\n\n")[1]
    assert any("Sở Tài chính là Khối trưởng" in p for p in paragraphs)


def test_an_edited_draft_is_stored_and_stays_a_draft(demo) -> None:  # noqa: F811
    conference = _conference("S2-KTMTH", 2023)
    leader = User.objects.get(username="bantdkt")
    services.save_news_draft(actor=leader, conference=conference, text="Tin sửa.\n\nĐoạn hai.")
    assert news.article_text(conference) == "DỰ THẢO\n\nTin sửa.\n\nĐoạn hai.\n"
    assert _paragraphs(news.article_docx(conference)) == ["DỰ THẢO", "Tin sửa.", "Đoạn hai."]
    with pytest.raises(ValidationError):
        services.save_news_draft(actor=leader, conference=conference, text="  ")
    assert news.article_text(conference).startswith("DỰ THẢO\n\nTin sửa.")
    services.reset_news_draft(actor=leader, conference=conference)
    assert "Sở Tài chính là Khối trưởng" in news.article_text(conference)
