"""The chart drawer (thidua.lib.charts): the font it draws with covers the Vietnamese letters, no
figure outlives a call, and charts go into a DOCX before their anchor (or not at all without it)."""

from __future__ import annotations

import io

import docx
from fontTools.ttLib import TTFont
from matplotlib import _pylab_helpers
from PIL import Image

from thidua.lib import charts

VIETNAMESE = "Số lượt khen thưởng Điểm thi đua của các thành viên Ủy ban"


def test_the_font_covers_vietnamese_and_no_figure_is_left_open() -> None:
    prop = charts.font(size=9)
    path = prop.get_file()
    if path:  # Liberation Sans from fonts-liberation2 (installed by .ci/run)
        cmap = TTFont(str(path)).getBestCmap()
        assert all(ord(ch) in cmap for ch in VIETNAMESE if not ch.isspace())
    chart = charts.awards_chart(
        [{"year": 2022, "collective": 537, "individual": 2347}],
        title=VIETNAMESE,
        collective="Lượt tập thể",
        individual="Lượt cá nhân",
    )
    assert chart.series == (("Lượt tập thể", (537.0,)), ("Lượt cá nhân", (2347.0,)))
    assert Image.open(io.BytesIO(chart.png)).format == "PNG"
    assert _pylab_helpers.Gcf.get_all_fig_managers() == []


def test_scores_follow_units_ranked_in_two_years_at_most_twelve() -> None:
    rows = [
        {"year": year, "unit": f"Đơn vị {i:02d}", "total": f"{90 + i}.50", "rank": 20 - i}
        for i in range(15)
        for year in (2023, 2024)
    ]
    rows.append({"year": 2024, "unit": "Chỉ một năm", "total": "99", "rank": 1})
    chart = charts.scores_chart(rows, title="Điểm")
    assert chart is not None and len(chart.series) == charts.MAX_SCORE_LINES
    assert chart.series[0] == ("Đơn vị 14", (104.5, 104.5))  # best ranked in the last year first
    assert charts.scores_chart(rows[-1:], title="Điểm") is None


def test_charts_go_before_their_anchor_and_a_missing_anchor_is_skipped() -> None:
    document = docx.Document()
    for text in ("1. Mở đầu", "2. Khen thưởng", "3. Kết luận"):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    chart = charts.proposals_chart(
        [{"year": 2024, "proposed": 3, "awarded": 2}], title="Đề nghị", proposed="Đề nghị", awarded="Được"
    )
    body = charts.insert_charts(out.getvalue(), [("3. Kết luận", chart), ("9. Không có", chart)])
    reopened = docx.Document(io.BytesIO(body))
    assert [p.text for p in reopened.paragraphs] == ["1. Mở đầu", "2. Khen thưởng", "", "3. Kết luận"]
    assert len(reopened.inline_shapes) == 1
