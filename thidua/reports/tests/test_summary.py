"""The block's summary report drafted from the data, reopened as DOCX; board and leader only."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from thidua.blocks.models import StandingSource
from thidua.blocks.services import record_standings


def _texts(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("persona", ["board", "leader", "member", "outsider"])
def test_summary_report_docx(world: Any, login: Any, persona: str) -> None:
    record_standings(
        actor=world.user("board"),
        block_year=world.block_year,
        ranks=[(world.member_unit, 1), (world.leader_unit, 2)],
        source=StandingSource.CONFERENCE,
    )
    response = login(world.user(persona)).get(f"/reports/blocks/{world.block.pk}/2024/summary.docx")
    if persona not in ("board", "leader"):
        assert response.status_code == 404
        return
    text = _texts(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text  # a state agency leads: the state format
    assert "Khối gồm 3 thành viên" in text and "do Sở Tài chính làm Khối trưởng" in text
    assert "Sở Nội vụ dẫn đầu phong trào thi đua Khối năm 2024; xếp thứ 2: Sở Tài chính." in text
    for heading in ("II. ƯU ĐIỂM", "III. TỒN TẠI, HẠN CHẾ", "IV. BÀI HỌC KINH NGHIỆM", "V. PHƯƠNG HƯỚNG"):
        assert heading in text
    assert "PHỤ LỤC 1. BẢNG TỔNG HỢP ĐIỂM" in text and "PHỤ LỤC 2. DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in text
