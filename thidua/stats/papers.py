"""The statistics as a report (báo cáo thống kê) in DOCX through the documents engine, with the charts
as images (issue 10 item 3): the lượt per year by recipient kind, the awards by title or form, the
units' ratings, the honoured places, the members' scores across the years and the proposals against
the decisions; each chart above its caption ("Biểu đồ 1. …"), each table after it.

The words of the paper are Vietnamese whatever the interface language (R-FMT-01): it is built under
`translation.override("vi")`. The letterhead is the block's (through its leader of the last year, as
the block's own papers), the unit's, or for the province the emulation board's.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation

from thidua.awards.models import AwardLevel
from thidua.blocks.models import BlockYear
from thidua.documents.contexts import Section, Table, build_report_context
from thidua.documents.render import render_docx
from thidua.documents.styles import DocumentStyle, Letterhead, Signature, letterhead_for_unit
from thidua.lib.charts import Chart, awards_chart, insert_charts, proposals_chart, scores_chart
from thidua.lib.numbers import format_number, format_points
from thidua.stats.queries import Scope

NO_DATA = "Không có số liệu trong các năm này."


def _letterhead(scope: Scope) -> Letterhead:
    if scope.block is not None:
        last = (
            BlockYear.objects.with_members()
            .filter(block=scope.block, year__lte=scope.year_to)
            .order_by("-year")
            .first()
        )
        if last is not None and last.leader is not None:
            return letterhead_for_unit(last.leader, issuer=scope.block.name.upper())
        return Letterhead(style=DocumentStyle.STATE, issuer=scope.block.name, symbol="")
    if scope.unit is not None:
        return letterhead_for_unit(scope.unit)
    return Letterhead(
        style=DocumentStyle.STATE, issuer="Ban Thi đua - Khen thưởng", parent="Sở Nội vụ", symbol="BTĐKT"
    )


def charts(stats: dict[str, Any]) -> dict[str, Chart]:
    """The report's charts from the figures of `queries.statistics`; a chart with nothing to draw is
    left out (no award, no proposal, no member ranked in two years)."""
    drawn: dict[str, Chart] = {}
    if stats["totals"]:
        drawn["awards"] = awards_chart(
            stats["totals"],
            title="Số lượt khen thưởng theo năm",
            collective="Lượt tập thể",
            individual="Lượt cá nhân",
        )
    scores = scores_chart(stats["scores"], title="Tổng điểm thi đua của các thành viên qua các năm")
    if scores is not None:
        drawn["scores"] = scores
    if stats["proposals"]:
        drawn["proposals"] = proposals_chart(
            stats["proposals"],
            title="Đề nghị khen thưởng và quyết định khen thưởng",
            proposed="Lượt đề nghị",
            awarded="Lượt được khen thưởng",
        )
    return drawn


CAPTIONS = {
    "awards": "Biểu đồ 1. Số lượt khen thưởng tập thể, cá nhân theo năm.",
    "scores": "Biểu đồ 2. Tổng điểm thi đua của các thành viên qua các năm.",
    "proposals": "Biểu đồ 3. Số lượt đề nghị khen thưởng và số lượt được khen thưởng theo năm.",
}


def _points(value: Any) -> str:
    """A published total ("97.50", frozen as text) as the papers write points: "97,5"."""
    try:
        return format_points(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def _n(value: Any) -> str:
    return format_number(value) if isinstance(value, int) else str(value if value is not None else "")


def sections(scope: Scope, stats: dict[str, Any], drawn: dict[str, Chart]) -> list[Section]:
    def caption(key: str) -> tuple[str, ...]:
        return (CAPTIONS[key],) if key in drawn else ()

    totals = stats["totals"]
    who = scope.label if scope.unit is not None or scope.block is not None else "toàn tỉnh"
    first = (
        f"Từ năm {scope.year_from} đến năm {scope.year_to}, {who} có "
        f"{format_number(sum(r['collective'] for r in totals))} lượt tập thể, "
        f"{format_number(sum(r['individual'] for r in totals))} lượt cá nhân được khen thưởng."
    )
    result = [
        Section(
            "I. SỐ LƯỢT KHEN THƯỞNG THEO NĂM",
            (first, *caption("awards")),
            table=Table(
                ("Năm", "Lượt tập thể", "Lượt cá nhân", "Trong đó nữ", "Trong đó nam"),
                tuple(
                    (str(r["year"]), _n(r["collective"]), _n(r["individual"]), _n(r["women"]), _n(r["men"]))
                    for r in totals
                ),
            )
            if totals
            else None,
        )
    ]
    by_type: dict[tuple[str, str], dict[int, int]] = {}
    years = sorted({r["year"] for r in stats["awards"]})
    for r in stats["awards"]:
        cells = by_type.setdefault((r["name"], r["level"]), {})
        cells[r["year"]] = cells.get(r["year"], 0) + r["collective"] + r["individual"]
    levels = dict(AwardLevel.choices)
    result.append(
        Section(
            "II. KHEN THƯỞNG THEO DANH HIỆU, HÌNH THỨC",
            () if by_type else (NO_DATA,),
            table=Table(
                ("Danh hiệu, hình thức", "Cấp", *(str(y) for y in years)),
                tuple(
                    (name, str(levels.get(level, level)), *(_n(cells.get(y, 0)) for y in years))
                    for (name, level), cells in by_type.items()
                ),
            )
            if by_type
            else None,
        )
    )
    if stats["ratings"]:
        result.append(
            Section(
                "III. ĐÁNH GIÁ, XẾP LOẠI CÁC ĐƠN VỊ",
                table=Table(
                    ("Năm", "Mức xếp loại", "Số đơn vị"),
                    tuple(
                        (
                            str(r["year"]),
                            r["label"],
                            _n(r["units"]) + (f"/{_n(r['of'])}" if r["of"] else ""),
                        )
                        for r in stats["ratings"]
                    ),
                ),
            )
        )
    leaders = "; ".join(f"{r['unit__name']} ({_n(r['times'])} năm)" for r in stats["leaders"])
    result.append(
        Section(
            "IV. ĐƠN VỊ DẪN ĐẦU, THỨ HẠNG SUY TÔN",
            (f"Các đơn vị dẫn đầu: {leaders}." if leaders else "Chưa có kết quả suy tôn.",),
            table=Table(
                ("Năm", "Khối, cụm", "Thứ hạng", "Đơn vị"),
                tuple(
                    (
                        str(r["block_year__year"]),
                        r["block_year__block__name"],
                        str(r["rank"]),
                        r["unit__name"],
                    )
                    for r in stats["rankings"]
                ),
            )
            if stats["rankings"]
            else None,
        )
    )
    result.append(
        Section(
            "V. ĐIỂM THI ĐUA CỦA CÁC THÀNH VIÊN",
            caption("scores") or (() if stats["scores"] else ("Chưa có bảng xếp hạng được công bố.",)),
            table=Table(
                ("Đơn vị", "Năm", "Tổng điểm", "Thứ hạng"),
                tuple(
                    (r["unit"], str(r["year"]), _points(r["total"]), _n(r["rank"])) for r in stats["scores"]
                ),
            )
            if stats["scores"]
            else None,
        )
    )
    result.append(
        Section(
            "VI. ĐỀ NGHỊ KHEN THƯỞNG VÀ QUYẾT ĐỊNH",
            caption("proposals") or (NO_DATA,),
            table=Table(
                ("Năm", "Lượt đề nghị", "Được khen thưởng", "Không được khen thưởng", "Chưa có kết quả"),
                tuple(
                    (str(r["year"]), _n(r["proposed"]), _n(r["awarded"]), _n(r["refused"]), _n(r["pending"]))
                    for r in stats["proposals"]
                ),
            )
            if stats["proposals"]
            else None,
        )
    )
    return result


def statistics_docx(scope: Scope, stats: dict[str, Any]) -> bytes:
    """The report (a draft: no number, no date) with its charts put above their captions."""
    with translation.override("vi"):
        drawn = charts(stats)
        letterhead = _letterhead(scope)
        context = build_report_context(
            letterhead=letterhead,
            number=None,
            day=None,
            summary=f"Thống kê thi đua, khen thưởng {scope.label}, giai đoạn {scope.year_from}–{scope.year_to}",
            sections=sections(scope, stats, drawn),
            signature=Signature(title="Thủ trưởng đơn vị", name=""),
            recipients=["Ban Thi đua - Khen thưởng", "Lưu"],
        )
        body = render_docx("report", letterhead.style, context)
    return insert_charts(body, [(CAPTIONS[key], chart) for key, chart in drawn.items()])
