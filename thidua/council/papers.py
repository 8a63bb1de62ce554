"""The council's biên bản (NĐ 30/2020 Mẫu 1.9), written by the documents engine: the session's time
and place, the members present and absent, per line the paper counts, the absent members' written
opinions, the threshold ceil(p·N) of all members and the result, then the conclusion.

Reading only: the number is given when the session is closed (`services.close_session`), so
downloading the minutes again shows the same number; before the close the number is left blank.
The text of the paper is Vietnamese by law (like the proposals' papers), not translated.
"""

from __future__ import annotations

from typing import Any

from thidua.council.models import CouncilSession, MemberRole, SessionStatus
from thidua.council.services import minutes_letterhead, needed_votes, threshold_pct
from thidua.documents.contexts import Section, Table, build_minutes_context
from thidua.documents.render import render_docx
from thidua.documents.styles import Letterhead, Signature, vietnamese_date

ROLE_TITLES = {
    MemberRole.CHAIR: "Chủ tịch Hội đồng",
    MemberRole.VICE: "Phó Chủ tịch Hội đồng",
    MemberRole.SECRETARY: "Thư ký Hội đồng",
    MemberRole.MEMBER: "Ủy viên",
}


def _pct(value: int | None) -> str:
    return f"{value} %" if value is not None else "quá bán"


def minutes_context(session: CouncilSession) -> tuple[Letterhead, dict[str, Any]]:
    """Biên bản of the session. Each line passes with ≥ ceil(p·N) votes in favour of ALL N members,
    the written opinions of absent members in favour counted with the paper votes (R-VOTE-02;
    R-IND-04 p = 80 %, R-IND-06 p = 90 %; NĐ 98 Art 30(7))."""
    council = session.council
    letterhead = minutes_letterhead(session)
    members = list(council.members.select_related("person"))
    present_ids = set(session.present.values_list("pk", flat=True))
    opened = session.status != SessionStatus.DRAFT
    total = len(members)
    present = [m for m in members if m.pk in present_ids]
    absent = [m for m in members if m.pk not in present_ids]
    lines = list(
        session.lines.select_related(
            "dossier_line__award_type", "dossier_line__person", "dossier_line__unit", "dossier_line__dossier"
        )
    )
    attendance = Table(
        ("STT", "Họ và tên", "Chức danh trong Hội đồng", "Tham dự"),
        tuple(
            (
                str(i),
                m.person.full_name,
                ROLE_TITLES.get(MemberRole(m.role), m.get_role_display()),
                ("Có mặt" if m.pk in present_ids else "Vắng mặt") if opened else "",
            )
            for i, m in enumerate(members, start=1)
        ),
    )
    rows = []
    passed = failed = 0
    for i, line in enumerate(lines, start=1):
        pct = threshold_pct(line)
        need = needed_votes(total, pct)
        counted = line.approved is not None
        if line.approved is True:
            passed += 1
        elif line.approved is False:
            failed += 1
        favour = (line.votes_yes or 0) + line.written_yes
        rows.append(
            (
                str(i),
                str(line.dossier_line.candidate_obj),
                line.dossier_line.award_type.name,
                str(line.votes_yes) if counted else "",
                str(line.votes_no) if counted else "",
                str(line.votes_abstain) if counted else "",
                f"{line.written_yes}/{line.written_no}" if counted else "",
                f"{need} ({_pct(pct)})",
                ("Đạt" if line.approved else "Không đạt") + f" ({favour}/{total})" if counted else "",
            )
        )
    results = Table(
        (
            "STT",
            "Tập thể, cá nhân",
            "Danh hiệu, hình thức",
            "Tán thành",
            "Không tán thành",
            "Không biểu quyết",
            "Ý kiến bằng văn bản (tán thành/không)",
            "Số phiếu cần đạt",
            "Kết quả",
        ),
        tuple(rows),
    )
    chair = next((m for m in members if m.role == MemberRole.CHAIR), None)
    secretary = next((m for m in members if m.role == MemberRole.SECRETARY), None)
    sections = [
        Section(
            "I. Thời gian, địa điểm",
            (
                f"Vào {vietnamese_date(session.date)}, tại {session.place}, {council.name} "
                f"năm {council.year} họp xét đề nghị khen thưởng.",
            ),
        ),
        Section(
            "II. Thành phần",
            (
                f"Tổng số thành viên Hội đồng: {total:02d}; có mặt: {len(present):02d}; "
                f"vắng mặt: {len(absent):02d}."
                if opened
                else f"Tổng số thành viên Hội đồng: {total:02d}.",
                "Chủ trì: "
                + (chair.person.full_name if chair else "")
                + "; Thư ký: "
                + (secretary.person.full_name if secretary else "")
                + ".",
            ),
            attendance,
        ),
        Section(
            "III. Kết quả biểu quyết",
            (
                "Tỷ lệ phiếu tán thành được tính trên tổng số thành viên Hội đồng; ý kiến bằng văn bản "
                "của thành viên vắng mặt được tính vào kết quả (khoản 7 Điều 30 Nghị định số "
                "98/2023/NĐ-CP).",
            ),
            results,
        ),
        Section(
            "IV. Kết luận",
            (
                f"Hội đồng thống nhất: {passed:02d} trường hợp đạt, {failed:02d} trường hợp không đạt "
                "số phiếu tán thành theo quy định."
                if session.status == SessionStatus.CLOSED
                else "Phiên họp chưa kết thúc.",
                "Biên bản được lập và thông qua tại phiên họp.",
            ),
        ),
    ]
    issued = session.minutes_number
    context = build_minutes_context(
        letterhead=letterhead,
        number=issued.number if issued else None,
        day=issued.issued_on if issued else session.date,
        summary=f"Họp {council.name} năm {council.year}",
        sections=sections,
        chair=Signature(title="Chủ tịch Hội đồng", name=chair.person.full_name if chair else ""),
        secretary=Signature(title="Thư ký", name=secretary.person.full_name if secretary else ""),
        recipients=["Thành viên Hội đồng", "Lưu: VT"],
    )
    return letterhead, context


def minutes_docx(session: CouncilSession) -> bytes:
    letterhead, context = minutes_context(session)
    return render_docx("minutes", letterhead.style, context)
