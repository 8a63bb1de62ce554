"""Drawing certificates with ReportLab: exact millimetre placement and embedded TrueType fonts
(outputs.md §4.3). Coordinates are kept from the paper's top-left as the office measures them and
turned into PDF points (from the bottom-left) only here."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path(__file__).parent / "fonts"
# Liberation Serif (SIL OFL 1.1, fonts/LICENSE-LiberationFonts.txt): metric-compatible with Times
# New Roman and complete for Vietnamese.
DEFAULT_FONT = "CertSerif"
_FACES = {
    "": "LiberationSerif-Regular.ttf",
    "-Bold": "LiberationSerif-Bold.ttf",
    "-Italic": "LiberationSerif-Italic.ttf",
    "-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}
LINE_SPACING = 1.25  # line height = size x this


def _register_default() -> None:
    if DEFAULT_FONT in pdfmetrics.getRegisteredFontNames():
        return
    for suffix, filename in _FACES.items():
        pdfmetrics.registerFont(TTFont(DEFAULT_FONT + suffix, str(FONT_DIR / filename)))


def register_uploaded_font(name: str, data: bytes) -> str:
    """An office's own TTF under `name` (one face for every style); raises on a file that is not a
    TrueType font."""
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    return name


# Every letter written in Vietnamese, capitals too: the plain Latin ones, those with a mark of their
# own (ă â đ ê ô ơ ư) and each vowel with each of the five tones (Latin-1, Latin Extended-A and -B,
# Latin Extended Additional U+1EA0–U+1EF9).
VIETNAMESE_LETTERS = "".join(
    sorted(
        set(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝăĂđĐĩĨũŨơƠưƯ"
            + "".join(chr(code) for code in range(0x1EA0, 0x1EFA))
        )
    )
)


def missing_letters(data: bytes, letters: str = VIETNAMESE_LETTERS) -> list[str]:
    """The letters a TrueType font has no glyph for, in code order; raises on a file that is not a
    TrueType font."""
    font = TTFont("check", io.BytesIO(data))
    cmap = font.face.charToGlyph
    return [letter for letter in letters if cmap.get(ord(letter), 0) == 0]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    x_mm: float
    y_mm: float
    width_mm: float
    align: str = "center"
    size_pt: float = 16
    min_size_pt: float = 11
    max_lines: int = 1
    bold: bool = False
    italic: bool = False
    upper: bool = False
    hidden: bool = False

    @classmethod
    def of(cls, field: Any) -> FieldSpec:
        return cls(
            name=field.name,
            x_mm=float(field.x_mm),
            y_mm=float(field.y_mm),
            width_mm=float(field.width_mm),
            align=field.align,
            size_pt=float(field.size_pt),
            min_size_pt=float(min(field.min_size_pt, field.size_pt)),
            max_lines=int(field.max_lines),
            bold=bool(field.bold),
            italic=bool(field.italic),
            upper=bool(field.upper),
            hidden=bool(field.hidden),
        )


@dataclass(frozen=True)
class Fitted:
    lines: list[str]
    size_pt: float
    overflow: bool  # the text did not fit even at the smallest size on the maximum lines


def face(spec: FieldSpec, family: str) -> str:
    if family != DEFAULT_FONT:
        return family
    return family + {(False, False): "", (True, False): "-Bold", (False, True): "-Italic"}.get(
        (spec.bold, spec.italic), "-BoldItalic"
    )


def _wrap(words: list[str], font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def fit(text: str, spec: FieldSpec, font: str) -> Fitted:
    """Shrink, then wrap: the largest size from `size_pt` down to `min_size_pt` (half-point steps) at
    which the text stands on one line; failing that, the same search on two lines, and so on up to
    `max_lines`. Text that does not fit at all is set at the smallest size, the rest on its last line."""
    _register_default()
    text = " ".join(text.split())
    if spec.upper:
        text = text.upper()
    width = spec.width_mm * mm
    words = text.split(" ") if text else []
    if not words:
        return Fitted([], spec.size_pt, False)
    for count in range(1, max(spec.max_lines, 1) + 1):
        size = spec.size_pt
        while size >= spec.min_size_pt - 1e-9:
            lines = _wrap(words, font, size, width)
            if len(lines) <= count and all(
                pdfmetrics.stringWidth(line, font, size) <= width for line in lines
            ):
                return Fitted(lines, size, False)
            size -= 0.5
    size = spec.min_size_pt
    lines = _wrap(words, font, size, width)
    keep = max(spec.max_lines, 1)
    lines = [*lines[: keep - 1], " ".join(lines[keep - 1 :])]
    return Fitted(lines, size, True)


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    fields: list[FieldSpec]
    values: dict[str, str]
    background: bytes | None = None
    font: str = DEFAULT_FONT


def _draw_page(canvas: Canvas, page: Page, *, dx_mm: float, dy_mm: float, scale: float = 1.0) -> None:
    width, height = page.width_mm * mm, page.height_mm * mm
    canvas.setPageSize((width, height))
    if page.background:
        from reportlab.lib.utils import ImageReader

        canvas.drawImage(ImageReader(io.BytesIO(page.background)), 0, 0, width=width, height=height)
    for spec in page.fields:
        value = page.values.get(spec.name, "")
        if spec.hidden or not value:
            continue
        font = face(spec, page.font)
        # the lines are broken as the layout sets them; the printer's scale only enlarges or shrinks
        # the whole, so every printer prints the same words on the same lines
        fitted = fit(value, spec, font)
        size = fitted.size_pt * scale
        canvas.setFont(font, size)
        left = (spec.x_mm * scale + dx_mm) * mm
        box = spec.width_mm * scale * mm
        baseline = height - (spec.y_mm * scale + dy_mm) * mm
        for line in fitted.lines:
            if spec.align == "left":
                canvas.drawString(left, baseline, line)
            elif spec.align == "right":
                canvas.drawRightString(left + box, baseline, line)
            else:
                canvas.drawCentredString(left + box / 2, baseline, line)
            baseline -= size * LINE_SPACING
    canvas.showPage()


def render(
    pages: list[Page],
    *,
    dx_mm: float | Decimal = 0,
    dy_mm: float | Decimal = 0,
    scale: float | Decimal = 1,
    progress: Any = None,
) -> bytes:
    """One PDF, a page per certificate. The printer's scale and offset move every field: a field at
    (x, y) mm from the paper's top-left is drawn at (x·scale + dx, y·scale + dy), its box and its
    letters `scale` times as large; the scan (a preview) is drawn at the paper's place, unmoved."""
    _register_default()
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=1)
    canvas.setTitle("Giấy chứng nhận")
    for index, page in enumerate(pages):
        _draw_page(canvas, page, dx_mm=float(dx_mm), dy_mm=float(dy_mm), scale=float(scale))
        if progress is not None:
            progress(index + 1)
    canvas.save()
    return out.getvalue()


def calibration(
    width_mm: float,
    height_mm: float,
    *,
    dx_mm: float | Decimal = 0,
    dy_mm: float | Decimal = 0,
    scale: float | Decimal = 1,
) -> bytes:
    """A page with a millimetre grid (a line each 1 mm, darker each 5 and 10 mm, numbered each 10 mm),
    scaled and shifted as the certificates are: laid on the blank, it shows how far the printer moves
    the paper, and whether its scale is right (the 10 mm lines then fall on the blank's)."""
    _register_default()
    out = io.BytesIO()
    width, height = width_mm * mm, height_mm * mm
    canvas = Canvas(out, pagesize=(width, height))
    canvas.setTitle("Trang căn chỉnh máy in")
    ox, oy = float(dx_mm) * mm, -float(dy_mm) * mm
    unit = float(scale) * mm
    for step in range(int(width_mm) + 1):
        x = step * unit + ox
        canvas.setLineWidth(0.6 if step % 10 == 0 else 0.3 if step % 5 == 0 else 0.1)
        canvas.setStrokeGray(0 if step % 10 == 0 else 0.4 if step % 5 == 0 else 0.75)
        canvas.line(x, height + oy - height_mm * unit, x, height + oy)
        if step % 10 == 0 and step:
            canvas.setFont(DEFAULT_FONT, 6)
            canvas.drawString(x + 0.5 * mm, height + oy - 4 * mm, str(step))
    for step in range(int(height_mm) + 1):
        y = height - step * unit + oy
        canvas.setLineWidth(0.6 if step % 10 == 0 else 0.3 if step % 5 == 0 else 0.1)
        canvas.setStrokeGray(0 if step % 10 == 0 else 0.4 if step % 5 == 0 else 0.75)
        canvas.line(ox, y, width_mm * unit + ox, y)
        if step % 10 == 0 and step:
            canvas.setFont(DEFAULT_FONT, 6)
            canvas.drawString(ox + 1 * mm, y + 0.5 * mm, str(step))
    canvas.setFont(DEFAULT_FONT, 10)
    canvas.drawString(
        ox + 15 * mm,
        height + oy - 15 * mm,
        f"Khổ giấy {width_mm:g} × {height_mm:g} mm — độ lệch máy in x {float(dx_mm):g} mm, "
        f"y {float(dy_mm):g} mm, tỉ lệ {float(scale):g}".replace(".", ","),
    )
    canvas.showPage()
    canvas.save()
    return out.getvalue()
