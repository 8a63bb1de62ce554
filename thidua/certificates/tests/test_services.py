"""A decision's certificates: one PDF, a page per awardee in the decision's order, numbers given once."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from thidua.audit.models import AuditEntry
from thidua.certificates import services
from thidua.certificates.models import (
    CertificateLayout,
    CertificateNumber,
    FieldName,
    LayoutField,
    LayoutVersion,
    Printer,
)
from thidua.certificates.tests.helpers import issued_decision, page_size_mm, runs
from thidua.jobs.models import Job


@pytest.fixture
def layouts(world):
    return services.create_default_layouts(actor=world.user("board"), place="Khánh Hòa")


def test_default_layouts_are_a3_for_bang_khen_and_a4_for_giay_khen_and_cstdcs(layouts):
    sizes = {(x.award_type.code, x.recipient_kind): (x.paper_width_mm, x.paper_height_mm) for x in layouts}
    assert sizes[("BK_TINH", "individual")] == (420, 297)
    assert sizes[("GIAY_KHEN", "collective")] == (297, 210)
    assert sizes[("CSTDCS", "individual")] == (297, 210)
    assert all(x.fields.count() == len(FieldName) for x in layouts)


def test_a_decision_prints_one_page_per_awardee_in_its_order_with_its_numbers(world, layouts):
    decision = issued_decision(world, people=2, units=1)
    services.allocate_numbers(actor=world.user("board"), decision=decision)
    pdf = services.decision_pdf(decision)
    assert page_size_mm(pdf) == [(420.0, 297.0)] * 3
    pages = [" ".join(t.strip() for t, *_ in page) for page in runs(pdf)]
    # the collective first (I), then the individuals (II), as in the decision's list
    assert "SỞ TÀI CHÍNH" in pages[0] and "Tập thể" in pages[0] and "Số sổ vàng: 01" in pages[0]
    assert "NGUYỄN THỊ LAN" in pages[1] and "Bà" in pages[1] and "Số sổ vàng: 02" in pages[1]
    assert "TRẦN VĂN BÌNH" in pages[2] and "Ông" in pages[2] and "Số sổ vàng: 03" in pages[2]
    assert "Chuyên viên, Sở Nội vụ" in pages[1]
    assert "Số: 125/QĐ-UBND, ngày 15/01/2025" in pages[1]
    assert "Khánh Hòa, ngày 15 tháng 01 năm 2025" in pages[1]
    assert "CHỦ TỊCH" in pages[1] and "Trần Văn Hùng" in pages[1]
    text = PdfReader(io.BytesIO(pdf)).pages[1].extract_text()
    assert "Đã có thành tích xuất sắc trong công tác năm 2024" in text.replace("\n", " ")


def test_the_name_is_printed_where_the_layout_puts_it(world, layouts):
    decision = issued_decision(world, people=1, units=0)
    layout = CertificateLayout.objects.get(award_type=decision.award_type, recipient_kind="individual")
    field = layout.fields.get(name=FieldName.NAME)
    services.update_field(actor=world.user("board"), field=field, x_mm=123.4, y_mm=140, align="left")
    services.allocate_numbers(actor=world.user("board"), decision=decision)
    [page] = runs(services.decision_pdf(decision))
    [(x, y)] = [(x, y) for t, x, y, _ in page if t.strip() == "NGUYỄN THỊ LAN"]
    assert x == pytest.approx(123.4, abs=0.05) and y == pytest.approx(140, abs=0.05)
    printer = services.save_printer(actor=world.user("board"), name="HP tầng 2", dx_mm=-1, dy_mm=2)
    [page] = runs(services.decision_pdf(decision, printer=printer))
    [(x, y)] = [(x, y) for t, x, y, _ in page if t.strip() == "NGUYỄN THỊ LAN"]
    assert x == pytest.approx(122.4, abs=0.05) and y == pytest.approx(142, abs=0.05)


def test_numbers_are_given_once_and_kept(world, layouts):
    decision = issued_decision(world, people=2, units=1)
    first = services.allocate_numbers(actor=world.user("board"), decision=decision)
    again = services.allocate_numbers(actor=world.user("board"), decision=decision)
    assert first == again and sorted(first.values()) == [1, 2, 3]
    assert CertificateNumber.objects.filter(decision=decision).count() == 3


def test_the_job_draws_the_pdf_and_gives_the_numbers(world, layouts):
    decision = issued_decision(world, people=2, units=0)
    job = services.print_decision_certificates(actor=world.user("board"), decision=decision)
    job = Job.objects.get(pk=job.pk)
    assert job.kind == "certificates.decision" and job.status == "done", job.error
    assert job.done == job.total == 2
    with job.result.open("rb") as handle:
        assert len(PdfReader(handle).pages) == 2


def test_a_decision_without_a_layout_for_its_form_is_refused_and_nothing_is_numbered(world):
    decision = issued_decision(world, code="GIAY_KHEN", people=1, units=0)
    with pytest.raises(ValidationError, match="Chưa có mẫu in phôi cho Giấy khen"):
        services.print_decision_certificates(actor=world.user("board"), decision=decision)
    assert (
        not CertificateNumber.objects.exists()
        and not Job.objects.filter(kind="certificates.decision").exists()
    )


def test_a_layout_for_any_form_serves_a_form_without_its_own(world):
    services.create_layout(
        actor=world.user("board"),
        name="Chung",
        recipient_kind="individual",
        award_type=None,
        width_mm=297,
        height_mm=210,
    )
    decision = issued_decision(world, code="LDTT", people=1, units=0)
    services.allocate_numbers(actor=world.user("board"), decision=decision)
    assert page_size_mm(services.decision_pdf(decision)) == [(297.0, 210.0)]


def test_preview_draws_the_sample_and_calibration_has_the_grid(world, layouts):
    layout = layouts[0]
    text = " ".join(t.strip() for t, *_ in runs(services.preview_pdf(layout=layout))[0])
    assert "NGUYỄN THỊ HỒNG NHUNG" in text
    printer = Printer.objects.create(name="Canon", dx_mm=1, dy_mm=1)
    assert page_size_mm(services.calibration_pdf(layout=layout, printer=printer)) == [(420.0, 297.0)]


def test_min_size_larger_than_size_is_refused(world, layouts):
    field = LayoutField.objects.filter(layout=layouts[0])[0]
    with pytest.raises(ValidationError):
        services.update_field(actor=world.user("board"), field=field, size_pt=10, min_size_pt=12)


def test_millimetre_bounds_are_kept_on_paper_fields_and_offsets(world, layouts):
    layout = CertificateLayout.objects.get(pk=layouts[0].pk)
    layout.paper_width_mm = 40
    with pytest.raises(ValidationError) as error:
        layout.full_clean()
    assert "paper_width_mm" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.save_printer(actor=world.user("board"), name="Canon", dx_mm=60, dy_mm=0)
    assert "dx_mm" in error.value.message_dict and not Printer.objects.exists()
    field = LayoutField.objects.filter(layout=layouts[0])[0]
    with pytest.raises(ValidationError) as error:
        services.update_field(actor=world.user("board"), field=field, width_mm=2)
    assert "width_mm" in error.value.message_dict


def test_a_decision_prints_with_the_printer_scale_and_offset(world, layouts):
    decision = issued_decision(world, people=1, units=0)
    layout = CertificateLayout.objects.get(award_type=decision.award_type, recipient_kind="individual")
    field = layout.fields.get(name=FieldName.NAME)
    services.update_field(actor=world.user("board"), field=field, x_mm=100, y_mm=150, align="left")
    services.allocate_numbers(actor=world.user("board"), decision=decision)
    printer = services.save_printer(
        actor=world.user("board"), name="HP", dx_mm=-1, dy_mm=2, scale=Decimal("0.98")
    )
    assert printer.scale == Decimal("0.98")
    [page] = runs(services.decision_pdf(decision, printer=printer))
    [(x, y)] = [(x, y) for t, x, y, _ in page if t.strip() == "NGUYỄN THỊ LAN"]
    assert x == pytest.approx(100 * 0.98 - 1, abs=0.05) and y == pytest.approx(150 * 0.98 + 2, abs=0.05)


@pytest.mark.parametrize("scale", ["0.79", "1.21"])
def test_a_scale_outside_08_to_12_is_refused_in_vietnamese(world, scale):
    with pytest.raises(ValidationError) as error:
        services.save_printer(actor=world.user("board"), name="HP", dx_mm=0, dy_mm=0, scale=Decimal(scale))
    assert error.value.message_dict["scale"] == [
        "Tỉ lệ của máy in phải từ 0,8 đến 1,2 (1 là in đúng kích thước của mẫu)."
    ]
    assert not Printer.objects.exists()
    assert Printer.objects.model().scale == 1


def name_place(pdf, name):
    [page] = runs(pdf)
    [(x, y)] = [(x, y) for t, x, y, _ in page if t.strip() == name]
    return x, y


def test_a_reprint_uses_the_layout_version_of_the_first_print(world, layouts):
    board = world.user("board")
    first = issued_decision(world, people=1, units=0)
    layout = CertificateLayout.objects.get(award_type=first.award_type, recipient_kind="individual")
    name = layout.fields.get(name=FieldName.NAME)
    services.update_field(actor=board, field=name, x_mm=100, y_mm=150, align="left")
    services.print_decision_certificates(actor=board, decision=first)
    [v1] = LayoutVersion.objects.filter(layout=layout)
    assert v1.number == 1 and CertificateNumber.objects.get(decision=first).layout_version == v1
    assert name_place(services.decision_pdf(first), "NGUYỄN THỊ LAN") == pytest.approx((100, 150), abs=0.05)

    # the office moves the name and changes the place after the first print
    services.update_field(actor=board, field=layout.fields.get(name=FieldName.NAME), x_mm=120, y_mm=160)
    services.update_layout(actor=board, layout=CertificateLayout.objects.get(pk=layout.pk), place="Nha Trang")
    services.print_decision_certificates(actor=board, decision=first)  # a reprint
    reprint = services.decision_pdf(first)
    assert name_place(reprint, "NGUYỄN THỊ LAN") == pytest.approx((100, 150), abs=0.05)
    assert "Khánh Hòa, ngày 15 tháng 01 năm 2025" in " ".join(t for t, *_ in runs(reprint)[0])
    assert LayoutVersion.objects.filter(layout=layout).count() == 1

    # a decision printed after the edit gets version 2, and printing it again makes no version 3
    second = issued_decision(world, people=1, units=0, number="126/QĐ-UBND", year=2023)
    services.print_decision_certificates(actor=board, decision=second)
    services.print_decision_certificates(actor=board, decision=second)
    v2 = CertificateNumber.objects.get(decision=second).layout_version
    assert v2 is not None and v2.number == 2 and v2.data["place"] == "Nha Trang"
    assert LayoutVersion.objects.filter(layout=layout).count() == 2
    pdf = services.decision_pdf(second)
    assert name_place(pdf, "NGUYỄN THỊ LAN") == pytest.approx((120, 160), abs=0.05)
    assert "Nha Trang, ngày 15 tháng 01 năm 2025" in " ".join(t for t, *_ in runs(pdf)[0])
    assert AuditEntry.objects.filter(action="certificates.layout_freeze").count() == 2


def test_numbers_given_before_versions_get_the_current_one_at_the_next_print(world, layouts):
    decision = issued_decision(world, people=2, units=0)
    services.allocate_numbers(actor=world.user("board"), decision=decision)
    CertificateNumber.objects.update(layout_version=None)
    again = services.allocate_numbers(actor=world.user("board"), decision=decision)
    assert sorted(again.values()) == [1, 2]
    versions = set(CertificateNumber.objects.values_list("layout_version__number", flat=True))
    assert versions == {1}


def test_a_reprint_keeps_the_font_it_was_printed_in(world, layouts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.certificates.render import FONT_DIR

    board = world.user("board")
    decision = issued_decision(world, people=1, units=0)
    layout = CertificateLayout.objects.get(award_type=decision.award_type, recipient_kind="individual")
    italic = (FONT_DIR / "LiberationSerif-Italic.ttf").read_bytes()
    services.update_layout(actor=board, layout=layout, font=SimpleUploadedFile("office.ttf", italic))
    services.print_decision_certificates(actor=board, decision=decision)
    bold = (FONT_DIR / "LiberationSerif-Bold.ttf").read_bytes()
    services.update_layout(
        actor=board,
        layout=CertificateLayout.objects.get(pk=layout.pk),
        font=SimpleUploadedFile("office.ttf", bold),
    )
    resources: Any = PdfReader(io.BytesIO(services.decision_pdf(decision))).pages[0]["/Resources"]
    fonts = {str(ref.get_object()["/BaseFont"]) for ref in resources["/Font"].values()}
    fonts = {f.split("+")[-1] for f in fonts if "+" in f}
    assert fonts == {"LiberationSerif-Italic"}, fonts
