"""The seed articles' proposals through the dossier workflow (issue 9 item 12).

Seed 001 (Quảng Nam's Party block, 2021): the block's dossier proposes the Government's flag for Văn
phòng Tỉnh ủy and the province's flag for Ban Tổ chức Tỉnh ủy; both decisions predate thidua's
catalogue (01/01/2024) and are recorded from paper. Seed 002 (2023): the dossier is returned once and
resubmitted; the Chairman's Bằng khen for two units is decided in thidua, the Government's flag for
Sở Tài chính is recorded as decided outside. Numbers and dates of the decisions are invented.

So that every state of the workflow can be seen in the board's inbox, the members of seed 000's
block (Nha Trang's Party agencies) each send 2025 dossiers for one of their people that stop along
the way (`UNIT_DOSSIERS`, invented): a draft, submitted, received, under review, returned, resubmitted,
for the council, rejected and withdrawn.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from thidua.accounts.models import User
from thidua.awards.models import AwardType
from thidua.blocks.models import BlockYear
from thidua.demo.council import load_seed_002_council
from thidua.orgs.models import Person, Unit
from thidua.proposals import services
from thidua.proposals.checklist import checklist
from thidua.proposals.models import Appraisal, Dossier, DossierKind, DossierLine, DossierStatus

D = datetime.date


def _papers(leader: Any, dossier: Any) -> None:
    """The papers the dossier still lacks (R-DOS-01/02), as the leader's scans."""
    for item in checklist(dossier):
        if not item.present:
            services.upload_attachment(
                actor=leader,
                dossier=dossier,
                kind=item.paper,
                line=item.line,
                name=f"{item.paper}-{item.line.pk if item.line else 0}.pdf",
                content=b"%PDF-1.4 ban scan (du lieu mau)\n%%EOF",
            )


def _to_council(
    board: Any, leader: Any, dossier: Any, *, submitted: datetime.date, returned: str = ""
) -> None:
    _papers(leader, dossier)
    services.submit_dossier(actor=leader, dossier=dossier, today=submitted)
    services.receive_dossier(actor=board, dossier=dossier, today=submitted)
    if returned:
        dossier = services.return_dossier(actor=board, dossier=dossier, reason=returned)
        for line in dossier.current_lines():
            services.update_line(
                actor=leader,
                line=line,
                basis=line.basis,
                wording="Đã có thành tích xuất sắc trong công tác năm",
            )
        services.resubmit_dossier(actor=leader, dossier=dossier, today=submitted + datetime.timedelta(days=3))
        services.receive_dossier(actor=board, dossier=dossier, today=submitted + datetime.timedelta(days=3))
    for line in dossier.current_lines():
        services.appraise_line(actor=board, line=line, appraisal=Appraisal.ELIGIBLE)
    services.send_to_council(actor=board, dossier=dossier)


def _line(dossier: Any, code: str) -> DossierLine:
    return cast("DossierLine", dossier.current_lines().get(award_type__code=code))


def _leader_officer(block_year: BlockYear) -> Any:
    leader = block_year.leader
    return User.objects.filter(unit=leader, role="unit_officer").first() or User.objects.get(
        username="bantdkt"
    )


def load_seed_001_proposals(board: Any) -> bool:
    block_year = BlockYear.objects.with_members().get(block__code="QNA-KDANG", year=2021)
    if block_year.dossiers.exists() or not block_year.award_candidates.exists():
        return False
    leader = _leader_officer(block_year)
    dossier = services.create_block_dossier(actor=leader, block_year=block_year)
    _to_council(board, leader, dossier, submitted=D(2022, 3, 8))
    dossier.refresh_from_db()
    services.record_external_decision(
        actor=board,
        award_type=AwardType.objects.get(code="CO_TD_TINH"),
        year=2021,
        number="1025/QĐ-UBND",
        date=D(2022, 4, 12),
        authority="Chủ tịch Ủy ban nhân dân tỉnh Quảng Nam",
        dossier_line=_line(dossier, "CO_TD_TINH"),
    )
    services.record_external_decision(
        actor=board,
        award_type=AwardType.objects.get(code="CO_TD_CP"),
        year=2021,
        number="812/QĐ-TTg",
        date=D(2022, 7, 5),
        authority="Thủ tướng Chính phủ",
        dossier_line=_line(dossier, "CO_TD_CP"),
    )
    return True


def load_seed_002_proposals(board: Any) -> bool:
    block_year = BlockYear.objects.with_members().get(block__code="S2-KTMTH", year=2023)
    if block_year.dossiers.exists() or not block_year.award_candidates.exists():
        return False
    leader = _leader_officer(block_year)
    dossier = services.create_block_dossier(actor=leader, block_year=block_year)
    _to_council(
        board,
        leader,
        dossier,
        submitted=D(2024, 1, 29),
        returned="Bổ sung nội dung in trên bằng khen của từng tập thể",
    )
    dossier.refresh_from_db()
    load_seed_002_council(board, dossier)
    decision = services.draft_decision(
        actor=board,
        dossier=dossier,
        award_type=AwardType.objects.get(code="BK_TINH"),
        number="356/QĐ-UBND",
        date=D(2024, 3, 15),
        signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn Phó",
        bases="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    )
    services.issue_decision(actor=board, decision=decision)
    services.record_external_decision(
        actor=board,
        award_type=AwardType.objects.get(code="CO_TD_CP"),
        year=2023,
        number="645/QĐ-TTg",
        date=D(2024, 6, 20),
        authority="Thủ tướng Chính phủ",
        dossier_line=_line(dossier, "CO_TD_CP"),
    )
    return True


S = DossierStatus

# (proposing unit, kind, title or form of its one line, the state it stops in), year 2025, to Thành
# ủy Nha Trang; invented, so that the inbox shows a dossier in every state (issue 9 item 12).
UNIT_DOSSIERS: list[tuple[str, str, str, str]] = [
    ("NT-BTC", DossierKind.YEAR_END, "CSTDCS", S.DRAFT),
    ("NT-BTG", DossierKind.YEAR_END, "LDTT", S.SUBMITTED),
    ("NT-BDV", DossierKind.YEAR_END, "LDTT", S.RECEIVED),
    ("NT-UBKT", DossierKind.YEAR_END, "CSTDCS", S.UNDER_REVIEW),
    ("NT-TTCT", DossierKind.YEAR_END, "LDTT", S.RETURNED),
    ("NT-VPTU", DossierKind.YEAR_END, "CSTDCS", S.RESUBMITTED),
    ("NT-BTC", DossierKind.THEMATIC, "LDTT", S.FOR_COUNCIL),
    ("NT-BTG", DossierKind.THEMATIC, "LDTT", S.REJECTED),
    ("NT-BDV", DossierKind.THEMATIC, "LDTT", S.WITHDRAWN),
]
RETURN_REASON = "Bổ sung xác nhận của cấp ủy về mức độ hoàn thành nhiệm vụ năm 2025"


def _unit_dossier(board: Any, unit: Unit, kind: str, code: str, stop: str, day: datetime.date) -> None:
    """One dossier of `unit` for its first person, taken through the services up to `stop`."""
    officer = User.objects.filter(unit=unit, role="unit_officer").first() or board
    person = Person.objects.filter(positions__unit=unit).order_by("id").first()
    if person is None:
        return
    label = DossierKind(kind).label
    dossier = services.create_dossier(
        actor=officer,
        title=f"Đề nghị khen thưởng năm 2025 ({label.lower()}) — {unit.name}",
        proposing_unit=unit,
        receiving_body=unit.parent or unit,
        year=2025,
        kind=kind,
    )
    services.add_line(
        actor=officer, dossier=dossier, award_type=AwardType.objects.get(code=code), person=person
    )
    if stop == S.DRAFT:
        return  # its checklist still lists the papers to attach
    _papers(officer, dossier)
    services.submit_dossier(actor=officer, dossier=dossier, today=day)
    if stop == S.SUBMITTED:
        return
    if stop == S.WITHDRAWN:
        services.withdraw_dossier(
            actor=officer, dossier=dossier, reason="Đơn vị rút hồ sơ để bổ sung năm sau"
        )
        return
    services.receive_dossier(actor=board, dossier=dossier, today=day + datetime.timedelta(days=1))
    if stop == S.RECEIVED:
        return
    if stop in (S.RETURNED, S.RESUBMITTED):
        dossier = services.return_dossier(actor=board, dossier=dossier, reason=RETURN_REASON)
        if stop == S.RESUBMITTED:
            _papers(officer, dossier)
            services.resubmit_dossier(actor=officer, dossier=dossier, today=day + datetime.timedelta(days=6))
        return
    if stop == S.REJECTED:
        services.reject_dossier(
            actor=board,
            dossier=dossier,
            reason="Hồ sơ gửi sai cấp: đề nghị gửi Ban Thi đua - Khen thưởng tỉnh",
        )
        return
    for line in dossier.current_lines():
        services.appraise_line(actor=board, line=line, appraisal=Appraisal.ELIGIBLE)
    if stop == S.FOR_COUNCIL:
        services.send_to_council(actor=board, dossier=dossier)


def load_unit_dossiers(board: Any) -> bool:
    codes = sorted({code for code, _k, _t, _s in UNIT_DOSSIERS})
    units = {u.code: u for u in Unit.objects.filter(code__in=codes).select_related("parent")}
    if len(units) != len(codes) or Dossier.objects.filter(proposing_unit__in=units.values()).exists():
        return False
    for index, (code, kind, award, stop) in enumerate(UNIT_DOSSIERS):
        _unit_dossier(board, units[code], kind, award, stop, D(2026, 1, 12) + datetime.timedelta(days=index))
    return True


def load_proposals_demo() -> int:
    board = User.objects.get(username="bantdkt")
    return sum((load_seed_001_proposals(board), load_seed_002_proposals(board), load_unit_dossiers(board)))
