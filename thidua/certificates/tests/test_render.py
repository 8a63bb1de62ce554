"""The certificate's fields at their millimetre places, read back from the generated PDF."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from thidua.certificates import render
from thidua.certificates.tests.helpers import page_size_mm, runs


def spec(**extra):
    base = {"name": "name", "x_mm": 40, "y_mm": 100, "width_mm": 200, "align": "left", "size_pt": 20}
    return render.FieldSpec(**{**base, **extra})


def one_page(fields, values, **offset):
    return render.render([render.Page(297, 210, fields, values)], **offset)


def test_a_left_field_starts_at_its_x_and_its_baseline_at_its_y():
    pdf = one_page([spec()], {"name": "Nguyễn Thị Lan"})
    [[(text, x, y, size)]] = runs(pdf)
    assert text.strip() == "Nguyễn Thị Lan"
    assert x == pytest.approx(40, abs=0.05) and y == pytest.approx(100, abs=0.05) and size == 20
    assert page_size_mm(pdf) == [(297.0, 210.0)]


def test_centred_and_right_fields_sit_in_their_box():
    font = render.DEFAULT_FONT
    width = pdfmetrics.stringWidth("Sở Nội vụ", font, 20) / mm
    pdf = one_page(
        [spec(name="name", align="center"), spec(name="signer_name", align="right", y_mm=150)],
        {"name": "Sở Nội vụ", "signer_name": "Sở Nội vụ"},
    )
    [[centre, right]] = runs(pdf)
    assert centre[1] == pytest.approx(40 + (200 - width) / 2, abs=0.05)
    assert right[1] == pytest.approx(240 - width, abs=0.05) and right[2] == pytest.approx(150, abs=0.05)


def test_the_printer_offset_moves_every_field():
    pdf = one_page([spec()], {"name": "Lan"}, dx_mm=2.5, dy_mm=-1.5)
    [[(_, x, y, _size)]] = runs(pdf)
    assert x == pytest.approx(42.5, abs=0.05) and y == pytest.approx(98.5, abs=0.05)


def test_text_too_wide_is_shrunk_first():
    text = "Phòng Thi đua - Khen thưởng Sở Nội vụ tỉnh Khánh Hòa"
    at_20 = pdfmetrics.stringWidth(text, render.DEFAULT_FONT, 20) / mm
    fitted = render.fit(text, spec(width_mm=at_20 * 0.9, min_size_pt=14, max_lines=3), render.DEFAULT_FONT)
    assert len(fitted.lines) == 1 and 14 <= fitted.size_pt < 20 and not fitted.overflow


def test_then_wrapped_at_the_full_size_onto_the_allowed_lines():
    text = "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2025, góp phần xây dựng quê hương"
    fitted = render.fit(text, spec(width_mm=90, size_pt=16, min_size_pt=14, max_lines=3), render.DEFAULT_FONT)
    assert 2 <= len(fitted.lines) <= 3 and not fitted.overflow
    assert " ".join(fitted.lines) == text
    pdf = one_page(
        [spec(name="achievement", width_mm=90, size_pt=16, min_size_pt=14, max_lines=3)],
        {"achievement": text},
    )
    lines = runs(pdf)[0]
    assert [round(y - lines[0][2], 1) for _, _, y, _ in lines] == [
        round(i * fitted.size_pt * render.LINE_SPACING / 72 * 25.4, 1) for i in range(len(lines))
    ]
    assert "".join(t for t, *_ in lines).replace("\n", " ").split() == text.split()


def test_text_that_cannot_fit_stays_at_the_smallest_size_on_the_maximum_lines():
    fitted = render.fit(
        "một hai ba bốn năm sáu bảy tám chín mười " * 4,
        spec(width_mm=30, max_lines=2, min_size_pt=10),
        render.DEFAULT_FONT,
    )
    assert fitted.overflow and fitted.size_pt == 10 and len(fitted.lines) == 2


def test_upper_case_field_keeps_the_vietnamese_marks():
    pdf = one_page([spec(upper=True)], {"name": "chủ tịch ủy ban nhân dân tỉnh"})
    assert runs(pdf)[0][0][0].strip() == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"


def test_calibration_page_numbers_its_grid_each_ten_millimetres():
    pdf = render.calibration(297, 210, dx_mm=1, dy_mm=2)
    texts = runs(pdf)[0]
    tens = {t.strip(): (x, y) for t, x, y, _ in texts if t.strip().isdigit()}
    assert tens["250"][0] == pytest.approx(250 + 1 + 0.5, abs=0.05)  # only the top edge reaches 250
    assert any("Khổ giấy 297 × 210 mm" in t for t, *_ in texts)


def test_the_printer_scale_enlarges_from_the_top_left_before_the_offset():
    text = "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2025"
    field = spec(name="achievement", width_mm=90, size_pt=16, min_size_pt=14, max_lines=3, align="center")
    plain = runs(one_page([field], {"achievement": text}))[0]
    scaled = runs(one_page([field], {"achievement": text}, scale=1.1, dx_mm=2, dy_mm=-1))[0]
    assert len(plain) == len(scaled) >= 2  # the same words on the same lines
    for (t0, x0, y0, s0), (t1, x1, y1, s1) in zip(plain, scaled, strict=True):
        assert t0 == t1 and s1 == pytest.approx(s0 * 1.1)
        assert x1 == pytest.approx(x0 * 1.1 + 2, abs=0.05) and y1 == pytest.approx(y0 * 1.1 - 1, abs=0.05)
    [[(_, x, y, size)]] = runs(one_page([spec()], {"name": "Lan"}, scale=0.9, dx_mm=1, dy_mm=2))
    assert x == pytest.approx(40 * 0.9 + 1, abs=0.05) and y == pytest.approx(100 * 0.9 + 2, abs=0.05)
    assert size == pytest.approx(18)


def test_the_calibration_grid_is_scaled_too():
    texts = runs(render.calibration(297, 210, scale=1.1))[0]
    tens = {t.strip(): (x, y) for t, x, y, _ in texts if t.strip().isdigit()}
    assert tens["250"][0] == pytest.approx(250 * 1.1 + 0.5, abs=0.05)
    assert any("tỉ lệ 1,1" in t for t, *_ in texts)
