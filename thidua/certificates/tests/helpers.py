from __future__ import annotations

import datetime
import io
from typing import Any

from pypdf import PdfReader
from reportlab.lib.units import mm

from thidua.awards.models import AwardType
from thidua.proposals import services as proposals
from thidua.testing import make_person


def issued_decision(
    world: Any,
    *,
    code: str = "BK_TINH",
    people: int = 2,
    units: int = 1,
    number: str = "125/QĐ-UBND",
    year: int = 2024,
) -> Any:
    persons = [world.member_person, world.outside_person]
    persons += [make_person(f"Lê Thị Ánh {i}", world.member_unit) for i in range(max(0, people - 2))]
    decision = proposals.record_external_decision(
        actor=world.user("board"),
        award_type=AwardType.objects.get(code=code),
        year=year,
        number=number,
        date=datetime.date(2025, 1, 15),
        authority="Chủ tịch UBND tỉnh",
        people=persons[:people],
        units=[world.leader_unit, world.deputy_unit][:units],
    )
    decision.signer_title = "Chủ tịch"
    decision.signer_name = "Trần Văn Hùng"
    decision.save(update_fields=["signer_title", "signer_name"])
    return decision


def runs(data: bytes) -> list[list[tuple[str, float, float, float]]]:
    """Per page, the text runs: (text, x mm from the left, y mm from the top, font size pt)."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height)
        found: list[tuple[str, float, float, float]] = []

        def visit(text, cm, tm, font, size, found=found, height=height):
            if text.strip():
                found.append((text, tm[4] / mm, (height - tm[5]) / mm, float(size)))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def page_size_mm(data: bytes) -> list[tuple[float, float]]:
    return [
        (round(float(p.mediabox.width) / mm, 1), round(float(p.mediabox.height) / mm, 1))
        for p in PdfReader(io.BytesIO(data)).pages
    ]
