"""The published ranking as XLSX and PDF, reopened: the board and the leader officer; others 404."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua.blocks.models import StandingSource
from thidua.blocks.services import record_standings


def _rank(world: Any) -> None:
    record_standings(
        actor=world.user("board"),
        block_year=world.block_year,
        ranks=[(world.member_unit, 1), (world.leader_unit, 2), (world.deputy_unit, 3)],
        source=StandingSource.CONFERENCE,
        basis="Suy tôn tại Hội nghị tổng kết, 20/12/2024",
        votes={world.member_unit.pk: 3, world.leader_unit.pk: 2, world.deputy_unit.pk: 1},
    )


@pytest.mark.parametrize("persona", ["board", "leader", "member", "outsider", "observer"])
def test_ranking_exports(world: Any, login: Any, persona: str) -> None:
    _rank(world)
    client = login(world.user(persona))
    base = f"/reports/blocks/{world.block.pk}/2024/ranking"
    if persona not in ("board", "leader"):
        assert client.get(f"{base}.xlsx").status_code == 404
        assert client.get(f"{base}.pdf").status_code == 404
        return
    book = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").content))
    sheet = book.active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Kết quả xếp hạng thi đua năm 2024 – Khối A tổng hợp"
    assert rows[1] == ["Thứ hạng", "Đơn vị", "Số phiếu", "Căn cứ"]
    assert rows[2:] == [
        [1, "Sở Nội vụ", 3, "Suy tôn tại Hội nghị tổng kết, 20/12/2024"],
        [2, "Sở Tài chính", 2, "Suy tôn tại Hội nghị tổng kết, 20/12/2024"],
        [3, "Văn phòng UBND tỉnh", 1, "Suy tôn tại Hội nghị tổng kết, 20/12/2024"],
    ]
    if persona == "board":  # one LibreOffice conversion is enough
        response = client.get(f"{base}.pdf")
        assert response["Content-Type"] == "application/pdf"
        pages = PdfReader(io.BytesIO(response.content)).pages
        text = " ".join(" ".join(page.extract_text() for page in pages).split())  # cells wrap lines
        assert "Kết quả xếp hạng thi đua năm 2024" in text
        assert text.index("Sở Nội vụ") < text.index("Sở Tài chính") < text.index("Văn phòng UBND tỉnh")
        tab = client.get(f"/reports/blocks/{world.block.pk}/2024/").content.decode()
        assert "ranking.pdf" in tab and "ranking.xlsx" in tab
