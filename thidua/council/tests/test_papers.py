"""The council's minutes from the documents engine, reopened with python-docx."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from thidua.council import services
from thidua.council.tests.helpers import council_session
from thidua.documents.models import IssuedNumber

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    rows = []
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            rows.append(cells)
            paragraphs += [line.strip() for cell in cells for line in cell.splitlines()]
    return paragraphs, rows


def closed_session(world, *, yes=3, written_yes=1):
    """Five members (N), four present; ceil(0,8 × 5) = 4 needed (R-IND-04)."""
    session, team = council_session(world, members=5)
    board = world.user("board")
    services.open_session(actor=board, session=session, present=team[:4])
    line = session.lines.get()
    services.enter_counts(actor=board, session=session, counts={line.pk: (yes, 4 - yes, 0, written_yes, 0)})
    services.close_session(actor=board, session=session)
    session.refresh_from_db()
    return session, team


def test_close_allocates_the_minutes_number_of_the_body(world):
    session, _ = closed_session(world)
    issued = session.minutes_number
    assert issued is not None and issued.issuer == world.province and issued.doc_type == "BB"
    assert issued.number_line == "Số: 01/BB-HĐTĐKT"
    assert issued.issued_on == session.date
    # a second session of the same body in the same year takes the next number
    second = services.create_session(
        actor=world.user("board"), council=session.council, date=session.date, place="Phòng 2"
    )
    services.open_session(
        actor=world.user("board"), session=second, present=list(session.council.members.all())
    )
    services.close_session(actor=world.user("board"), session=second)
    second.refresh_from_db()
    assert second.minutes_number is not None
    assert second.minutes_number.number_line == "Số: 02/BB-HĐTĐKT"
    assert IssuedNumber.objects.filter(doc_type="BB").count() == 2


def test_minutes_docx_has_header_number_members_counts_and_result(world, login):
    session, team = closed_session(world)
    response = login(world.user("board")).get(reverse("council:session_minutes", args=[session.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    paragraphs, rows = text_of(response.content)
    text = "\n".join(paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "UBND TỈNH THỬ NGHIỆM" in text and "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in text
    assert "Số: 01/BB-HĐTĐKT" in text
    assert "BIÊN BẢN" in text
    assert "ngày 20 tháng 12 năm 2024" in text and "Phòng họp số 1" in text
    assert "Tổng số thành viên Hội đồng: 05; có mặt: 04; vắng mặt: 01." in text
    assert "khoản 7 Điều 30 Nghị định số 98/2023/NĐ-CP" in text
    members = {r[1]: r[3] for r in rows if len(r) == 4 and r[0].isdigit()}
    assert members["Thành viên 0"] == "Có mặt" and members["Thành viên 4"] == "Vắng mặt"
    result = next(r for r in rows if len(r) == 9 and r[0] == "1")
    assert result[1] == "Nguyễn Thị Lan"
    assert result[3:] == ["3", "1", "0", "1/0", "4 (80 %)", "Đạt (4/5)"]
    assert "Hội đồng thống nhất: 01 trường hợp đạt, 00 trường hợp không đạt" in text
    assert "Thành viên 0" in text and "Thành viên 2" in text  # chair and secretary sign


def test_minutes_of_a_failed_line_and_the_link_on_the_page(world, login):
    session, _ = closed_session(world, yes=2, written_yes=1)
    client = login(world.user("board"))
    page = client.get(reverse("council:session", args=[session.pk])).content.decode()
    assert reverse("council:session_minutes", args=[session.pk]) in page and "Số: 01/BB-HĐTĐKT" in page
    _, rows = text_of(client.get(reverse("council:session_minutes", args=[session.pk])).content)
    result = next(r for r in rows if len(r) == 9 and r[0] == "1")
    assert result[-1] == "Không đạt (3/5)"


def test_draft_minutes_leave_the_number_blank(world, login):
    session, _ = council_session(world)
    paragraphs, _ = text_of(
        login(world.user("board")).get(reverse("council:session_minutes", args=[session.pk])).content
    )
    assert any(p.startswith("Số:") and "/BB-HĐTĐKT" in p and "01" not in p for p in paragraphs)


@pytest.mark.parametrize("persona", ["member", "delegate", "outsider"])
def test_minutes_refused_to_others(world, login, persona):
    session, _ = closed_session(world)
    assert (
        login(world.user(persona)).get(reverse("council:session_minutes", args=[session.pk])).status_code
        == 403
    )
