"""The pages: who may and who may not, the layout form, the preview and the decision's print button."""

from __future__ import annotations

import io
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from thidua.certificates import services
from thidua.certificates.models import CertificateLayout, CertificateNumber, FieldName, Printer
from thidua.certificates.tests.helpers import issued_decision, runs
from thidua.jobs.models import Job


def url(name, *args):
    return reverse(f"certificates:{name}", args=args)


@pytest.fixture
def layouts(world):
    return services.create_default_layouts(actor=world.user("board"), place="Khánh Hòa")


@pytest.mark.parametrize("persona", ["leader", "member", "outsider", "delegate", "observer"])
def test_only_the_board_sets_up_layouts_and_printers(world, login, layouts, persona):
    client = login(world.user(persona))
    layout = layouts[0]
    for address in (
        url("layout_list"),
        url("layout_edit", layout.pk),
        url("layout_preview_pdf", layout.pk),
        url("printer_list"),
    ):
        assert client.get(address).status_code == 403, address
    assert client.post(url("layout_defaults")).status_code == 403


def test_anonymous_is_sent_to_log_in(client, layouts):
    assert client.get(url("layout_list")).status_code == 302


def test_board_sees_the_layouts_and_their_preview(world, login, layouts):
    client = login(world.user("board"))
    page = client.get(url("layout_list")).content.decode()
    assert "Bằng khen — cá nhân (A3 ngang)" in page and "420 × 297" in page
    response = client.get(url("layout_preview_pdf", layouts[0].pk) + "?scan=0")
    assert response["Content-Type"] == "application/pdf"
    assert "NGUYỄN THỊ HỒNG NHUNG" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert client.get(url("calibration_pdf", layouts[0].pk))["Content-Type"] == "application/pdf"


def test_board_moves_a_field_from_the_edit_page(world, login, layouts):
    client = login(world.user("board"))
    layout = layouts[0]
    page = client.get(url("layout_edit", layout.pk))
    fields = page.context["fields"]
    data = {
        k: v
        for k, v in page.context["form"].initial.items()
        if v is not None and k not in ("background", "font")
    }
    data["award_type"] = layout.award_type_id
    data.update({"f-TOTAL_FORMS": len(fields.forms), "f-INITIAL_FORMS": len(fields.forms)})
    for i, sub in enumerate(fields.forms):
        data[f"f-{i}-id"] = sub.instance.pk
        for name, value in sub.initial.items():
            if name in sub.fields and value not in (None, False):
                data[f"f-{i}-{name}"] = value
        if sub.instance.name == FieldName.NAME:
            data[f"f-{i}-x_mm"] = "101.5"
    response = client.post(url("layout_edit", layout.pk), data)
    assert response.status_code == 302, response.context["fields"].errors if response.context else ""
    assert layout.fields.get(name=FieldName.NAME).x_mm == pytest.approx(101.5)


def test_a_font_that_is_not_truetype_is_refused_with_a_message(world, layouts):
    layout = CertificateLayout.objects.get(pk=layouts[0].pk)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="TrueType"):
        services.update_layout(
            actor=world.user("board"), layout=layout, font=SimpleUploadedFile("x.ttf", b"not a font")
        )
    assert not CertificateLayout.objects.get(pk=layout.pk).font


def test_the_office_font_is_embedded(world, layouts):
    from thidua.certificates.render import FONT_DIR

    layout = CertificateLayout.objects.get(pk=layouts[0].pk)
    data = (FONT_DIR / "LiberationSerif-Italic.ttf").read_bytes()
    services.update_layout(
        actor=world.user("board"), layout=layout, font=SimpleUploadedFile("office.ttf", data)
    )
    pdf = services.preview_pdf(layout=CertificateLayout.objects.get(pk=layout.pk), background=False)
    resources: Any = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    fonts = {str(ref.get_object()["/BaseFont"]) for ref in resources["/Font"].values()}
    # every field is set in the office's font (one face for all styles), none in the shipped faces
    assert {f.split("+")[-1] for f in fonts if "+" in f} == {"LiberationSerif-Italic"}, fonts
    assert any(t.strip() == "NGUYỄN THỊ HỒNG NHUNG" for t, *_ in runs(pdf)[0])


def test_issued_decision_page_has_the_print_button_and_it_runs_the_job(world, login, layouts):
    decision = issued_decision(world, people=2, units=1)
    printer = Printer.objects.create(name="HP tầng 2", dx_mm=1, dy_mm=0)
    client = login(world.user("board"))
    page = client.get(reverse("proposals:decision", args=[decision.pk])).content.decode()
    assert 'id="certificates-print"' in page and "HP tầng 2" in page
    response = client.post(url("decision_print", decision.pk), {"printer": printer.pk})
    job = Job.objects.get(kind="certificates.decision")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == "done" and job.params["printer_id"] == printer.pk
    assert CertificateNumber.objects.filter(decision=decision).count() == 3


@pytest.mark.parametrize("persona", ["member", "observer", "leader"])
def test_others_cannot_print_a_decisions_certificates(world, login, layouts, persona):
    decision = issued_decision(world, people=1, units=0)
    response = login(world.user(persona)).post(url("decision_print", decision.pk))
    assert response.status_code in (403, 404)
    assert not CertificateNumber.objects.exists()
    page = login(world.user(persona)).get(reverse("proposals:decision", args=[decision.pk]))
    assert page.status_code != 200 or 'id="certificates-print"' not in page.content.decode()


def test_printing_without_a_layout_says_what_to_do(world, login):
    decision = issued_decision(world, code="GIAY_KHEN", people=1, units=0)
    response = login(world.user("board")).post(url("decision_print", decision.pk), follow=True)
    assert "layout" in response.content.decode().lower() or "mẫu" in response.content.decode()
    assert not Job.objects.filter(kind="certificates.decision").exists()


def test_board_sets_a_printer_scale_on_the_printers_page(world, login):
    client = login(world.user("board"))
    data = {"name": "Canon tầng 3", "dx_mm": "0.5", "dy_mm": "-1", "scale": "1.5"}
    page = client.post(url("printer_list"), data).content.decode()
    assert "Tỉ lệ của máy in phải từ 0,8 đến 1,2" in page.replace("&#x27;", "'")
    assert not Printer.objects.exists()
    assert client.post(url("printer_list"), {**data, "scale": "0.97"}).status_code == 302
    assert str(Printer.objects.get().scale) == "0.97"


def latin_only_font() -> bytes:
    """The shipped serif cut down by ReportLab's subsetter to one 256-code table: the plain letters
    stay, the accented ones go (a font made without Vietnamese)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from thidua.certificates.render import FONT_DIR

    return cast(
        "bytes", TTFontFile(str(FONT_DIR / "LiberationSerif-Regular.ttf")).makeSubset(list(range(256)))
    )


def test_a_font_without_the_vietnamese_letters_is_refused_naming_them(world, layouts):
    from django.core.exceptions import ValidationError

    from thidua.certificates.render import missing_letters

    data = latin_only_font()
    assert missing_letters(data)[:2] == ["À", "Á"] and "A" not in missing_letters(data)
    layout = CertificateLayout.objects.get(pk=layouts[0].pk)
    with pytest.raises(ValidationError) as error:
        services.update_layout(
            actor=world.user("board"), layout=layout, font=SimpleUploadedFile("latin.ttf", data)
        )
    [message] = error.value.message_dict["font"]
    assert message.startswith("Phông chữ này thiếu các chữ tiếng Việt")
    named = message.split(":")[0].split(" ")
    for letter in "ạ ầ ẫ ệ ợ ữ Đ đ ă ơ ư".split():
        assert letter in named, letter
    assert "(134 chữ)" in message
    assert not CertificateLayout.objects.get(pk=layout.pk).font


def test_the_edit_page_says_which_letters_the_font_lacks(world, login, layouts):
    client = login(world.user("board"))
    layout = layouts[0]
    page = client.get(url("layout_edit", layout.pk))
    data = {
        k: v
        for k, v in page.context["form"].initial.items()
        if v is not None and k not in ("background", "font")
    }
    data.update({"award_type": layout.award_type_id, "f-TOTAL_FORMS": 0, "f-INITIAL_FORMS": 0})
    data["font"] = SimpleUploadedFile("latin.ttf", latin_only_font())
    response = client.post(url("layout_edit", layout.pk), data)
    assert response.status_code == 200
    assert "Phông chữ này thiếu các chữ tiếng Việt" in response.content.decode()
    assert "ợ" in response.content.decode()
    assert not CertificateLayout.objects.get(pk=layout.pk).font


def scan_png(width_mm: float, height_mm: float) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (int(width_mm * 2), int(height_mm * 2)), (250, 240, 200)).save(out, "PNG")
    return out.getvalue()


def test_the_preview_page_frames_the_sample_on_the_scan_and_only_that_pdf_may_be_framed(
    world, login, layouts
):
    board = world.user("board")
    layout = CertificateLayout.objects.get(pk=layouts[0].pk)
    services.update_layout(
        actor=board,
        layout=layout,
        background=SimpleUploadedFile("phoi.png", scan_png(420, 297), content_type="image/png"),
    )
    client = login(board)
    page = client.get(url("layout_preview", layout.pk))
    source = url("layout_preview_pdf", layout.pk)
    assert f'<iframe id="preview-frame" src="{source}"' in page.content.decode()
    # the page itself may be framed by nobody, as every other page
    assert page["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in page["Content-Security-Policy"]

    framed = client.get(source)
    assert framed.status_code == 200 and framed["Content-Type"] == "application/pdf"
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    policy = framed["Content-Security-Policy"]
    assert (
        "frame-ancestors 'self'" in policy
        and "'none'" not in policy.split("frame-ancestors")[1].split(";")[0]
    )
    assert "default-src 'self'" in policy  # the rest of the policy stays

    def images(data: bytes) -> int:
        return len(PdfReader(io.BytesIO(data)).pages[0].images)

    assert images(framed.content) == 1  # the scan underneath
    printed = client.get(source + "?scan=0")
    assert images(printed.content) == 0  # printed on a real blank without it
    assert "NGUYỄN THỊ HỒNG NHUNG" in PdfReader(io.BytesIO(printed.content)).pages[0].extract_text()
    assert client.get(url("layout_list"))["X-Frame-Options"] == "DENY"


def test_the_edit_page_says_which_version_was_last_printed(world, login, layouts):
    decision = issued_decision(world, people=1, units=0)
    layout = CertificateLayout.objects.get(award_type=decision.award_type, recipient_kind="individual")
    client = login(world.user("board"))
    assert 'id="layout-version"' not in client.get(url("layout_edit", layout.pk)).content.decode()
    services.print_decision_certificates(actor=world.user("board"), decision=decision)
    page = client.get(url("layout_edit", layout.pk)).content.decode()
    version = CertificateNumber.objects.get(decision=decision).layout_version
    assert version is not None
    day = timezone.localtime(version.frozen_at)
    assert f"Đã in lần gần nhất theo phiên bản 1 ngày {day:%d/%m/%Y}" in page


@pytest.mark.parametrize("printer", ["abc", "999999"])
def test_a_printer_that_does_not_exist_is_named_and_nothing_is_printed(world, login, layouts, printer):
    decision = issued_decision(world, people=1, units=0)
    client = login(world.user("board"))
    response = client.post(url("decision_print", decision.pk), {"printer": printer}, follow=True)
    assert "Máy in này không có trong danh sách" in response.content.decode()
    assert not Job.objects.filter(kind="certificates.decision").exists()
    assert not CertificateNumber.objects.exists()
    page = client.get(url("layout_preview", layouts[0].pk), {"printer": printer}).content.decode()
    assert "Máy in này không có trong danh sách" in page
    for name in ("layout_preview_pdf", "calibration_pdf"):
        assert client.get(url(name, layouts[0].pk), {"printer": printer}).status_code == 400
    real = Printer.objects.create(name="HP tầng 2", dx_mm=1, dy_mm=0)
    calibration = client.get(url("calibration_pdf", layouts[0].pk), {"printer": real.pk})
    assert calibration.status_code == 200 and calibration["Content-Type"] == "application/pdf"


def test_the_usual_layouts_refuse_a_place_too_long_and_add_nothing(world, login):
    client = login(world.user("board"))
    response = client.post(url("layout_defaults"), {"place": "x" * 121}, follow=True)
    assert "120" in response.content.decode() and not CertificateLayout.objects.exists()
    client.post(url("layout_defaults"), {"place": " Khánh Hòa "})
    assert set(CertificateLayout.objects.values_list("place", flat=True)) == {"Khánh Hòa"}
