"""The statistics' charts as PNG images for the documents (issue 10 item 3: "charts ... as images in
the documents"); the page draws the same figures with Chart.js (`views._charts`).

Drawn server-side by matplotlib on a `Figure` with an Agg canvas of its own (no display, no network),
never through pyplot's global list of figures, so that nothing outlives the call; the figure is
cleared after saving. matplotlib is imported on the first chart only. The text is in Liberation Sans (Debian's fonts-liberation2, installed by
`.ci/run`), which covers the Vietnamese letters; where it is missing, matplotlib's own DejaVu Sans,
which covers them too.

Each function returns a `Chart`: the PNG and the figures it drew, so that a test can check the picture
shows the real counts. `insert_charts` puts charts into a DOCX the documents engine rendered. Here in
lib (pure, no models) because both the statistics and the block's summary report draw them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx as docx_module
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from thidua.lib.numbers import format_number

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FONT_REGULAR = "LiberationSans-Regular.ttf"
FONT_BOLD = "LiberationSans-Bold.ttf"
COLOURS = ("#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384")
# A chart of members' scores draws at most this many lines (a province has thousands of units: the
# scores chart is for a block or a unit; beyond it the document keeps the table only).
MAX_SCORE_LINES = 12
DPI = 150
SIZE_INCHES = (7.0, 3.6)


@dataclass(frozen=True)
class Chart:
    """A drawn chart: its title, the x labels and each series' values as drawn, and the PNG."""

    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    png: bytes


def font(*, size: float, bold: bool = False) -> FontProperties:
    """Liberation Sans from its file (by name matplotlib may pick the older fonts-liberation, which
    lacks the Vietnamese letters), else matplotlib's own DejaVu Sans."""
    from matplotlib.font_manager import FontProperties

    path = FONT_DIR / (FONT_BOLD if bold else FONT_REGULAR)
    if path.exists():
        return FontProperties(fname=path, size=size)
    return FontProperties(family="DejaVu Sans", size=size, weight="bold" if bold else "normal")


def _figure() -> Figure:
    """A figure on the Agg canvas of its own. matplotlib is imported here, on the first chart: it
    costs about 65 MB and a second or two, which no process that draws no chart should pay."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _style(axes: Any, *, title: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axes.set_title(title, fontproperties=font(size=11, bold=True))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(int(value))))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for label in axes.get_xticklabels() + axes.get_yticklabels():
        label.set_fontproperties(font(size=9))


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    try:
        figure.savefig(out, format="png", dpi=DPI, facecolor="white")
    finally:
        figure.clear()
    return out.getvalue()


def _bars(title: str, labels: list[str], series: list[tuple[str, list[int]]]) -> Chart:
    figure = _figure()
    axes = figure.add_subplot()
    count = len(series)
    width = 0.8 / max(count, 1)
    for index, (name, values) in enumerate(series):
        positions = [x - 0.4 + width * (index + 0.5) for x in range(len(labels))]
        bars = axes.bar(positions, values, width=width, label=name, color=COLOURS[index % len(COLOURS)])
        axes.bar_label(
            bars, labels=[format_number(v) for v in values], fontproperties=font(size=8), padding=2
        )
    axes.set_xticks(range(len(labels)), labels)
    _style(axes, title=title)
    axes.legend(prop=font(size=9), frameon=False)
    return Chart(
        title=title,
        labels=tuple(labels),
        series=tuple((name, tuple(float(v) for v in values)) for name, values in series),
        png=_png(figure),
    )


def awards_chart(totals: list[dict[str, Any]], *, title: str, collective: str, individual: str) -> Chart:
    """Lượt per year by recipient kind, from `queries.totals_by_year`."""
    return _bars(
        title,
        [str(r["year"]) for r in totals],
        [(collective, [r["collective"] for r in totals]), (individual, [r["individual"] for r in totals])],
    )


def proposals_chart(proposals: list[dict[str, Any]], *, title: str, proposed: str, awarded: str) -> Chart:
    """Lines proposed against lines awarded per year, from `queries.proposals_vs_decisions`."""
    return _bars(
        title,
        [str(r["year"]) for r in proposals],
        [(proposed, [r["proposed"] for r in proposals]), (awarded, [r["awarded"] for r in proposals])],
    )


def _as_float(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


def scores_chart(scores: list[dict[str, Any]], *, title: str) -> Chart | None:
    """Each member's published total across the years, from `queries.member_scores`; None when no
    unit has a score in two years or more (nothing to follow), and at most MAX_SCORE_LINES units:
    those best ranked in the last year they were ranked."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    by_unit: dict[str, dict[int, float]] = {}
    last_rank: dict[str, tuple[int, int]] = {}
    for row in scores:
        total = _as_float(row["total"])
        if total is None:
            continue
        by_unit.setdefault(row["unit"], {})[row["year"]] = total
        rank = row["rank"] if isinstance(row["rank"], int) else 10**6
        seen = last_rank.get(row["unit"])
        if seen is None or row["year"] > -seen[0]:
            last_rank[row["unit"]] = (-row["year"], rank)
    followed = [unit for unit, years in by_unit.items() if len(years) >= 2]
    if not followed:
        return None
    followed.sort(key=lambda unit: (last_rank[unit], unit))
    followed = followed[:MAX_SCORE_LINES]
    years = sorted({year for unit in followed for year in by_unit[unit]})
    figure = _figure()
    axes = figure.add_subplot()
    series = []
    for index, unit in enumerate(followed):
        values = [by_unit[unit].get(year) for year in years]
        axes.plot(
            range(len(years)),
            [float("nan") if v is None else v for v in values],
            marker="o",
            label=unit,
            color=COLOURS[index % len(COLOURS)],
            linestyle="-" if index < len(COLOURS) else "--",
        )
        series.append((unit, tuple(values)))
    axes.set_xticks(range(len(years)), [str(y) for y in years])
    _style(axes, title=title)
    axes.yaxis.set_major_locator(MaxNLocator())
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}".replace(".", ",")))
    axes.legend(prop=font(size=7), frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return Chart(title=title, labels=tuple(str(y) for y in years), series=tuple(series), png=_png(figure))


def insert_charts(docx: bytes, charts: list[tuple[str, Chart]], *, width_cm: float = 16.0) -> bytes:
    """The DOCX with each chart put, as an inline picture in a centred paragraph of its own, just
    before the first paragraph whose text starts with its anchor (a section's first words, so that an
    office's own template, which lays out the same sections, gets them too). A chart whose anchor is
    not found is left out: the template dropped that section."""
    document = docx_module.Document(io.BytesIO(docx))
    paragraphs = list(document.paragraphs)
    for cell in (c for t in document.tables for r in t.rows for c in r.cells):
        paragraphs += cell.paragraphs
    for anchor, chart in charts:
        target = next((p for p in paragraphs if p.text.strip().startswith(anchor)), None)
        if target is None:
            continue
        picture = target.insert_paragraph_before()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.first_line_indent = Cm(0)
        picture.add_run().add_picture(io.BytesIO(chart.png), width=Cm(width_cm))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
