"""The block's summary report (báo cáo tổng kết, issue 10 item 2, outputs.md §5.1) drafted from the
data, as DOCX through the documents engine: `render_docx("report", style, …)` in the state or the
Party format by the leading unit's kind (R-FMT-01/02, NĐ 30/2020 Mẫu 1.4; QĐ 66-QĐ/TW).

Sections from the data: the year's covenant (its members), the ranking, the conference's honours
and approved proposals, next year's leader and deputy; the strengths, limitations, lessons and
direction are left as sections for the leader to write ("…"); annex: the ranking table and the
proposal list. The leader's sections are stored on the block year's `SummaryReport` (draft → sent →
issued, `services.change_summary_status`); an issued report carries its number from the register.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from thidua.blocks.models import BlockKind, BlockYear, MemberRole, Standing
from thidua.conferences.models import AwardCandidate
from thidua.documents.contexts import Section, Table, build_report_context
from thidua.documents.models import IssuedNumber
from thidua.documents.render import render_docx
from thidua.documents.services import allocate_number
from thidua.documents.styles import DocType, Letterhead, Signature, letterhead_for_unit
from thidua.lib.numbers import format_number
from thidua.lib.vietnamese import text_sort_key
from thidua.reports.models import SummaryReport

TO_WRITE = "…………………………………………………………… (Khối trưởng viết)"


def summary_sections(block_year: BlockYear) -> list[Section]:
    report = SummaryReport.objects.filter(block_year=block_year).first()
    k = "Cụm" if block_year.block.kind == BlockKind.CLUSTER else "Khối"  # a cụm speaks as a cụm
    to_write = TO_WRITE.replace("Khối", k)
    written = {
        name: (getattr(report, name) if report else "") or to_write
        for name in ("strengths", "limitations", "lessons", "direction")
    }
    year = block_year.year
    members = list(block_year.memberships.select_related("unit").order_by("id"))
    leader = next((m.unit for m in members if m.role == MemberRole.LEADER), None)
    standings = sorted(
        Standing.objects.filter(block_year=block_year).select_related("unit"),
        key=lambda s: (s.rank, text_sort_key(s.unit.name)),
    )
    candidates = list(
        AwardCandidate.objects.filter(block_year=block_year).select_related("award_type", "unit", "person")
    )
    sections = [
        Section(
            "I. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA NĂM " + str(year),
            (
                f"1. Công tác phát động, ký kết giao ước thi đua: {k} gồm {format_number(len(members))} "
                f"thành viên ({', '.join(m.unit.name for m in members)}), "
                f"do {leader.name if leader else '…'} làm {k} trưởng.",
            ),
        )
    ]
    if standings:
        first = [s.unit.name for s in standings if s.rank == 1]
        sections.append(
            Section(
                "",
                (
                    f"2. Kết quả bình xét, suy tôn: {', '.join(first)} dẫn đầu phong trào thi đua {k} năm {year}"
                    + "".join(f"; xếp thứ {s.rank}: {s.unit.name}" for s in standings if s.rank > 1)
                    + ".",
                ),
            )
        )
    if candidates:
        sections.append(
            Section(
                "",
                (
                    "3. Đề nghị khen thưởng: "
                    + "; ".join(
                        f"{c.award_type.name} cho {c.unit.name if c.unit else c.person}" for c in candidates
                    )
                    + ".",
                ),
            )
        )
    sections += [
        Section("II. ƯU ĐIỂM", _paragraphs(written["strengths"])),
        Section("III. TỒN TẠI, HẠN CHẾ", _paragraphs(written["limitations"])),
        Section("IV. BÀI HỌC KINH NGHIỆM", _paragraphs(written["lessons"])),
        Section(f"V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", _paragraphs(written["direction"])),
    ]
    following = BlockYear.objects.with_members().filter(block=block_year.block, year=year + 1).first()
    next_leader = following.leader.name if following is not None and following.leader else "chưa rõ"
    deputies = (", ".join(u.name for u in following.deputies) if following is not None else "") or "chưa rõ"
    sections.append(Section("", (f"{k} trưởng năm {year + 1}: {next_leader}; {k} phó: {deputies}.",)))
    sections.append(
        Section(
            "PHỤ LỤC 1. BẢNG XẾP HẠNG",
            table=Table(("Thứ hạng", "Đơn vị"), tuple((str(s.rank), s.unit.name) for s in standings)),
        )
    )
    sections.append(
        Section(
            "PHỤ LỤC 2. DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            table=Table(
                ("Hình thức", "Tập thể, cá nhân"),
                tuple((c.award_type.name, c.unit.name if c.unit else str(c.person)) for c in candidates),
            ),
        )
    )
    return sections


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split("\n\n") if p.strip())


def comment_sections(report: SummaryReport) -> list[tuple[str, str]]:
    """The report's sections as (heading, text) for the conference's draft report (members comment)."""
    rows: list[tuple[str, str]] = []
    for section in summary_sections(report.block_year):
        text = "\n\n".join(section.paragraphs)
        if section.table is not None:
            text = "\n".join([" | ".join(section.table.header)] + [" | ".join(r) for r in section.table.rows])
        if section.heading or not rows:
            rows.append((section.heading or "I.", text))
        else:
            rows[-1] = (rows[-1][0], f"{rows[-1][1]}\n\n{text}".strip())
    return rows


def _letterhead(block_year: BlockYear) -> tuple[Any, Letterhead]:
    leader = BlockYear.objects.with_members().get(pk=block_year.pk).leader
    if leader is None:
        leader = block_year.memberships.select_related("unit").first().unit  # type: ignore[union-attr]
    return leader, letterhead_for_unit(leader, issuer=block_year.block.name.upper())


def allocate_report_number(*, actor: Any, report: SummaryReport) -> IssuedNumber:
    """The next BC number of the leading unit's register (NĐ 30/2020 Art. 15, R-FMT-01)."""
    leader, letterhead = _letterhead(report.block_year)
    return allocate_number(
        actor=actor,
        issuer=leader,
        letterhead=letterhead,
        doc_type=DocType.REPORT,
        day=timezone.localdate(),
        summary=f"Tổng kết phong trào thi đua, công tác khen thưởng năm {report.block_year.year}",
    )


def summary_docx(block_year: BlockYear) -> bytes:
    """The report in the leader's format: a draft has no number nor date; an issued one has both."""
    _leader, letterhead = _letterhead(block_year)
    k = "Cụm" if block_year.block.kind == BlockKind.CLUSTER else "Khối"
    report = SummaryReport.objects.filter(block_year=block_year).select_related("issued_number").first()
    issued = report.issued_number if report else None
    day: datetime.date | None = issued.issued_on if issued else None
    context = build_report_context(
        letterhead=letterhead,
        number=issued.number if issued else None,
        day=day,
        summary=f"Tổng kết phong trào thi đua, công tác khen thưởng năm {block_year.year}",
        sections=summary_sections(block_year),
        signature=Signature(title=f"{k} trưởng", name=""),
        recipients=["Ban Thi đua - Khen thưởng", f"Các đơn vị trong {k}", "Lưu"],
    )
    return render_docx("report", letterhead.style, context)
