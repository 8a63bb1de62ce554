"""The block's summary report (báo cáo tổng kết, issue 10 item 2, outputs.md §5.1) drafted from the
data, as DOCX through the documents engine: `render_docx("report", style, …)` in the state or the
Party format by the leading unit's kind (R-FMT-01/02, NĐ 30/2020 Mẫu 1.4; QĐ 66-QĐ/TW).

Sections from the data: the year's covenant (its members), the ranking, the conference's honours
and approved proposals, next year's leader and deputy; the strengths, limitations, lessons and
direction are left as sections for the leader to write ("…"); annex: the ranking table and the
proposal list. Not yet: a stored, editable report with its draft → sent → issued workflow.
"""

from __future__ import annotations

from thidua.blocks.models import BlockYear, MemberRole, Standing
from thidua.conferences.models import AwardCandidate
from thidua.documents.contexts import Section, Table, build_report_context
from thidua.documents.render import render_docx
from thidua.documents.styles import Signature, letterhead_for_unit
from thidua.lib.numbers import format_number
from thidua.lib.vietnamese import text_sort_key

TO_WRITE = "…………………………………………………………… (Khối trưởng viết)"


def summary_sections(block_year: BlockYear) -> list[Section]:
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
                f"1. Công tác phát động, ký kết giao ước thi đua: Khối gồm {format_number(len(members))} "
                f"thành viên ({', '.join(m.unit.name for m in members)}), "
                f"do {leader.name if leader else '…'} làm Khối trưởng.",
            ),
        )
    ]
    if standings:
        first = [s.unit.name for s in standings if s.rank == 1]
        sections.append(
            Section(
                "",
                (
                    f"2. Kết quả bình xét, suy tôn: {', '.join(first)} dẫn đầu phong trào thi đua Khối năm {year}"
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
        Section("II. ƯU ĐIỂM", (TO_WRITE,)),
        Section("III. TỒN TẠI, HẠN CHẾ", (TO_WRITE,)),
        Section("IV. BÀI HỌC KINH NGHIỆM", (TO_WRITE,)),
        Section(f"V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", (TO_WRITE,)),
    ]
    following = BlockYear.objects.with_members().filter(block=block_year.block, year=year + 1).first()
    if following is not None and following.leader is not None:
        deputies = ", ".join(u.name for u in following.deputies) or "…"
        sections.append(
            Section("", (f"Khối trưởng năm {year + 1}: {following.leader.name}; Khối phó: {deputies}.",))
        )
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


def summary_docx(block_year: BlockYear) -> bytes:
    """The draft (no number, no date) in the leader's format."""
    leader = BlockYear.objects.with_members().get(pk=block_year.pk).leader
    if leader is None:
        leader = block_year.memberships.select_related("unit").first().unit  # type: ignore[union-attr]
    letterhead = letterhead_for_unit(leader, issuer=block_year.block.name.upper())
    context = build_report_context(
        letterhead=letterhead,
        number=None,
        day=None,
        summary=f"Tổng kết phong trào thi đua, công tác khen thưởng năm {block_year.year}",
        sections=summary_sections(block_year),
        signature=Signature(title="Khối trưởng", name=""),
        recipients=["Ban Thi đua - Khen thưởng", "Các đơn vị trong Khối", "Lưu"],
    )
    return render_docx("report", letterhead.style, context)
