"""Seed 000's scoring year replayed: Khối thi đua các cơ quan Đảng Thành ủy Nha Trang, 2022.

The article: "6/6 đơn vị trong Khối hoàn thành 10 chỉ tiêu, nhiệm vụ trọng tâm ... và 5 nhiệm vụ xây
dựng cơ quan đơn vị vững mạnh" and the honouring of Ban Tổ chức (1st), Ban Tuyên giáo (2nd) and
Ban Dân vận (3rd). The wording of each target and every score are invented, chosen so that the
published ranking matches the article.
"""

from __future__ import annotations

import io
from decimal import Decimal

import docx

from thidua.accounts.models import User
from thidua.blocks.models import BlockYear
from thidua.scoring.models import CriterionKind, RankingSnapshot
from thidua.scoring.services.cards import add_evidence, open_scorecards, set_self_score, submit_scorecard
from thidua.scoring.services.covenant import add_target, create_covenant, open_for_signing, sign_covenant
from thidua.scoring.services.ranking import publish_ranking
from thidua.scoring.services.reviews import leader_assignment, set_review_score, submit_review
from thidua.scoring.services.tables import add_criterion, create_table, freeze_table

BLOCK, YEAR = "NT-KDANG", 2022

KEY_TARGETS = [
    "Tham mưu ban hành kịp thời các văn bản lãnh đạo, chỉ đạo của Thành ủy",
    "Xây dựng và thực hiện chương trình công tác trọng tâm năm 2022",
    "Quán triệt, triển khai các Nghị quyết, Kết luận của Trung ương khóa XIII",
    "Thực hiện Kết luận 01-KL/TW về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Tổ chức sơ kết, tổng kết các chuyên đề, nghị quyết đúng kế hoạch",
    "Tham mưu công tác xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    "Phục vụ các đoàn kiểm tra, giám sát của Trung ương và của Tỉnh",
    "Nắm bắt, báo cáo kịp thời tình hình giải quyết khiếu nại, tố cáo",
    "Thực hiện chế độ thông tin, báo cáo đầy đủ, đúng hạn",
    "Ứng dụng công nghệ thông tin, chuyển đổi số trong cơ quan",
]
AGENCY_TASKS = [
    "Xây dựng tổ chức đảng trong sạch, vững mạnh",
    "Xây dựng cơ quan đạt chuẩn văn hóa",
    "Thực hành tiết kiệm, phòng chống tham nhũng, lãng phí",
    "Thực hiện quy chế dân chủ ở cơ sở",
    "Xây dựng đoàn thể vững mạnh",
]
# Verified points lost per member on (key targets, agency tasks, emulation work); full marks 100.
LOST = {
    "NT-BTC": ("0.5", "0", "0"),  # 99.5, first
    "NT-BTG": ("1.5", "0.5", "0"),  # 98, second
    "NT-BDV": ("2", "1", "0"),  # 97, third
    "NT-VPTU": ("2.5", "1", "0.5"),  # 96
    "NT-UBKT": ("3", "1", "0.5"),  # 95.5
    "NT-TTCT": ("3.5", "1.5", "0.5"),  # 94.5
}
# Officers who sign and score for each member (khoitruong and donvi are the main demo accounts).
OFFICERS = {
    "NT-VPTU": "khoitruong",
    "NT-BTC": "donvi",
    "NT-BTG": "nt-btg",
    "NT-BDV": "nt-bdv",
    "NT-UBKT": "nt-ubkt",
    "NT-TTCT": "nt-ttct",
}


def _report_docx(text: str) -> bytes:
    """A one-paragraph Word file: evidence is checked by its content, so the demo uploads a real one."""
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def load_seed_000_scoring() -> bool:
    """Build, sign, score, verify and publish the 2022 ranking; False when it already exists."""
    block_year = BlockYear.objects.get(block__code=BLOCK, year=YEAR)
    if RankingSnapshot.objects.filter(block_year=block_year).exists():
        return False
    officers = {code: User.objects.get(username=name) for code, name in OFFICERS.items()}
    leader = officers["NT-VPTU"]
    table = create_table(
        actor=leader,
        block_year=block_year,
        name="Bảng tiêu chí chấm điểm thi đua năm 2022",
        total_points=Decimal(100),
    )
    group_1 = add_criterion(
        actor=leader,
        table=table,
        kind=CriterionKind.GROUP,
        code="I",
        text="Thực hiện 10 chỉ tiêu, nhiệm vụ trọng tâm",
        max_points=Decimal(60),
        position=1,
    )
    for index, text in enumerate(KEY_TARGETS, start=1):
        add_criterion(
            actor=leader,
            table=table,
            parent=group_1,
            code=f"I.{index}",
            text=text,
            max_points=Decimal(6),
            step=Decimal("0.5"),
            evidence_required=index == 1,
            position=10 + index,
        )
    group_2 = add_criterion(
        actor=leader,
        table=table,
        kind=CriterionKind.GROUP,
        code="II",
        text="5 nhiệm vụ xây dựng cơ quan, đơn vị vững mạnh",
        max_points=Decimal(30),
        position=2,
    )
    for index, text in enumerate(AGENCY_TASKS, start=1):
        add_criterion(
            actor=leader,
            table=table,
            parent=group_2,
            code=f"II.{index}",
            text=text,
            max_points=Decimal(6),
            step=Decimal("0.5"),
            position=30 + index,
        )
    group_3 = add_criterion(
        actor=leader,
        table=table,
        kind=CriterionKind.GROUP,
        code="III",
        text="Công tác thi đua, khen thưởng",
        max_points=Decimal(10),
        position=3,
    )
    add_criterion(
        actor=leader,
        table=table,
        parent=group_3,
        code="III.1",
        text="Đăng ký, ký kết giao ước và tổ chức phong trào thi đua",
        max_points=Decimal(5),
        step=Decimal("0.5"),
        position=41,
    )
    add_criterion(
        actor=leader,
        table=table,
        parent=group_3,
        code="III.2",
        text="Báo cáo sơ kết, tổng kết đúng hạn",
        max_points=Decimal(5),
        step=Decimal("0.5"),
        position=42,
    )
    add_criterion(
        actor=leader,
        table=table,
        kind=CriterionKind.BONUS,
        code="T",
        text="Điểm thưởng: thành tích nổi bật",
        max_points=Decimal(5),
        position=50,
    )
    add_criterion(
        actor=leader,
        table=table,
        kind=CriterionKind.PENALTY,
        code="TR",
        text="Điểm trừ: vi phạm, báo cáo chậm",
        max_points=Decimal(5),
        position=51,
    )
    table = freeze_table(actor=leader, table=table)

    covenant = create_covenant(
        actor=leader,
        block_year=block_year,
        content="Giao ước thi đua năm 2022 của Khối thi đua các cơ quan Đảng Thành ủy Nha Trang.",
    )
    for position, text in enumerate([*KEY_TARGETS, *AGENCY_TASKS]):
        add_target(actor=leader, covenant=covenant, text=text, position=position)
    open_for_signing(actor=leader, covenant=covenant, table=table)
    for code, officer in officers.items():
        sign_covenant(actor=officer, covenant=covenant, unit=block_year.memberships.get(unit__code=code).unit)

    criteria = list(table.criteria.filter(kind=CriterionKind.NORMAL).order_by("position"))
    for card in open_scorecards(actor=leader, block_year=block_year):
        officer = officers[card.unit.code]
        for criterion in criteria:
            set_self_score(actor=officer, card=card, criterion=criterion, score=criterion.max_points)
            if criterion.evidence_required:
                add_evidence(
                    actor=officer,
                    card=card,
                    criterion=criterion,
                    name="bao-cao-tong-ket-2022.docx",
                    content=_report_docx(f"Báo cáo tổng kết năm 2022 của {card.unit}."),
                )
        submit_scorecard(actor=officer, card=card)
        verification = leader_assignment(card, leader)
        verifier = (
            officers["NT-TTCT"] if card.unit.code == "NT-VPTU" else leader
        )  # the deputy verifies the leader
        lost = dict(zip(("I", "II", "III"), (Decimal(v) for v in LOST[card.unit.code]), strict=True))
        for criterion in criteria:
            group = criterion.code.split(".")[0]
            first = criterion.code in ("I.1", "II.1", "III.1")  # points are lost on each group's first item
            points = criterion.max_points - (lost[group] if first else Decimal(0))
            reason = "Một số nội dung chưa hoàn thành đúng hạn" if points < criterion.max_points else ""
            set_review_score(
                actor=verifier,
                assignment=verification,
                criterion=criterion,
                score=points,
                justification=reason,
            )
        submit_review(actor=verifier, assignment=verification)
    publish_ranking(actor=User.objects.get(username="bantdkt"), block_year=block_year)
    return True
