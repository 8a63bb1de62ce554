"""The seed articles' proposals through the dossier workflow (issue 9 item 12).

Seed 001 (Quảng Nam's Party block, 2021): the block's dossier proposes the Government's flag for Văn
phòng Tỉnh ủy and the province's flag for Ban Tổ chức Tỉnh ủy; both decisions predate thidua's
catalogue (01/01/2024) and are recorded from paper. Seed 002 (2023): the dossier is returned once and
resubmitted; the Chairman's Bằng khen for two units is decided in thidua, the Government's flag for
Sở Tài chính is recorded as decided outside. Numbers and dates of the decisions are invented.
"""

from __future__ import annotations

import datetime
from typing import Any

from thidua.accounts.models import User
from thidua.awards.models import AwardType
from thidua.blocks.models import BlockYear
from thidua.demo.council import load_seed_002_council
from thidua.proposals import services
from thidua.proposals.checklist import checklist
from thidua.proposals.models import Appraisal, DossierLine

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
    return dossier.current_lines().get(award_type__code=code)


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


def load_proposals_demo() -> int:
    board = User.objects.get(username="bantdkt")
    return sum((load_seed_001_proposals(board), load_seed_002_proposals(board)))
