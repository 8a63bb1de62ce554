"""Services of the certificates: the layouts the office sets up, the sổ vàng numbers of a decision,
and the PDFs (one for a whole issued decision, run as the job `certificates.decision`; a preview of a
layout on its scan; the calibration page)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.awards.models import AwardType
from thidua.certificates import render
from thidua.certificates.audit_actions import CertificateAction
from thidua.certificates.models import (
    CertificateLayout,
    CertificateNumber,
    FieldName,
    LayoutField,
    LayoutVersion,
    Printer,
    RecipientKind,
)
from thidua.jobs.services import enqueue
from thidua.orgs.models import Position
from thidua.proposals.models import Decision, DecisionLine, DecisionStatus

# Field defaults for a blank of `width` x `height` mm, read from the blanks of NĐ 98/2023 Art 104
# (outputs.md §4.1): the name and the achievement in the middle band, the decision and sổ vàng number
# bottom-left, place and date and the signer bottom-right. (x, y, width as fractions of the paper,
# size, min size, max lines, bold, italic, upper, align)
_DEFAULT_FIELDS: dict[str, tuple[float, float, float, float, float, int, bool, bool, bool, str]] = {
    FieldName.SALUTATION: (0.12, 0.50, 0.14, 16, 12, 1, False, True, False, "left"),
    FieldName.NAME: (0.25, 0.50, 0.60, 22, 14, 1, True, False, True, "center"),
    FieldName.POSITION_UNIT: (0.15, 0.57, 0.70, 15, 11, 2, False, False, False, "center"),
    FieldName.ACHIEVEMENT: (0.15, 0.65, 0.70, 15, 11, 3, False, True, False, "center"),
    FieldName.DECISION: (0.08, 0.86, 0.38, 12, 9, 1, True, True, False, "left"),
    FieldName.BOOK_NUMBER: (0.08, 0.90, 0.38, 12, 9, 1, True, True, False, "left"),
    FieldName.PLACE_DATE: (0.52, 0.80, 0.40, 13, 10, 1, True, True, False, "center"),
    FieldName.SIGNER_TITLE: (0.52, 0.84, 0.40, 13, 10, 2, True, False, True, "center"),
    FieldName.SIGNER_NAME: (0.52, 0.96, 0.40, 14, 11, 1, True, False, False, "center"),
}

# The papers of the default layouts (outputs.md §4.1-4.2): Bằng khen on A3, Giấy khen and the
# CSTĐCS certificate on A4, landscape.
DEFAULT_LAYOUTS: list[tuple[str, str, str, int, int]] = [
    ("BK_TINH", RecipientKind.INDIVIDUAL, "Bằng khen — cá nhân (A3 ngang)", 420, 297),
    ("BK_TINH", RecipientKind.COLLECTIVE, "Bằng khen — tập thể (A3 ngang)", 420, 297),
    ("GIAY_KHEN", RecipientKind.INDIVIDUAL, "Giấy khen — cá nhân (A4 ngang)", 297, 210),
    ("GIAY_KHEN", RecipientKind.COLLECTIVE, "Giấy khen — tập thể (A4 ngang)", 297, 210),
    ("CSTDCS", RecipientKind.INDIVIDUAL, "Chiến sĩ thi đua cơ sở (A4 ngang)", 297, 210),
]


def _mm(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


@transaction.atomic
def create_layout(
    *,
    actor: Actor,
    name: str,
    recipient_kind: str,
    award_type: AwardType | None,
    width_mm: float,
    height_mm: float,
    place: str = "",
) -> CertificateLayout:
    """A layout with every field placed where the statutory blank carries it; the office then moves
    them to its own blank."""
    layout = CertificateLayout(
        name=name,
        award_type=award_type,
        recipient_kind=recipient_kind,
        paper_width_mm=_mm(width_mm),
        paper_height_mm=_mm(height_mm),
        place=place,
    )
    layout.full_clean()
    layout.save()
    for field, (fx, fy, fw, size, least, lines, bold, italic, upper, align) in _DEFAULT_FIELDS.items():
        LayoutField.objects.create(
            layout=layout,
            name=field,
            x_mm=_mm(fx * width_mm),
            y_mm=_mm(fy * height_mm),
            width_mm=_mm(fw * width_mm),
            size_pt=Decimal(str(size)),
            min_size_pt=Decimal(str(least)),
            max_lines=lines,
            bold=bold,
            italic=italic,
            upper=upper,
            align=align,
        )
    record(actor=actor, action=CertificateAction.LAYOUT_CREATE, obj=layout, after=snapshot(layout))
    return layout


def create_default_layouts(*, actor: Actor, place: str = "") -> list[CertificateLayout]:
    """The layouts of the usual blanks, for the forms that have none yet."""
    made = []
    for code, kind, name, width, height in DEFAULT_LAYOUTS:
        award_type = AwardType.objects.filter(code=code).first()
        if (
            award_type is None
            or CertificateLayout.objects.filter(award_type=award_type, recipient_kind=kind).exists()
        ):
            continue
        made.append(
            create_layout(
                actor=actor,
                name=name,
                recipient_kind=kind,
                award_type=award_type,
                width_mm=width,
                height_mm=height,
                place=place,
            )
        )
    return made


@transaction.atomic
def update_layout(*, actor: Actor, layout: CertificateLayout, **changes: Any) -> CertificateLayout:
    """Changes of a layout's paper, place, scan or font; an uploaded font must be a TrueType file
    (the office's own licensed font, embedded in the PDFs) with every Vietnamese letter, or the names
    would print with empty boxes."""
    before = snapshot(layout)
    for name, value in changes.items():
        if name in ("background", "font"):
            if value is None or value == getattr(layout, name):
                continue
            if value is False:
                value = ""
            elif name == "font":
                data = value.read()
                value.seek(0)
                try:
                    missing = render.missing_letters(data)
                except Exception as error:
                    raise ValidationError({"font": _("This file is not a TrueType font (.ttf).")}) from error
                if missing:
                    raise ValidationError(
                        {
                            "font": _(
                                "This font has no Vietnamese letters %(letters)s (%(count)s in all): "
                                "upload a Unicode font made for Vietnamese that has every letter."
                            )
                            % {"letters": " ".join(missing), "count": len(missing)}
                        }
                    )
        setattr(layout, name, value)
    layout.full_clean()
    layout.save()
    record(
        actor=actor, action=CertificateAction.LAYOUT_UPDATE, obj=layout, before=before, after=snapshot(layout)
    )
    return layout


@transaction.atomic
def update_field(*, actor: Actor, field: LayoutField, **changes: Any) -> LayoutField:
    before = snapshot(field)
    for name, value in changes.items():
        if isinstance(value, float | int) and not isinstance(value, bool) and name != "max_lines":
            value = Decimal(str(value))
        setattr(field, name, value)
    if field.min_size_pt is not None and field.size_pt is not None and field.min_size_pt > field.size_pt:
        raise ValidationError({"min_size_pt": _("The smallest size must not be larger than the font size.")})
    field.full_clean()
    field.save()
    record(
        actor=actor, action=CertificateAction.FIELD_UPDATE, obj=field, before=before, after=snapshot(field)
    )
    return field


@transaction.atomic
def save_printer(
    *,
    actor: Actor,
    name: str,
    dx_mm: Decimal | float,
    dy_mm: Decimal | float,
    scale: Decimal | float | None = None,
    printer: Printer | None = None,
) -> Printer:
    """A printer's offset and scale as measured on the calibration page; a scale outside 0.8–1.2 is
    refused (a printer that far off is set up wrong, e.g. "fit to page")."""
    before = snapshot(printer) if printer else None
    printer = printer or Printer()
    printer.name = name.strip()
    printer.dx_mm, printer.dy_mm = Decimal(str(dx_mm)), Decimal(str(dy_mm))
    if scale is not None:
        printer.scale = Decimal(str(scale))
    printer.full_clean()
    printer.save()
    record(
        actor=actor,
        action=CertificateAction.PRINTER_SAVE,
        obj=printer,
        before=before,
        after=snapshot(printer),
    )
    return printer


# -- what a certificate says ----------------------------------------------------------------------


def ordered_lines(decision: Decision) -> list[DecisionLine]:
    """The awardees in the decision's order: its attached list, collectives (I) then individuals (II),
    each in the list's order."""
    lines = list(decision.lines.select_related("person", "unit__parent").order_by("position", "id"))
    return [line for line in lines if line.unit_id] + [line for line in lines if line.person_id]


def layout_for(decision: Decision, kind: str) -> CertificateLayout | None:
    return (
        CertificateLayout.objects.filter(award_type=decision.award_type, recipient_kind=kind).first()
        or CertificateLayout.objects.filter(award_type__isnull=True, recipient_kind=kind).first()
    )


def _kind(line: DecisionLine) -> str:
    return RecipientKind.COLLECTIVE if line.unit_id else RecipientKind.INDIVIDUAL


def vn_long_date(day: datetime.date) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def certificate_values(decision: Decision, line: DecisionLine, number: int, place: str) -> dict[str, str]:
    """The variable text of one certificate (outputs.md §4.1): salutation by sex or "Tập thể", the
    position and unit held on the decision's date, the wording of the line, "Số: …, ngày dd/mm/yyyy",
    "Số sổ vàng: 07" (the awardee's place in the decision, NĐ 98/2023 Art 104 [C-hist])."""
    if line.person_id:
        person = line.person
        assert person is not None
        salutation = "Ông" if person.gender == "male" else "Bà"
        name = person.full_name
        held = (
            Position.objects.filter(person=person, start__lte=decision.date)
            .select_related("unit")
            .order_by("-start", "-id")
        )
        current = next((p for p in held if p.covers(decision.date)), None) or held.first()
        position_unit = f"{current.title}, {current.unit.name}" if current else ""
    else:
        unit = line.unit
        assert unit is not None
        salutation = "Tập thể"
        name = unit.name
        position_unit = unit.parent.name if unit.parent_id and unit.parent else ""
    wording = line.wording or (
        line.dossier_line.wording if line.dossier_line_id and line.dossier_line else ""
    )
    if not wording:
        wording = f"Đã có thành tích xuất sắc trong công tác năm {decision.year}"
    return {
        FieldName.SALUTATION: salutation,
        FieldName.NAME: name,
        FieldName.POSITION_UNIT: position_unit,
        FieldName.ACHIEVEMENT: wording,
        FieldName.DECISION: f"Số: {decision.number}, ngày {decision.date:%d/%m/%Y}",
        FieldName.BOOK_NUMBER: f"Số sổ vàng: {number:02d}",
        FieldName.PLACE_DATE: f"{place}, {vn_long_date(decision.date)}"
        if place
        else vn_long_date(decision.date).capitalize(),
        FieldName.SIGNER_TITLE: decision.signer_title,
        FieldName.SIGNER_NAME: decision.signer_name,
    }


SAMPLE: dict[str, str] = {
    FieldName.SALUTATION: "Bà",
    FieldName.NAME: "Nguyễn Thị Hồng Nhung",
    FieldName.POSITION_UNIT: "Chuyên viên chính Phòng Thi đua - Khen thưởng, Sở Nội vụ",
    FieldName.ACHIEVEMENT: "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2025, góp phần vào sự nghiệp xây dựng và bảo vệ Tổ quốc",
    FieldName.DECISION: "Số: 125/QĐ-UBND, ngày 15/01/2026",
    FieldName.BOOK_NUMBER: "Số sổ vàng: 07",
    FieldName.PLACE_DATE: "Khánh Hòa, ngày 15 tháng 01 năm 2026",
    FieldName.SIGNER_TITLE: "Chủ tịch",
    FieldName.SIGNER_NAME: "Trần Văn Hùng",
}


def _font_named(layout_pk: int, name: str) -> str:
    if not name:
        return render.DEFAULT_FONT
    with default_storage.open(name, "rb") as handle:
        return render.register_uploaded_font(f"Office{layout_pk}-{name[-40:]}", handle.read())


def _font_of(layout: CertificateLayout) -> str:
    return _font_named(layout.pk, layout.font.name if layout.font else "")


def _background(layout: CertificateLayout) -> bytes | None:
    if not layout.background:
        return None
    layout.background.open("rb")
    try:
        return bytes(layout.background.read())
    finally:
        layout.background.close()


def page_of(layout: CertificateLayout, values: Mapping[str, str], *, background: bool = False) -> render.Page:
    return render.Page(
        width_mm=float(layout.paper_width_mm),
        height_mm=float(layout.paper_height_mm),
        fields=[render.FieldSpec.of(field) for field in layout.fields.all()],
        values={str(k): v for k, v in values.items()},
        background=_background(layout) if background else None,
        font=_font_of(layout),
    )


# -- layout versions ------------------------------------------------------------------------------


def layout_data(layout: CertificateLayout) -> dict[str, Any]:
    """What a certificate printed on `layout` depends on, as JSON: the paper, the place, the font's
    stored file (an uploaded font keeps its file when replaced) and every field."""
    return {
        "width_mm": float(layout.paper_width_mm),
        "height_mm": float(layout.paper_height_mm),
        "place": layout.place,
        "font": layout.font.name if layout.font else "",
        "fields": [dataclasses.asdict(render.FieldSpec.of(field)) for field in layout.fields.order_by("id")],
    }


def last_version(layout: CertificateLayout) -> LayoutVersion | None:
    return LayoutVersion.objects.filter(layout=layout).order_by("-number").first()


@transaction.atomic
def freeze_layout(*, actor: Actor, layout: CertificateLayout) -> LayoutVersion:
    """The version `layout` prints as now: its latest one when nothing has changed since, otherwise a
    new one (1, 2, …), so what was printed stays as it was printed."""
    CertificateLayout.objects.select_for_update().filter(pk=layout.pk).first()
    data = layout_data(layout)
    latest = last_version(layout)
    if latest is not None and latest.data == data:
        return latest
    version = LayoutVersion.objects.create(
        layout=layout, number=latest.number + 1 if latest else 1, data=data
    )
    record(actor=actor, action=CertificateAction.LAYOUT_FREEZE, obj=version, after=snapshot(version))
    return version


def page_of_version(version: LayoutVersion, values: Mapping[str, str]) -> render.Page:
    data = version.data
    return render.Page(
        width_mm=float(data["width_mm"]),
        height_mm=float(data["height_mm"]),
        fields=[render.FieldSpec(**field) for field in data["fields"]],
        values={str(k): v for k, v in values.items()},
        font=_font_named(version.layout_id, data["font"]),
    )


def placement(printer: Printer | None) -> dict[str, Decimal]:
    """How a printer moves the drawing: its offset and scale (none without a printer)."""
    if printer is None:
        return {"dx_mm": Decimal(0), "dy_mm": Decimal(0), "scale": Decimal(1)}
    return {"dx_mm": printer.dx_mm, "dy_mm": printer.dy_mm, "scale": printer.scale}


def preview_pdf(
    *, layout: CertificateLayout, background: bool = True, printer: Printer | None = None
) -> bytes:
    """The layout filled with a sample awardee; with the scan of the blank underneath to check the
    places, or without it (and with the printer's offset) to print a test on a real blank."""
    page = page_of(layout, SAMPLE, background=background)
    if background:
        return render.render([page])
    return render.render([page], **placement(printer))


def calibration_pdf(*, layout: CertificateLayout, printer: Printer | None = None) -> bytes:
    return render.calibration(
        float(layout.paper_width_mm),
        float(layout.paper_height_mm),
        **placement(printer),
    )


# -- a decision's certificates --------------------------------------------------------------------


def numbers_of(decision: Decision) -> dict[int, int]:
    return dict(CertificateNumber.objects.filter(decision=decision).values_list("line_id", "number"))


@transaction.atomic
def allocate_numbers(*, actor: Actor, decision: Decision) -> dict[int, int]:
    """The sổ vàng numbers of the decision's awardees, 1, 2, … in the decision's order: given once,
    the first time, and the same on every later print. Each keeps the version of its layout it was
    first printed on (frozen now if the layout has changed since its last print)."""
    Decision.objects.select_for_update().filter(pk=decision.pk).first()
    given = numbers_of(decision)
    lines = ordered_lines(decision)
    unversioned = set(
        CertificateNumber.objects.filter(decision=decision, layout_version__isnull=True).values_list(
            "line_id", flat=True
        )
    )
    if given and len(given) == len(lines) and not unversioned:
        return given
    versions: dict[str, LayoutVersion] = {}

    def version_for(line: DecisionLine) -> LayoutVersion | None:
        kind = _kind(line)
        if kind not in versions:
            layout = layout_for(decision, kind)
            if layout is None:
                return None
            versions[kind] = freeze_layout(actor=actor, layout=layout)
        return versions[kind]

    following = max(given.values(), default=0)
    for line in lines:
        if line.pk not in given:
            following += 1
            CertificateNumber.objects.create(
                decision=decision, line=line, number=following, layout_version=version_for(line)
            )
            given[line.pk] = following
        elif line.pk in unversioned:
            CertificateNumber.objects.filter(line=line).update(layout_version=version_for(line))
    record(
        actor=actor,
        action=CertificateAction.NUMBERS,
        obj=decision,
        after={"numbers": {str(k): v for k, v in sorted(given.items(), key=lambda kv: kv[1])}},
    )
    return given


def check_printable(decision: Decision) -> None:
    if decision.status != DecisionStatus.ISSUED:
        raise ValidationError(_("Only an issued decision has certificates to print."))
    lines = ordered_lines(decision)
    if not lines:
        raise ValidationError(_("This decision names nobody."))
    missing = sorted(
        {str(RecipientKind(_kind(line)).label) for line in lines if layout_for(decision, _kind(line)) is None}
    )
    if missing:
        raise ValidationError(
            _("No certificate layout for %(form)s (%(kinds)s): add one on the layouts page first.")
            % {"form": decision.award_type.name, "kinds": ", ".join(missing)}
        )


@transaction.atomic
def print_decision_certificates(*, actor: Actor, decision: Decision, printer: Printer | None = None) -> Any:
    """Gives the numbers (once) and starts the job that draws one PDF for the whole decision."""
    check_printable(decision)
    allocate_numbers(actor=actor, decision=decision)
    return enqueue(
        "certificates.decision",
        actor=actor,
        decision_id=decision.pk,
        printer_id=printer.pk if printer else None,
    )


def decision_pdf(decision: Decision, *, printer: Printer | None = None, progress: Any = None) -> bytes:
    """One PDF, a page per awardee in the decision's order, each on the version of its layout it was
    first printed on (a reprint looks like the first print), without the scan and with the printer's
    scale and offset."""
    check_printable(decision)
    given = {
        number.line_id: number
        for number in CertificateNumber.objects.filter(decision=decision).select_related("layout_version")
    }
    pages = []
    layouts: dict[str, CertificateLayout] = {}
    for line in ordered_lines(decision):
        if line.pk not in given:
            raise ValidationError(_("The certificate numbers of this decision have not been given yet."))
        number = given[line.pk]
        version = number.layout_version
        if version is not None:
            values = certificate_values(decision, line, number.number, version.data["place"])
            pages.append(page_of_version(version, values))
            continue
        kind = _kind(line)
        if kind not in layouts:
            found = layout_for(decision, kind)
            assert found is not None
            layouts[kind] = found
        layout = layouts[kind]
        pages.append(page_of(layout, certificate_values(decision, line, number.number, layout.place)))
    return render.render(pages, progress=progress, **placement(printer))


def run_decision_certificates(job_run: Any, *, decision_id: int, printer_id: int | None = None) -> None:
    """The job `certificates.decision`."""
    decision = Decision.objects.select_related("award_type").get(pk=decision_id)
    printer = Printer.objects.filter(pk=printer_id).first() if printer_id else None
    total = decision.lines.count()
    job_run.progress(done=0, total=total, message=_("Drawing the certificates"))
    pdf = decision_pdf(
        decision, printer=printer, progress=lambda done: job_run.progress(done=done, total=total)
    )
    job_run.save_result(f"giay-chung-nhan-{decision.pk}.pdf", pdf)
    job_run.progress(done=total, total=total, message=_("Done"))
