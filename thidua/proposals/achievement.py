"""The báo cáo thành tích of a dossier line (R-DOS-02; NĐ 152/2025 Mẫu 05 for an individual, the
Mẫu 04 shape for a collective; outputs.md §1.1): its three sections prefilled from the history and
written by the documents engine's report template.

- I. Sơ lược lý lịch (a person: name, birth, gender, position and unit) or Sơ lược đặc điểm, tình
  hình (a collective: name, managing unit, founding).
- II. Thành tích đạt được: the duties and results (the unit writes them), the ratings of the last
  years and the initiatives with the document that recognised them.
- III. Các hình thức đã được khen thưởng: one line "year | title or form | decision" per earlier
  award record not voided; such lines print as a table.

Reading only; `services.save_achievement_report` stores what the unit edits.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from thidua.accounts.types import Actor
from thidua.awards.models import AwardKind, AwardRecord, Initiative, PerformanceRating
from thidua.documents.contexts import Section, Table, build_report_context
from thidua.documents.render import render_docx
from thidua.documents.styles import Signature, letterhead_for_unit
from thidua.orgs.models import Person, Position, Unit
from thidua.orgs.permissions import shows_personal_ids
from thidua.proposals.models import AchievementReport, DossierLine
from thidua.proposals.papers import signature_for

SEPARATOR = " | "
# How far back the ratings are told (the titles look at up to 5 years, CSTĐ tỉnh at 3 CSTĐCS).
RATING_YEARS = 5
AWARD_HEADER = ("Năm", "Danh hiệu, hình thức khen thưởng", "Số, ngày quyết định; cơ quan ban hành")


@dataclass(frozen=True)
class Draft:
    """The three sections' text (the unit edits them before submission)."""

    profile: str
    achievements: str
    awards: str


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _held(person: Person, on: datetime.date) -> Position | None:
    positions = list(Position.objects.filter(person=person).select_related("unit").order_by("-start"))
    return next((p for p in positions if p.covers(on)), None) or (positions[0] if positions else None)


def _profile(line: DossierLine, on: datetime.date) -> str:
    if line.person_id:
        person: Person = line.person  # type: ignore[assignment]
        held = _held(person, on)
        rows = [
            f"- Họ và tên: {person.full_name}",
            f"- Sinh ngày: {_day(person.birth_date)}" if person.birth_date else "- Sinh ngày: ",
            f"- Giới tính: {person.get_gender_display()}",
            f"- Chức vụ: {held.title}" if held else "- Chức vụ: ",
            f"- Đơn vị công tác: {held.unit.name}" if held else "- Đơn vị công tác: ",
            "- Quê quán: ",
            "- Trình độ chuyên môn, nghiệp vụ: ",
        ]
        return "\n".join(rows)
    unit: Unit = line.unit  # type: ignore[assignment]
    rows = [
        f"- Tên tập thể: {unit.name}",
        f"- Đơn vị cấp trên trực tiếp: {unit.parent.name}" if unit.parent_id and unit.parent else "",
        f"- Ngày thành lập: {_day(unit.active_from)}" if unit.active_from else "- Ngày thành lập: ",
        "- Chức năng, nhiệm vụ được giao: ",
        "- Cơ cấu tổ chức, số cán bộ, công chức, viên chức, người lao động: ",
    ]
    return "\n".join(row for row in rows if row)


def _owner(line: DossierLine) -> dict[str, Any]:
    return {"person_id": line.person_id} if line.person_id else {"unit_id": line.unit_id}


def _achievements(line: DossierLine) -> str:
    rows = [
        "1. Nhiệm vụ được giao: ",
        "2. Kết quả thực hiện nhiệm vụ (các chỉ tiêu, số liệu so với kế hoạch): ",
    ]
    ratings = PerformanceRating.objects.filter(
        **_owner(line), year__lte=line.year, year__gt=line.year - RATING_YEARS
    ).order_by("year")
    number = 3
    if ratings:
        rows.append(f"{number}. Kết quả đánh giá, xếp loại:")
        rows += [f"- Năm {r.year}: {r.get_rating_display()}" for r in ratings]
        number += 1
    if line.person_id:
        initiatives = Initiative.objects.filter(person_id=line.person_id, year__lte=line.year).order_by(
            "year"
        )
        if initiatives:
            rows.append(f"{number}. Sáng kiến, đề tài khoa học:")
            for item in initiatives:
                recognised = ", ".join(
                    part
                    for part in (
                        f"Quyết định số {item.decision_number}" if item.decision_number else "",
                        item.recognised_by,
                    )
                    if part
                )
                rows.append(
                    f"- {item.title} ({item.get_kind_display()}, cấp {item.get_level_display().lower()}, "
                    f"năm {item.year}" + (f"; {recognised}" if recognised else "") + ")"
                )
    return "\n".join(rows)


def _awards(line: DossierLine) -> str:
    records = (
        AwardRecord.objects.filter(**_owner(line), year__lt=line.year, voided_at__isnull=True)
        .select_related("award_type")
        .order_by("award_type__kind", "year", "id")
    )
    rows: list[str] = []
    for kind, heading in (
        (AwardKind.TITLE, "1. Danh hiệu thi đua:"),
        (AwardKind.FORM, "2. Hình thức khen thưởng:"),
    ):
        mine = [r for r in records if r.award_type.kind == kind]
        if not mine:
            continue
        rows.append(heading)
        for r in mine:
            decision = ", ".join(
                part
                for part in (
                    f"Quyết định số {r.decision_number}" if r.decision_number else "",
                    f"ngày {_day(r.decision_date)}" if r.decision_date else "",
                    f"của {r.decision_authority}" if r.decision_authority else "",
                )
                if part
            )
            rows.append(SEPARATOR.join((str(r.year), r.award_type.name, decision or "—")))
    return "\n".join(rows) if rows else "Chưa được khen thưởng."


def prefill(line: DossierLine, on: datetime.date | None = None) -> Draft:
    """The report as the history tells it (in Vietnamese, whatever the user's language)."""
    on = on or datetime.date(line.year, 12, 31)
    with translation.override("vi"):
        return Draft(_profile(line, on), _achievements(line), _awards(line))


def draft_of(line: DossierLine, viewer: Actor = None) -> Draft:
    """The saved report of the line, else the prefilled one. For a `viewer` who may not read the
    person's birth date (observers, a block leader's officer for another member's people), the
    "Sinh ngày" line is blanked, on the page and in the DOCX (the product's rule for personal data)."""
    report = AchievementReport.objects.filter(line=line).first()
    draft = prefill(line) if report is None else Draft(report.profile, report.achievements, report.awards)
    if viewer is not None and line.person_id and not shows_personal_ids(viewer, line.person):  # type: ignore[arg-type]
        profile = "\n".join(
            BIRTH_HIDDEN if row.strip().startswith("- Sinh ngày") else row
            for row in draft.profile.split("\n")
        )
        draft = Draft(profile, draft.achievements, draft.awards)
    return draft


BIRTH_HIDDEN = "- Sinh ngày: (không hiển thị với người xem này)"


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(row.strip() for row in text.splitlines() if row.strip())


def _award_sections(heading: str, text: str) -> list[Section]:
    """Section III: "year | title | decision" lines as a table, other lines as paragraphs; text after
    a table starts a new section without a heading (the engine's rule)."""
    sections: list[Section] = []
    paragraphs: list[str] = []
    rows: list[tuple[str, ...]] = []
    title = heading

    def flush() -> None:
        nonlocal paragraphs, rows, title
        if paragraphs or rows or title:
            table = Table(AWARD_HEADER, tuple(rows)) if rows else None
            sections.append(Section(title, tuple(paragraphs), table))
        paragraphs, rows, title = [], [], ""

    for row in _paragraphs(text):
        cells = tuple(cell.strip() for cell in row.split("|"))
        if len(cells) == len(AWARD_HEADER):
            rows.append(cells)
            continue
        if rows:
            flush()
        paragraphs.append(row)
    flush()
    return sections


def report_context(line: DossierLine, viewer: Actor = None) -> tuple[Any, dict[str, Any]]:
    """The report of the line in its proposing unit's format (R-FMT-01/02), without a number."""
    dossier = line.dossier
    draft = draft_of(line, viewer)
    letterhead = letterhead_for_unit(dossier.proposing_unit)
    award = line.award_type.name
    individual = bool(line.person_id)
    who = line.person.full_name if individual else line.unit.name  # type: ignore[union-attr]
    sections = [
        Section(
            "I. SƠ LƯỢC LÝ LỊCH" if individual else "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
            _paragraphs(draft.profile),
        ),
        Section("II. THÀNH TÍCH ĐẠT ĐƯỢC", _paragraphs(draft.achievements)),
        *_award_sections("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", draft.awards),
        Section(
            "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ" if individual else "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
            ("(Ký, đóng dấu)",),
        ),
    ]
    if individual:
        sections.append(Section("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", ("(Ký, đóng dấu)",)))
    signature = (
        Signature(title="Người báo cáo thành tích", name=who)
        if individual
        else signature_for(dossier.signer_title or "Thủ trưởng đơn vị", dossier.signer_name)
    )
    context = build_report_context(
        letterhead=letterhead,
        number=None,
        day=None,
        summary=f"Thành tích đề nghị tặng {award} năm {line.year}",
        sections=sections,
        signature=signature,
        recipients=[],
    )
    # A báo cáo thành tích carries no number of the unit's register.
    context["number_line"] = ""
    return letterhead, context


def report_docx(line: DossierLine, viewer: Actor = None) -> bytes:
    letterhead, context = report_context(line, viewer)
    return render_docx("report", letterhead.style, context)
