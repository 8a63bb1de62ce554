"""Print and export of the covenant, the scorecards, the score table and the ranking (issue 10 item 6):
every file is reopened (python-docx, openpyxl, pypdf) and its content checked; the doors are the pages'."""

from __future__ import annotations

import io
from decimal import Decimal as D
from typing import Any, cast

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua.documents.styles import vietnamese_date
from thidua.orgs.models import UnitKind
from thidua.scoring import papers, sheets
from thidua.scoring.models import Covenant, CovenantTarget
from thidua.scoring.services.covenant import amend_covenant, create_covenant
from thidua.scoring.services.ranking import publish_ranking
from thidua.scoring.services.reviews import add_adjustment
from thidua.scoring.tests.test_year import FULL, _review_all, _score_all
from thidua.testing import PERSONAS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _docx_text(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _verify(world: Any, year: dict[str, Any]) -> None:
    """Every card submitted (with an evidence note and a comment on I.1) and verified: the member and the
    deputy 97 each (they share rank 2), the leader 96,5 + a bonus of 1,5 = 98."""
    officers = {world.leader_unit.pk: "leader", world.deputy_unit.pk: "board", world.member_unit.pk: "member"}
    for unit_id, card in year["cards"].items():
        _score_all(world, card, FULL, world.user(officers[unit_id]))
        entry = card.entries.get(criterion__code="I.1")
        entry.evidence_note = "Báo cáo số 12-BC/TU"
        entry.comment = "Đạt 10/10 chỉ tiêu"
        entry.save()
    verified = {
        world.member_unit.pk: {"I.1": "38", "I.2": "20", "II.1": "24", "II.2": "15"},
        world.deputy_unit.pk: {"I.1": "37", "I.2": "20", "II.1": "25", "II.2": "15"},
        world.leader_unit.pk: {"I.1": "36.5", "I.2": "20", "II.1": "25", "II.2": "15"},
    }
    for unit_id, scores in verified.items():
        reviewer = world.leader_unit if unit_id != world.leader_unit.pk else world.deputy_unit
        _review_all(world, year["cards"][unit_id], reviewer, scores)
    add_adjustment(
        actor=world.user("leader"),
        card=year["cards"][world.leader_unit.pk],
        kind="bonus",
        points=D("1.5"),
        reason="Sáng kiến cấp tỉnh",
        basis="QĐ 12/QĐ-UBND",
    )


@pytest.fixture
def scored(world, year) -> dict[str, Any]:
    _verify(world, year)
    return cast("dict[str, Any]", year)


def _publish(world: Any) -> None:
    publish_ranking(actor=world.user("board"), block_year=world.block_year)


# --- The covenant ----------------------------------------------------------------------------------


def test_covenant_docx_has_the_official_header_targets_criteria_and_signatures(world, year) -> None:
    covenant = Covenant.objects.get(block_year=world.block_year)
    # A member's own target (the fixture's covenant is signed: written directly, as a draft would have it).
    CovenantTarget.objects.create(
        covenant=covenant, text="Giải quyết 100% hồ sơ đúng hạn", unit=world.member_unit, position=1
    )
    paragraphs, tables = _docx_text(papers.covenant_docx(covenant))
    text = "\n".join(paragraphs)
    header = tables[0]
    # State format (NĐ 30/2020): the block's name as the issuer, the Quốc hiệu and Tiêu ngữ on the right.
    assert "KHỐI A TỔNG HỢP" in header[0][0]
    assert (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[0][1] and "Độc lập - Tự do - Hạnh phúc" in header[0][1]
    )
    signed_on = timezone.localdate(covenant.signed_at)
    assert header[1][1].endswith(vietnamese_date(signed_on))  # "…, ngày 05 tháng 01 năm 2026"
    assert "GIAO ƯỚC THI ĐUA NĂM 2024" in paragraphs
    assert "của các đơn vị thành viên Khối A tổng hợp" in paragraphs
    assert "DỰ THẢO" not in paragraphs  # signed by all
    assert "Giao ước 2024" in paragraphs and "1. 10 chỉ tiêu trọng tâm" in paragraphs
    assert "- Sở Nội vụ: Giải quyết 100% hồ sơ đúng hạn" in paragraphs
    assert "III. TIÊU CHÍ CHẤM ĐIỂM" in text and "tổng 100 điểm" in text
    criteria = tables[1]
    assert criteria[0] == ["Mã", "Nội dung tiêu chí", "Điểm tối đa", "Ghi chú"]
    by_code = {row[0]: row for row in criteria[1:]}
    assert by_code["I"][1:3] == ["Nhiệm vụ chính trị", "60"]
    assert by_code["I.1"][2] == "40" and "bước 0,5 điểm" in by_code["I.1"][3]
    assert "cần minh chứng" in by_code["I.2"][3]
    assert criteria[-1][1:3] == ["Tổng cộng", "100"]
    # One signature cell per member, leader first; each says who signed and when.
    cells = [cell for row in tables[2] for cell in row]
    assert len([c for c in cells if c.strip()]) == 3
    assert cells[0].startswith("SỞ TÀI CHÍNH\nKhối trưởng\nĐã ký giao ước ngày ")
    assert cells[0].rstrip().endswith("Leader")
    assert cells[1].startswith("VĂN PHÒNG UBND TỈNH\nKhối phó")
    assert any(c.startswith("SỞ NỘI VỤ\nĐã ký giao ước ngày") and "Member" in c for c in cells)


def test_draft_covenant_is_marked_and_leaves_signatures_blank(world) -> None:
    covenant = create_covenant(actor=None, block_year=world.block_year, content="Nội dung dự thảo")
    paragraphs, tables = _docx_text(papers.covenant_docx(covenant))
    assert "DỰ THẢO" in paragraphs and "(Chưa có chỉ tiêu.)" in paragraphs
    assert any("Bảng tiêu chí chấm điểm sẽ được chọn" in p for p in paragraphs)
    signature_cells = [cell for row in tables[-1] for cell in row if cell.strip()]
    assert all("(Ký, ghi rõ họ tên, đóng dấu)" in c and "Đã ký" not in c for c in signature_cells)
    # The date is left to fill in by hand.
    assert "ngày      tháng      năm" in tables[0][1][1]


def test_covenant_of_a_party_led_block_is_in_the_party_format(world, year) -> None:
    world.leader_unit.kind = UnitKind.PARTY_AGENCY
    world.leader_unit.save()
    covenant = Covenant.objects.get(block_year=world.block_year)
    paragraphs, tables = _docx_text(papers.covenant_docx(covenant))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in tables[0][0][1] and "CỘNG HÒA" not in tables[0][0][1]
    assert "*" in tables[0][0][0]


def test_covenant_pdf_carries_the_text(world, year) -> None:
    covenant = Covenant.objects.get(block_year=world.block_year)
    text = _squash(_pdf_text(papers.covenant_pdf(covenant)))
    for words in (
        "GIAO ƯỚC THI ĐUA NĂM 2024",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Nhiệm vụ chính trị",
        "SỞ NỘI VỤ",
    ):
        assert words in text, words


# --- Scorecards and the score table -------------------------------------------------------------------


def test_scorecard_docx_has_self_verified_scores_and_evidence(world, scored) -> None:
    card = scored["cards"][world.member_unit.pk]
    paragraphs, tables = _docx_text(papers.scorecard_docx(card, with_ledger=False))
    assert "PHIẾU CHẤM ĐIỂM THI ĐUA NĂM 2024" in paragraphs and "Sở Nội vụ" in paragraphs
    assert "TẠM TÍNH" in paragraphs  # not yet published
    grid = tables[1]
    assert grid[0][4] == "Điểm thẩm định (tạm tính)"
    rows = {row[0]: row for row in grid[1:] if row[0]}
    assert rows["I.1"][2:5] == ["40", "40", "38"]
    assert rows["I.1"][5] == "Đạt 10/10 chỉ tiêu" and "Báo cáo số 12-BC/TU" in rows["I.1"][6]
    assert rows["I.2"][6] == "Tệp: bao-cao.pdf (bản 1)"
    assert rows["I"][3:5] == ["60", "58"]
    total = next(row for row in grid if row[1] == "Cộng điểm các tiêu chí")
    assert total[2:5] == ["100", "100", "97"]
    assert not any(row[1] == "Điểm thưởng" for row in grid)
    _publish(world)
    paragraphs, tables = _docx_text(papers.scorecard_docx(card, with_ledger=True))
    assert "TẠM TÍNH" not in paragraphs and tables[1][0][4] == "Điểm thẩm định"
    assert any(row[1] == "Tổng điểm" and row[4] == "97" for row in tables[1])


def test_scorecard_pdf_and_its_door(world, scored, login) -> None:
    leader_card = scored["cards"][world.leader_unit.pk]
    url = reverse("scoring:scorecard_pdf", args=[leader_card.pk])
    response = login(world.user("leader")).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _squash(_pdf_text(response.content))
    assert "PHIẾU CHẤM ĐIỂM THI ĐUA NĂM 2024" in text and "Sáng kiến cấp tỉnh" in text and "36,5" in text
    # Same door as the page: the outsider does not see the card; the member (not its reviewer) neither.
    assert login(world.user("outsider")).get(url).status_code == 404
    assert login(world.user("member")).get(url).status_code == 404


def test_score_table_xlsx_one_row_per_member(world, scored) -> None:
    book = load_workbook(io.BytesIO(sheets.score_table_xlsx(world.block_year)))
    sheet = book["Bảng điểm"]
    assert sheet["A1"].value == "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM 2024 – Khối A tổng hợp"
    assert sheet["A2"].value.startswith("TẠM TÍNH")
    header = [c.value for c in sheet[4]]
    assert header == [
        "STT", "Đơn vị", "I.1", "I.2", "II.1", "II.2",
        "Cộng điểm tiêu chí", "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Xếp hạng", "Xếp loại",
    ]  # fmt: skip
    assert [c.value for c in sheet[5]][1:7] == ["Điểm tối đa", 40, 20, 25, 15, 100]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert [(r[1], r[9], r[10]) for r in rows] == [
        ("Sở Tài chính", 98, 1),
        ("Sở Nội vụ", 97, 2),
        ("Văn phòng UBND tỉnh", 97, 2),
    ]
    leader = rows[0]
    assert leader[2:9] == [36.5, 20, 25, 15, 96.5, 1.5, 0] and leader[11] == "Xuất sắc"
    assert sheet.cell(row=6, column=3).number_format == "#,##0.00"
    assert sheet.cell(row=6, column=10).number_format == "#,##0.00"
    legend = book["Tiêu chí"]
    assert [c.value for c in legend[2]] == ["I.1", "10 chỉ tiêu trọng tâm", 40, "I"]
    _publish(world)
    book = load_workbook(io.BytesIO(sheets.score_table_xlsx(world.block_year)))
    assert book["Bảng điểm"]["A2"].value.startswith("Kết quả đã công bố ngày ")


def test_score_table_lists_a_member_without_a_submitted_card(world, year) -> None:
    book = load_workbook(io.BytesIO(sheets.score_table_xlsx(world.block_year)))
    rows = [[c.value for c in row] for row in book["Bảng điểm"].iter_rows(min_row=6)]
    assert len(rows) == 3 and all(r[-1] == "Chưa nộp phiếu chấm" for r in rows)


@pytest.mark.parametrize("persona", PERSONAS)
def test_score_table_door(world, scored, login, persona) -> None:
    response = login(world.user(persona)).get(
        reverse("scoring:score_table_xlsx", args=[world.block.pk, 2024])
    )
    expected = {"board": 200, "admin": 200, "observer": 200, "leader": 200, "outsider": 404}.get(persona, 403)
    assert response.status_code == expected, persona
    if expected == 200:
        assert response["Content-Type"] == XLSX
        load_workbook(io.BytesIO(response.content))


# --- The ranking ------------------------------------------------------------------------------------


def test_ranking_files_show_rank_total_band_and_shared_places(world, scored) -> None:
    _publish(world)
    view = papers.ranking_view(world.block_year, provisional_allowed=False)
    assert view is not None and not view.provisional
    book = load_workbook(io.BytesIO(sheets.ranking_xlsx(world.block_year, view)))
    sheet = book["Xếp hạng"]
    assert sheet["A2"].value.startswith("Kết quả đã công bố ngày ")
    assert [c.value for c in sheet[4]] == [
        "Hạng",
        "Đơn vị",
        "Tổng điểm",
        "Điểm thưởng",
        "Điểm trừ",
        "Xếp loại",
        "Ghi chú",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert rows == [
        [1, "Sở Tài chính", 98, 1.5, 0, "Xuất sắc", None],
        [2, "Sở Nội vụ", 97, 0, 0, "Xuất sắc", "Đồng hạng 2 (2 đơn vị)"],
        [2, "Văn phòng UBND tỉnh", 97, 0, 0, "Xuất sắc", "Đồng hạng 2 (2 đơn vị)"],
    ]
    assert sheet["C5"].number_format == "#,##0.00"
    paragraphs, tables = _docx_text(papers.ranking_docx(world.block_year, view))
    assert "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM 2024" in paragraphs and "TẠM TÍNH" not in paragraphs
    assert tables[1][1] == ["1", "Sở Tài chính", "98", "Xuất sắc", ""]
    assert tables[1][2] == ["2", "Sở Nội vụ", "97", "Xuất sắc", "Đồng hạng 2 (2 đơn vị)"]
    assert any("Thứ tự so sánh: tổng điểm → ít điểm trừ hơn" in p for p in paragraphs)
    text = _squash(_pdf_text(papers.ranking_pdf(world.block_year, view)))
    assert "Văn phòng UBND tỉnh" in text and "Đồng hạng 2 (2 đơn vị)" in text and "98" in text


@pytest.mark.parametrize("persona", PERSONAS)
def test_ranking_before_publication_is_refused_or_provisional(world, scored, login, persona) -> None:
    client = login(world.user(persona))
    url = reverse("scoring:ranking_download", args=[world.block.pk, 2024, "xlsx"])
    response = client.get(url)
    if persona == "outsider":
        assert response.status_code == 404
    elif persona in ("board", "admin", "leader"):
        # As on the ranking page: those who run scoring see the provisional ranking, marked so.
        assert response.status_code == 200 and "tam-tinh" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content))["Xếp hạng"]
        assert sheet["A2"].value.startswith("Tạm tính")
    else:
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "Kết quả xếp hạng chưa được công bố" in page
    _publish(world)
    response = client.get(url)
    assert response.status_code == (404 if persona == "outsider" else 200)


def test_ranking_download_pdf_after_publication(world, scored, login) -> None:
    _publish(world)
    response = login(world.user("member")).get(
        reverse("scoring:ranking_download", args=[world.block.pk, 2024, "pdf"])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM 2024" in _squash(_pdf_text(response.content))


@pytest.mark.parametrize("persona", PERSONAS)
def test_covenant_download_door(world, year, login, persona) -> None:
    covenant = Covenant.objects.get(block_year=world.block_year)
    response = login(world.user(persona)).get(
        reverse("scoring:covenant_download", args=[covenant.pk, "docx"])
    )
    assert response.status_code == (404 if persona == "outsider" else 200), persona
    if persona != "outsider":
        paragraphs, _tables = _docx_text(response.content)
        assert "GIAO ƯỚC THI ĐUA NĂM 2024" in paragraphs


def test_links_on_the_pages(world, scored, login) -> None:
    covenant = Covenant.objects.get(block_year=world.block_year)
    overview = reverse("scoring:overview", args=[world.block.pk, 2024])
    ranking = reverse("scoring:ranking", args=[world.block.pk, 2024])
    table_link = reverse("scoring:score_table_xlsx", args=[world.block.pk, 2024])
    covenant_link = reverse("scoring:covenant_download", args=[covenant.pk, "pdf"])
    ranking_link = reverse("scoring:ranking_download", args=[world.block.pk, 2024, "pdf"])
    card = scored["cards"][world.member_unit.pk]
    card_link = reverse("scoring:scorecard_pdf", args=[card.pk])
    board = login(world.user("board"))
    page = board.get(overview).content.decode()
    assert covenant_link in page and table_link in page
    assert ranking_link in board.get(ranking).content.decode()
    assert card_link in board.get(reverse("scoring:scorecard", args=[card.pk])).content.decode()
    member = login(world.user("member"))
    page = member.get(overview).content.decode()
    assert covenant_link in page and table_link not in page
    assert ranking_link not in member.get(ranking).content.decode()  # nothing published yet
    _publish(world)
    assert ranking_link in member.get(ranking).content.decode()


# --- The API ----------------------------------------------------------------------------------------


def _api(user: Any) -> Any:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_files_have_the_pages_doors(world, scored, persona) -> None:
    client = _api(world.user(persona))
    covenant = Covenant.objects.get(block_year=world.block_year)
    ranking = f"/api/v1/rankings/{world.block_year.pk}/"
    response = client.get(f"/api/v1/covenants/{covenant.pk}/docx/")
    assert response.status_code == (404 if persona == "outsider" else 200), persona
    if response.status_code == 200:
        assert "GIAO ƯỚC THI ĐUA NĂM 2024" in _docx_text(response.content)[0]
    response = client.get(ranking + "score-table/")
    expected = {"board": 200, "admin": 200, "observer": 200, "leader": 200, "outsider": 404}.get(persona, 403)
    assert response.status_code == expected, persona
    response = client.get(ranking + "xlsx/")
    runs = persona in ("board", "admin", "leader")
    assert response.status_code == (404 if persona == "outsider" else 200 if runs else 409), persona
    if response.status_code == 409:
        assert "chưa được công bố" in response.json()["detail"]
    _publish(world)
    response = client.get(ranking + "xlsx/")
    assert response.status_code == (404 if persona == "outsider" else 200), persona
    if response.status_code == 200:
        sheet = load_workbook(io.BytesIO(response.content))["Xếp hạng"]
        assert [sheet.cell(row=r, column=2).value for r in (5, 6, 7)] == [
            "Sở Tài chính",
            "Sở Nội vụ",
            "Văn phòng UBND tỉnh",
        ]


def test_api_pdfs(world, scored) -> None:
    _publish(world)
    client = _api(world.user("member"))
    card = scored["cards"][world.member_unit.pk]
    response = client.get(f"/api/v1/scorecards/{card.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _squash(_pdf_text(response.content))
    assert "Sở Nội vụ" in text and "Báo cáo số 12-BC/TU" in text and "Sáng kiến" not in text
    assert _api(world.user("outsider")).get(f"/api/v1/scorecards/{card.pk}/pdf/").status_code == 404
    response = client.get(f"/api/v1/rankings/{world.block_year.pk}/pdf/")
    assert response.status_code == 200
    assert "Đồng hạng 2 (2 đơn vị)" in _squash(_pdf_text(response.content))
    covenant = Covenant.objects.get(block_year=world.block_year)
    response = client.get(f"/api/v1/covenants/{covenant.pk}/pdf/")
    assert response.status_code == 200 and "GIAO ƯỚC THI ĐUA" in _squash(_pdf_text(response.content))


def test_an_amended_covenant_says_so(world, year) -> None:
    covenant = Covenant.objects.get(block_year=world.block_year)
    amended = amend_covenant(
        actor=world.user("leader"), covenant=covenant, reason="Bổ sung chỉ tiêu chuyển đổi số"
    )
    paragraphs, _tables = _docx_text(papers.covenant_docx(amended))
    assert "(Sửa đổi, bổ sung lần 1: Bổ sung chỉ tiêu chuyển đổi số)" in paragraphs
    assert "DỰ THẢO" in paragraphs
