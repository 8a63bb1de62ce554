"""Reports of the demo: the news article draft of seed 000's preparatory meeting, with the byline the
press officers filled in ("Minh Dung – Hữu Thịnh", as the article signs it), and the draft summary
report of seed 002's block for 2025 (the leader's sections written, still a draft), ready to send to
that year's planned summary conference, where the members comment on it. The other conferences'
drafts are built from their data when opened (Reports tab)."""

from __future__ import annotations

from thidua.accounts.models import User
from thidua.blocks.models import BlockYear
from thidua.conferences.models import Conference
from thidua.reports import news, services
from thidua.reports.models import NewsDraft, SummaryReport

SEED_000_BYLINE = "Minh Dung – Hữu Thịnh"

# The sections Văn phòng UBND tỉnh (Khối trưởng 2025 of seed 002's block) writes in its draft.
SUMMARY_2025 = {
    "strengths": (
        "Các đơn vị trong Khối đoàn kết, chủ động phối hợp triển khai các phong trào thi đua gắn với "
        "nhiệm vụ chính trị; công tác sắp xếp tổ chức bộ máy được thực hiện đúng tiến độ.\n\n"
        "Việc chấm điểm, bình xét thi đua được thực hiện công khai, dân chủ, đúng quy định."
    ),
    "limitations": (
        "Một số đơn vị gửi hồ sơ đề nghị khen thưởng còn chậm; việc nhân rộng điển hình tiên tiến "
        "chưa thường xuyên."
    ),
    "lessons": (
        "Bám sát chương trình công tác của Khối; trao đổi, kiểm tra chéo kịp thời giữa các đơn vị; "
        "gắn phong trào thi đua với nhiệm vụ chuyên môn của từng cơ quan."
    ),
    "direction": (
        "Tiếp tục đẩy mạnh phong trào thi đua yêu nước, thực hiện thắng lợi nhiệm vụ năm 2026; "
        "ký kết giao ước thi đua ngay từ đầu năm; nâng cao chất lượng hồ sơ đề nghị khen thưởng."
    ),
}


def load_reports_demo() -> int:
    """Store seed 000's edited news draft and the 2025 draft summary report of seed 002's block if
    missing; returns how many drafts were added."""
    return _load_news_draft() + _load_summary_draft()


def _load_news_draft() -> int:
    conference = Conference.objects.filter(block_year__block__code="NT-KDANG", block_year__year=2022).first()
    if conference is None or NewsDraft.objects.filter(conference=conference).exists():
        return 0
    article = news.build_article(conference)
    article.byline = SEED_000_BYLINE
    services.save_news_draft(
        actor=User.objects.get(username="khoitruong"), conference=conference, text=article.as_text()
    )
    return 1


def _load_summary_draft() -> int:
    block_year = BlockYear.objects.filter(block__code="S2-KTMTH", year=2025).first()
    if block_year is None or SummaryReport.objects.filter(block_year=block_year).exists():
        return 0
    report = services.summary_report_for(block_year)
    services.save_summary_sections(actor=User.objects.get(username="bantdkt"), report=report, **SUMMARY_2025)
    return 1
