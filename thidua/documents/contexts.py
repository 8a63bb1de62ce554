"""What each paper says, as a plain dictionary a docxtpl template reads (pure: no database, no files).

Every builder takes the issuer's `Letterhead`, the number (None for a draft), the date and the parts
of the paper, and returns the context of its template. The keys are the same for the state and the
Party format; only the letterhead, the number line and the signature prefixes differ. The keys a
template may use are those of `sample_context(kind, style)`, which fills every key.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.documents.styles import (
    MOTTO,
    NATIONAL_TITLE,
    PARTY_TITLE,
    TYPE_NAMES,
    Authority,
    DocType,
    DocumentStyle,
    Letterhead,
    Signature,
    number_line,
    place_date_line,
    punctuate,
    recipient_lines,
    vietnamese_date,
)


class TemplateKind(models.TextChoices):
    """The papers that have a template users edit, each with its type in the number."""

    SUBMISSION = "submission", _("Submission (tờ trình, Decree 152 form 01) with its list")
    DECISION = "decision", _("Award decision with its attached list")
    MINUTES = "minutes", _("Minutes (biên bản)")
    REPORT = "report", _("Report (báo cáo)")


DOC_TYPES = {
    TemplateKind.SUBMISSION: DocType.SUBMISSION,
    TemplateKind.DECISION: DocType.DECISION,
    TemplateKind.MINUTES: DocType.MINUTES,
    TemplateKind.REPORT: DocType.REPORT,
}


@dataclass(frozen=True)
class ListRow:
    """One line of a danh sách: a person or a collective, what they are, what is proposed or given."""

    name: str
    detail: str = ""
    award: str = ""
    note: str = ""


@dataclass(frozen=True)
class Table:
    """A bordered table after a section's paragraphs: a header row and rows of as many cells
    (e.g. a poll's results in the minutes: option, votes in favour, share, verdict)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading ("I. …", may be empty), its paragraphs and an optional table, for minutes and reports.
    Text that follows a table goes in the next section, with an empty heading."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None


def _rows(rows: list[ListRow]) -> list[dict[str, Any]]:
    return [
        {"no": i, "name": row.name, "detail": row.detail, "award": row.award, "note": row.note}
        for i, row in enumerate(rows, start=1)
    ]


def build_paper_context(
    *,
    letterhead: Letterhead,
    doc_type: str,
    number: int | None,
    day: datetime.date | None,
    summary: str,
    signature: Signature,
    bases: list[str] | None = None,
    proposal: str = "",
    body: list[str] | None = None,
    recipients: list[str] | None = None,
) -> dict[str, Any]:
    """The parts every paper has: header cells, number, place and date, type and summary, Căn cứ,
    body, signature and Nơi nhận (NĐ 30/2020 Appendix I components 1–9; HD 36 for Party papers)."""
    style = letterhead.style
    numbered = number_line(style, doc_type, letterhead.symbol, number)
    bases_lines = punctuate(bases or [], last=";" if proposal.strip() else ".")
    party = style == DocumentStyle.PARTY
    return {
        "party": party,
        "style": str(style),
        "national_title": PARTY_TITLE if party else NATIONAL_TITLE,
        "motto": "" if party else MOTTO,
        "header": letterhead.as_context(),
        "doc_type": doc_type,
        "number": number,
        "number_line": numbered,
        # "số 05/QĐ-UBND ngày 05 tháng 01 năm 2026", as other papers cite this one.
        "reference": "số "
        + numbered.removeprefix("Số: ").removeprefix("Số ").strip()
        + (" " + vietnamese_date(day) if day else ""),
        "date": vietnamese_date(day) if day else "",
        "place_date": place_date_line(letterhead.place, day),
        "type_name": TYPE_NAMES[DocType(doc_type)],
        "summary": summary,
        "bases": bases_lines,
        "proposal": proposal.strip().rstrip(",.;") + "," if proposal.strip() else "",
        "body": list(body or []),
        "signature": signature.as_context(style),
        "recipients": recipient_lines(recipients or []),
    }


def build_submission_context(
    *,
    letterhead: Letterhead,
    number: int | None,
    day: datetime.date | None,
    summary: str,
    addressee: str,
    bases: list[str],
    body: list[str],
    rows: list[ListRow],
    list_title: str,
    signature: Signature,
    recipients: list[str] | None = None,
) -> dict[str, Any]:
    """Tờ trình đề nghị khen thưởng (NĐ 152/2025 Mẫu 01) with its danh sách of proposed people and
    collectives; `addressee` is the "Kính gửi" line."""
    context = build_paper_context(
        letterhead=letterhead,
        doc_type=DocType.SUBMISSION,
        number=number,
        day=day,
        summary=summary,
        signature=signature,
        bases=bases,
        body=body,
        recipients=recipients,
    )
    context.update({"addressee": addressee, "list_title": list_title, "rows": _rows(rows)})
    return context


def build_decision_context(
    *,
    letterhead: Letterhead,
    number: int | None,
    day: datetime.date | None,
    summary: str,
    authority: str,
    bases: list[str],
    proposal: str,
    articles: list[str],
    collectives: list[ListRow],
    individuals: list[ListRow],
    annex_title: str,
    signature: Signature,
    recipients: list[str] | None = None,
    total_money: str = "",
) -> dict[str, Any]:
    """Quyết định khen thưởng (NĐ 30/2020 Mẫu 1.2/1.3; outputs.md §3.1): the authority line, Căn cứ,
    "Theo đề nghị của …,", "QUYẾT ĐỊNH:", Điều 1, 2, 3 …, and the attached list grouped
    "I. TẬP THỂ (n)" / "II. CÁ NHÂN (n)" (an empty group is left out and the next one renumbered),
    closed by its total line ("Tổng cộng: 01 tập thể và 03 cá nhân", with the money when given)./.
    `authority` is written as in a sentence ("Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa"); the
    authority line prints it in capitals."""
    context = build_paper_context(
        letterhead=letterhead,
        doc_type=DocType.DECISION,
        number=number,
        day=day,
        summary=summary,
        signature=signature,
        bases=bases,
        proposal=proposal,
        recipients=recipients,
    )
    groups: list[dict[str, Any]] = []
    for label, name_header, rows in (
        ("TẬP THỂ", "Tên tập thể", collectives),
        ("CÁ NHÂN", "Họ và tên", individuals),
    ):
        if rows:
            numeral = ("I", "II")[len(groups)]
            groups.append(
                {
                    "heading": f"{numeral}. {label} ({len(rows)})",
                    "name_header": name_header,
                    "rows": _rows(rows),
                }
            )
    context.update(
        {
            "authority": authority.upper(),
            "articles": [{"label": f"Điều {i}.", "text": text} for i, text in enumerate(articles, start=1)],
            "annex": {
                "title": annex_title.upper(),
                "reference": "(Kèm theo Quyết định {} của {})".format(context["reference"], authority),
                "groups": groups,
                "collective_count": len(collectives),
                "individual_count": len(individuals),
                "total": _annex_total(len(collectives), len(individuals), total_money),
            },
        }
    )
    return context


def _sections(sections: list[Section]) -> list[dict[str, Any]]:
    return [
        {
            "heading": s.heading,
            "paragraphs": list(s.paragraphs),
            "table": {"header": list(s.table.header), "rows": [list(row) for row in s.table.rows]}
            if s.table
            else None,
        }
        for s in sections
    ]


def build_minutes_context(
    *,
    letterhead: Letterhead,
    number: int | None,
    day: datetime.date | None,
    summary: str,
    sections: list[Section],
    chair: Signature,
    secretary: Signature,
    recipients: list[str] | None = None,
) -> dict[str, Any]:
    """Biên bản (NĐ 30/2020 Mẫu 1.9): sections, then the secretary's and the chair's signatures."""
    context = build_paper_context(
        letterhead=letterhead,
        doc_type=DocType.MINUTES,
        number=number,
        day=day,
        summary=summary,
        signature=chair,
        recipients=recipients,
    )
    context.update({"sections": _sections(sections), "secretary": secretary.as_context(letterhead.style)})
    return context


def build_report_context(
    *,
    letterhead: Letterhead,
    number: int | None,
    day: datetime.date | None,
    summary: str,
    sections: list[Section],
    signature: Signature,
    recipients: list[str] | None = None,
) -> dict[str, Any]:
    """Báo cáo (NĐ 30/2020 Mẫu 1.4): sections, signature, Nơi nhận."""
    context = build_paper_context(
        letterhead=letterhead,
        doc_type=DocType.REPORT,
        number=number,
        day=day,
        summary=summary,
        signature=signature,
        recipients=recipients,
    )
    context["sections"] = _sections(sections)
    return context


def _annex_total(collectives: int, individuals: int, money: str) -> str:
    """The list's closing line: "Tổng cộng: 01 tập thể và 03 cá nhân" (counts on two digits, as in
    Điều 1), then "; tiền thưởng: 3.510.000 đồng" when the decision pays."""
    parts = [f"{n:02d} {label}" for n, label in ((collectives, "tập thể"), (individuals, "cá nhân")) if n]
    line = "Tổng cộng: " + " và ".join(parts) if parts else ""
    if line and money:
        line += f"; tiền thưởng: {money}"
    return line + "./." if line else ""


def sample_context(kind: str, style: str) -> dict[str, Any]:
    """A context with every key of `kind` filled, for checking an uploaded template and previewing it."""
    party = style == DocumentStyle.PARTY
    letterhead = Letterhead(
        style=DocumentStyle(style),
        issuer="Ban Tổ chức Tỉnh ủy" if party else "Sở Nội vụ",
        parent="Đảng bộ tỉnh Khánh Hòa" if party else "Ủy ban nhân dân tỉnh Khánh Hòa",
        symbol="BTCTU" if party else "SNV",
        place="Nha Trang",
    )
    day = datetime.date(2026, 1, 5)
    sign = Signature(
        title="Phó Trưởng ban", name="Trần Thị Bình", authority=Authority.DEPUTY, principal="Trưởng ban"
    )
    people = [ListRow("Nguyễn Văn An", "Chuyên viên, Phòng Tổ chức", "Bằng khen", "")]
    units = [ListRow("Phòng Tổ chức cán bộ", "Sở Nội vụ", "Tập thể Lao động xuất sắc", "")]
    recipients = ["Như trên", "Lưu: VT"]
    sections = [
        Section("I. Thời gian, địa điểm", ("Vào lúc 08 giờ 00 ngày 05 tháng 01 năm 2026.",)),
        Section(
            "II. Kết quả biểu quyết",
            ("Suy tôn đơn vị dẫn đầu khối:",),
            Table(("Đơn vị", "Số phiếu", "Tỷ lệ"), (("Sở Nội vụ", "11", "91,7 %"),)),
        ),
    ]
    if kind == TemplateKind.SUBMISSION:
        return build_submission_context(
            letterhead=letterhead,
            number=5,
            day=day,
            summary="Về việc đề nghị tặng Bằng khen",
            addressee="Ủy ban nhân dân tỉnh Khánh Hòa",
            bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
            body=["Đề nghị xét tặng Bằng khen cho 01 tập thể và 01 cá nhân."],
            rows=units + people,
            list_title="Danh sách đề nghị tặng Bằng khen",
            signature=sign,
            recipients=recipients,
        )
    if kind == TemplateKind.DECISION:
        return build_decision_context(
            letterhead=letterhead,
            number=5,
            day=day,
            summary="Về việc tặng Bằng khen",
            authority="Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa",
            bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
            proposal="Theo đề nghị của Giám đốc Sở Nội vụ",
            articles=["Tặng Bằng khen cho 01 tập thể và 01 cá nhân (có danh sách kèm theo)."],
            collectives=units,
            individuals=people,
            annex_title="Danh sách tập thể, cá nhân được tặng Bằng khen",
            signature=sign,
            recipients=recipients,
        )
    if kind == TemplateKind.MINUTES:
        return build_minutes_context(
            letterhead=letterhead,
            number=5,
            day=day,
            summary="Hội nghị tổng kết công tác thi đua năm 2025",
            sections=sections,
            chair=Signature(title="Chủ trì", name="Lê Văn Cường"),
            secretary=Signature(title="Thư ký", name="Phạm Thị Dung"),
            recipients=recipients,
        )
    return build_report_context(
        letterhead=letterhead,
        number=5,
        day=day,
        summary="Tổng kết công tác thi đua, khen thưởng năm 2025",
        sections=sections,
        signature=sign,
        recipients=recipients,
    )
