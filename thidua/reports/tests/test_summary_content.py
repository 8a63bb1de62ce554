"""The summary report's content drafted from the data (outputs.md §5.1), reopened with python-docx:
results per covenant criterion from the verified scores, the ranking, award counts by title and level
(voided records left out), proposals against decisions, the two annexes, and the cụm's titles."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from docx import Document

from thidua.awards.models import AwardRecord, AwardType
from thidua.blocks.models import BlockKind
from thidua.proposals.models import Dossier
from thidua.proposals.tests.helpers import to_council, unit_dossier
from thidua.proposals.tests.test_services import _decide
from thidua.reports import summary
from thidua.scoring.services.cards import open_scorecards
from thidua.scoring.tests.test_year import FULL, _review_all, _score_all, _signed_year


def _document(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def _scored_year(world: Any) -> None:
    _signed_year(world)
    all_cards = {c.unit_id: c for c in open_scorecards(actor=None, block_year=world.block_year)}
    officers = {world.leader_unit.pk: "leader", world.deputy_unit.pk: "board", world.member_unit.pk: "member"}
    for unit_id, card in all_cards.items():
        _score_all(world, card, FULL, world.user(officers[unit_id]))
    verified = {
        world.member_unit.pk: {"I.1": "38", "I.2": "20", "II.1": "24", "II.2": "15"},  # 97
        world.deputy_unit.pk: {"I.1": "36", "I.2": "20", "II.1": "25", "II.2": "15"},  # 96
        world.leader_unit.pk: {"I.1": "35", "I.2": "18", "II.1": "25", "II.2": "15"},  # 93
    }
    for unit_id, points in verified.items():
        reviewer = world.leader_unit if unit_id != world.leader_unit.pk else world.deputy_unit
        _review_all(world, all_cards[unit_id], reviewer, points)


def test_figures_from_scores_awards_proposals_and_decisions(world: Any, award_catalogue: Any) -> None:
    _scored_year(world)
    # A proposal of the block year answered by an issued decision (which writes the award record).
    dossier = unit_dossier(world)
    Dossier.objects.filter(pk=dossier.pk).update(block_year=world.block_year)
    decision = _decide(world, to_council(world, Dossier.objects.get(pk=dossier.pk)))
    # Awards of the members that year: a collective, an individual, a voided one, another year's.
    ttldxs = AwardType.objects.get(code="TTLDXS")
    AwardRecord.objects.create(unit=world.member_unit, award_type=ttldxs, year=2024)
    AwardRecord.objects.create(unit=world.deputy_unit, award_type=ttldxs, year=2024)
    AwardRecord.objects.create(
        unit=world.leader_unit, award_type=ttldxs, year=2024, voided_at=timezone.now(), void_reason="x"
    )
    AwardRecord.objects.create(unit=world.leader_unit, award_type=ttldxs, year=2023)
    AwardRecord.objects.create(unit=world.outside_unit, award_type=ttldxs, year=2024)

    paragraphs, tables = _document(summary.summary_docx(world.block_year))
    text = "\n".join(paragraphs)
    # Per criterion: the average and highest verified score over the three members.
    assert (
        "- Tiêu chí I.1. 10 chỉ tiêu trọng tâm (tối đa 40 điểm): bình quân 36,33 điểm, "
        "cao nhất 38 điểm (Sở Nội vụ); 3/3 đơn vị." in paragraphs
    )
    assert any(
        p.startswith("- Tiêu chí I.2. ") and "bình quân 19,33 điểm, cao nhất 20 điểm" in p for p in paragraphs
    )
    assert "Các đơn vị đã ký kết giao ước thi đua ngày" in text
    # Ranking from the scores.
    assert "Kết quả chấm điểm: thứ 1: Sở Nội vụ (97 điểm); thứ 2: Văn phòng UBND tỉnh (96 điểm); " in text
    assert "thứ 3: Sở Tài chính (93 điểm)." in text
    # Awards: 2 collectives (the voided, other year's and outsider's left out), 1 individual (the decision).
    assert "có 2 lượt tập thể, 1 lượt cá nhân được các cấp khen thưởng, trong đó:" in text
    assert "- Cấp bộ, ngành, tỉnh: Tập thể lao động xuất sắc 2 tập thể." in paragraphs
    assert "- Cấp cơ sở: Chiến sĩ thi đua cơ sở 1 cá nhân." in paragraphs
    # Proposals against decisions.
    assert (
        "Đề nghị khen thưởng 1 lượt (Chiến sĩ thi đua cơ sở: 1); đã có quyết định khen thưởng 1/1 lượt:"
        in text
    )
    assert (
        f"- Quyết định số 12/QĐ-UBND ngày 15/01/2025 của {decision.authority}: Chiến sĩ thi đua cơ sở 1 lượt."
        in text
    )
    # Annex 1: the score table with the groups; annex 2: the proposal list with its outcome.
    scores = next(t for t in tables if t[0][:2] == ["Thứ hạng", "Đơn vị"])
    assert scores[0] == ["Thứ hạng", "Đơn vị", "I", "II", "Điểm cộng", "Điểm trừ", "Tổng điểm"]
    assert scores[1] == ["1", "Sở Nội vụ", "58", "39", "0", "0", "97"]
    assert [row[1] for row in scores[1:]] == ["Sở Nội vụ", "Văn phòng UBND tỉnh", "Sở Tài chính"]
    proposals = next(t for t in tables if t[0][0] == "STT")
    assert proposals[1] == [
        "1",
        "Chiến sĩ thi đua cơ sở",
        "Nguyễn Thị Lan",
        "Sở Nội vụ",
        "QĐ số 12/QĐ-UBND ngày 15/01/2025",
    ]
    # The leader of a khối signs as Khối trưởng.
    assert any("KHỐI TRƯỞNG" in cell.upper() for t in tables for row in t for cell in row)


def test_a_cluster_says_cum_truong_and_no_data_says_so(world: Any) -> None:
    block = world.block
    block.kind = BlockKind.CLUSTER
    block.save(update_fields=["kind"])
    paragraphs, tables = _document(summary.summary_docx(world.block_year))
    text = "\n".join(paragraphs)
    assert "Cụm gồm 3 thành viên" in text and "do Sở Tài chính làm Cụm trưởng." in text
    assert "Cụm trưởng năm 2025: chưa rõ; Cụm phó: chưa rõ." in text
    assert "(Cụm trưởng viết)" in text and "Khối trưởng" not in text
    assert "Chưa có điểm đã thẩm định." in text and "Chưa có hồ sơ đề nghị khen thưởng của năm." in text
    assert "có 0 lượt tập thể, 0 lượt cá nhân được các cấp khen thưởng." in text
    cells = [cell for t in tables for row in t for cell in row]
    assert any("CỤM TRƯỞNG" in cell.upper() for cell in cells)
    assert not any("KHỐI TRƯỞNG" in cell.upper() for cell in cells)
    assert any("Các đơn vị trong Cụm" in cell for cell in cells)
