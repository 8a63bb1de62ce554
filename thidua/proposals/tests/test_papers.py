"""The proposals' papers from the documents engine: the tờ trình of a dossier version and the
decision with its attached list, reopened with python-docx (and pypdf for the PDF job)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from thidua.awards.models import AwardRecord, AwardType
from thidua.documents.models import IssuedNumber
from thidua.jobs.models import Job
from thidua.orgs.models import UnitKind
from thidua.proposals import services
from thidua.proposals.models import Decision, SubmissionPaper
from thidua.proposals.tests.helpers import D, attach_papers, to_council, unit_dossier
from thidua.testing import make_person, make_unit

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"proposals:{name}", args=args)


def text_of(data: bytes) -> tuple[list[str], list[list[str]]]:
    """The paragraphs (body and header cells) and every table's rows of a DOCX."""
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    rows = []
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            rows.append(cells)
            paragraphs += [line.strip() for cell in cells for line in cell.splitlines()]
    return paragraphs, rows


def _two_line_dossier(world):
    dossier = unit_dossier(world)
    services.add_line(
        actor=world.user("member"),
        dossier=dossier,
        award_type=AwardType.objects.get(code="TTLDTT"),
        unit=world.member_sub_unit,
        wording="Dẫn đầu phong trào thi đua năm 2024",
    )
    return attach_papers(world, dossier)


def _decide(world, dossier, *, number=""):
    decision = services.draft_decision(
        actor=world.user("board"),
        dossier=dossier,
        award_type=AwardType.objects.get(code="CSTDCS"),
        number=number,
        date=D(2025, 1, 15),
        signer_title="Phó Chủ tịch",
        signer_name="Nguyễn Văn Chủ",
        bases="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nCăn cứ Nghị định số 152/2025/NĐ-CP;",
    )
    return services.issue_decision(actor=world.user("board"), decision=decision)


# -- the tờ trình --------------------------------------------------------------------------------------


def test_submission_paper_has_the_state_header_its_number_and_the_list(world, login):
    dossier = _two_line_dossier(world)
    client = login(world.user("member"))
    draft, _rows = text_of(client.get(url("dossier_paper", dossier.pk)).content)
    assert "Số:       /TTr-SO-NV" in draft  # a draft's number is left blank
    services.submit_dossier(actor=world.user("member"), dossier=dossier, today=D(2024, 12, 5))

    response = client.get(url("dossier_paper", dossier.pk))
    assert response.status_code == 200
    paragraphs, rows = text_of(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in paragraphs
    assert "SỞ NỘI VỤ" in paragraphs
    assert "Số: 01/TTr-SO-NV" in paragraphs
    assert "TỜ TRÌNH" in paragraphs
    assert any("ngày 05 tháng 12 năm 2024" in p for p in paragraphs)
    assert "Kính gửi: UBND tỉnh Thử Nghiệm" in " ".join(paragraphs) or any(
        "UBND tỉnh Thử Nghiệm" in p for p in paragraphs
    )
    # The danh sách: collectives first, then people, with position – unit and the title or form.
    listed = [row for row in rows if row and row[0] in ("1", "2")]
    assert listed[0][:2] == ["1", "Phòng Thi đua - Khen thưởng"]
    assert listed[0][2] == "Sở Nội vụ"
    assert listed[1][:3] == ["2", "Nguyễn Thị Lan", "Chuyên viên, Sở Nội vụ"]
    assert listed[1][3] == AwardType.objects.get(code="CSTDCS").name
    # Mẫu 01's last column, Ghi chú: the line's basis, or its wording.
    assert any(row[-1] == "Ghi chú" and row[0] == "STT" for row in rows)
    assert listed[0][4] == "Dẫn đầu phong trào thi đua năm 2024"


def test_submission_number_is_given_once_and_a_resubmission_gets_its_own(world, login):
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier, today=D(2024, 12, 5))
    client = login(world.user("member"))
    first = text_of(client.get(url("dossier_paper", dossier.pk)).content)[0]
    again = text_of(client.get(url("dossier_paper", dossier.pk)).content)[0]
    assert "Số: 01/TTr-SO-NV" in first and "Số: 01/TTr-SO-NV" in again
    assert IssuedNumber.objects.filter(doc_type="TTr").count() == 1

    board = world.user("board")
    services.receive_dossier(actor=board, dossier=dossier, today=D(2024, 12, 6))
    services.return_dossier(actor=board, dossier=dossier, reason="Thiếu báo cáo thành tích")
    services.resubmit_dossier(actor=world.user("member"), dossier=dossier, today=D(2024, 12, 9))
    assert list(
        SubmissionPaper.objects.filter(dossier=dossier).values_list("version", "issued_number__number")
    ) == [
        (1, 1),
        (2, 2),
    ]
    v1 = text_of(client.get(url("dossier_paper", dossier.pk) + "?version=1").content)[0]
    v2 = text_of(client.get(url("dossier_paper", dossier.pk) + "?version=2").content)[0]
    assert "Số: 01/TTr-SO-NV" in v1 and "Số: 02/TTr-SO-NV" in v2
    assert any("ngày 09 tháng 12 năm 2024" in p for p in v2)
    page = client.get(url("dossier", dossier.pk)).content.decode()
    assert "02/TTr-SO-NV" in page


def test_party_agency_writes_its_submission_in_the_party_format(world, login):
    agency = make_unit("BTC-TU", "Ban Tổ chức Tỉnh ủy", kind=UnitKind.PARTY_AGENCY, parent=world.province)
    person = make_person("Trần Văn Đảng", agency)
    board = world.user("board")
    dossier = services.create_dossier(
        actor=board,
        title="Đề nghị của Ban Tổ chức",
        proposing_unit=agency,
        receiving_body=world.province,
        year=2024,
    )
    services.add_line(
        actor=board, dossier=dossier, award_type=AwardType.objects.get(code="CSTDCS"), person=person
    )
    attach_papers(world, dossier, actor=board)
    services.submit_dossier(actor=board, dossier=dossier, today=D(2024, 12, 5))
    paragraphs, rows = text_of(login(board).get(url("dossier_paper", dossier.pk)).content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in paragraphs
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in paragraphs
    assert "Số 1-TTr/BTC-TU" in paragraphs
    assert any(row[1:3] == ["Trần Văn Đảng", "Chuyên viên, Ban Tổ chức Tỉnh ủy"] for row in rows)


@pytest.mark.parametrize("persona", ["outsider", "leader", "delegate"])
def test_another_units_officer_cannot_download_the_dossier_paper(world, login, persona):
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier, today=D(2024, 12, 5))
    response = login(world.user(persona)).get(url("dossier_paper", dossier.pk))
    assert response.status_code in (403, 404)
    assert not response.content.startswith(b"PK")


# -- the decision --------------------------------------------------------------------------------------


def test_decision_number_is_allocated_on_issue_and_kept(world, login):
    dossier = to_council(world, unit_dossier(world))
    decision = services.draft_decision(
        actor=world.user("board"),
        dossier=dossier,
        award_type=AwardType.objects.get(code="CSTDCS"),
        date=D(2025, 1, 15),
    )
    client = login(world.user("board"))
    draft = text_of(client.get(url("decision_paper", decision.pk)).content)[0]
    assert "Số:       /QĐ-UBND-T" in draft
    assert not IssuedNumber.objects.filter(doc_type="QĐ").exists()
    decision = services.issue_decision(actor=world.user("board"), decision=decision)
    assert decision.number == "01/QĐ-UBND-T"
    record = AwardRecord.objects.get(decision_line__decision=decision)
    assert record.decision_number == "01/QĐ-UBND-T"
    for _download in range(2):
        paragraphs = text_of(client.get(url("decision_paper", decision.pk)).content)[0]
        assert "Số: 01/QĐ-UBND-T" in paragraphs
    assert IssuedNumber.objects.filter(doc_type="QĐ").count() == 1


def test_decision_paper_has_its_articles_and_the_grouped_list(world, login):
    dossier = _two_line_dossier(world)
    to_council(world, dossier)
    decision = _decide(world, dossier)
    client = login(world.user("board"))
    page = client.get(url("decision", decision.pk)).content.decode()
    assert url("decision_paper", decision.pk) in page
    paragraphs, rows = text_of(client.get(url("decision_paper", decision.pk)).content)
    text = "\n".join(paragraphs)
    assert "UBND TỈNH THỬ NGHIỆM" in paragraphs
    assert "QUYẾT ĐỊNH" in paragraphs and "QUYẾT ĐỊNH:" in paragraphs
    assert decision.authority.upper() in paragraphs
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in paragraphs
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP;" in paragraphs
    assert "Theo đề nghị của Sở Nội vụ," in paragraphs
    # Only the CSTĐCS line is decided here: one individual, no collective.
    assert "I. CÁ NHÂN (1)" in paragraphs and "TẬP THỂ (" not in text
    assert any(row[:3] == ["1", "Nguyễn Thị Lan", "Chuyên viên, Sở Nội vụ"] for row in rows)
    article2 = next(p for p in paragraphs if p.startswith("Điều 2."))
    assert "2.340.000 đồng" in article2 and "Tổng cộng: 2.340.000 đồng" in article2
    assert "Tổng cộng: 01 cá nhân; tiền thưởng: 2.340.000 đồng./." in paragraphs  # the list's total line
    article3 = next(p for p in paragraphs if p.startswith("Điều 3."))
    assert "Sở Nội vụ" in article3 and "chịu trách nhiệm thi hành" in article3
    assert "KT. CHỦ TỊCH" in paragraphs and "PHÓ CHỦ TỊCH" in paragraphs


def test_decision_with_both_groups_numbers_them_i_and_ii(world):
    from thidua.proposals.papers import decision_context

    unit_type = AwardType.objects.get(code="GIAY_KHEN")
    dossier = services.create_dossier(
        actor=world.user("board"),
        title="Đề nghị tổng hợp",
        proposing_unit=world.member_unit,
        receiving_body=world.province,
        year=2024,
    )
    services.add_line(
        actor=world.user("board"), dossier=dossier, award_type=unit_type, unit=world.member_sub_unit
    )
    services.add_line(
        actor=world.user("board"), dossier=dossier, award_type=unit_type, person=world.member_person
    )
    to_council(world, dossier)
    decision = services.draft_decision(
        actor=world.user("board"), dossier=dossier, award_type=unit_type, date=D(2025, 1, 15)
    )
    _letterhead, context = decision_context(decision)
    headings = [group["heading"] for group in context["annex"]["groups"]]
    assert headings == ["I. TẬP THỂ (1)", "II. CÁ NHÂN (1)"]


def test_a_unit_officer_cannot_download_another_units_decision(world, login):
    decision = _decide(world, to_council(world, unit_dossier(world)))
    response = login(world.user("outsider")).get(url("decision_paper", decision.pk))
    assert response.status_code == 404
    assert login(world.user("outsider")).post(url("decision_pdf", decision.pk)).status_code == 404
    assert not Job.objects.exists()


def test_decision_pdf_job_makes_a_pdf_with_the_number(world, login):
    decision = _decide(world, to_council(world, unit_dossier(world)))
    client = login(world.user("board"))
    response = client.post(url("decision_pdf", decision.pk))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.kind == "proposals.decision_pdf" and job.status == "done", job.error
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
    pdf = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert decision.number == "01/QĐ-UBND-T"
    assert "01/QĐ-UBND-T" in text
    assert "Nguyễn Thị Lan" in text


def test_board_drafts_without_a_number_from_the_page_and_issuing_numbers_it(world, login):
    dossier = to_council(world, unit_dossier(world))
    client = login(world.user("board"))
    client.post(
        url("decision_create", dossier.pk),
        {"award_type": AwardType.objects.get(code="CSTDCS").pk, "number": "", "date": "15/01/2025"},
    )
    decision = dossier.decisions.get()
    assert decision.number == "" and decision.issued_number is None
    page = client.get(url("decision", decision.pk)).content.decode()
    assert "Số quyết định được cấp khi ban hành." in page
    client.post(url("decision_issue", decision.pk))
    decision.refresh_from_db()
    assert decision.number == "01/QĐ-UBND-T"
    assert decision.issued_number is not None and decision.issued_number.number == 1
    # Another draft of the same day without a number does not collide with the first.
    other = to_council(world, unit_dossier(world, code="LDTT"))
    services.draft_decision(
        actor=world.user("board"),
        dossier=other,
        award_type=AwardType.objects.get(code="LDTT"),
        date=D(2025, 1, 15),
    )
    third = to_council(world, unit_dossier(world, code="LDTT"))
    services.draft_decision(
        actor=world.user("board"),
        dossier=third,
        award_type=AwardType.objects.get(code="LDTT"),
        date=D(2025, 1, 15),
    )
    assert Decision.objects.filter(number="", date=D(2025, 1, 15)).count() == 2


def test_decision_payment_sheet_lists_each_amount_with_subtotals_and_the_total(world, login):
    """Issue 9 item 6: the danh sách chi of a decision, reopened with openpyxl: coefficient × base
    salary on the decision date (R-MONEY-01), collectives then individuals, subtotals, total."""
    from openpyxl import load_workbook

    giay_khen = AwardType.objects.get(code="GIAY_KHEN")
    board = world.user("board")
    dossier = services.create_dossier(
        actor=board,
        title="Đề nghị tổng hợp",
        proposing_unit=world.member_unit,
        receiving_body=world.province,
        year=2024,
    )
    services.add_line(actor=board, dossier=dossier, award_type=giay_khen, unit=world.member_sub_unit)
    services.add_line(actor=board, dossier=dossier, award_type=giay_khen, person=world.member_person)
    to_council(world, dossier)
    decision = services.draft_decision(
        actor=board, dossier=dossier, award_type=giay_khen, number="31/QĐ-UBND", date=D(2025, 1, 15)
    )
    decision = services.issue_decision(actor=board, decision=decision)
    client = login(board)
    assert url("decision_payments", decision.pk) in client.get(url("decision", decision.pk)).content.decode()
    response = client.get(url("decision_payments", decision.pk))
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "DANH SÁCH CHI TIỀN THƯỞNG"
    assert rows[1][0].startswith("Kèm theo Quyết định số 31/QĐ-UBND ngày 15/01/2025")
    assert rows[3] == [
        "STT",
        "Tập thể, cá nhân",
        "Hình thức khen thưởng",
        "Hệ số",
        "Mức lương cơ sở (đồng)",
        "Số tiền (đồng)",
        "Ký nhận",
    ]
    collective, individual = decision.lines.get(unit__isnull=False), decision.lines.get(person__isnull=False)
    assert collective.coefficient is not None and individual.coefficient is not None
    assert rows[4][0] == "I. TẬP THỂ (1)"
    assert rows[5][:6] == [
        1,
        world.member_sub_unit.name,
        giay_khen.name,
        float(collective.coefficient),
        2_340_000,
        collective.amount,
    ]
    assert rows[6][1:6] == ["Cộng tập thể", None, None, None, collective.amount]
    assert rows[7][0] == "II. CÁ NHÂN (1)"
    assert rows[8][:6] == [
        1,
        world.member_person.full_name,
        giay_khen.name,
        float(individual.coefficient),
        2_340_000,
        individual.amount,
    ]
    assert rows[10][1] == "Tổng cộng" and rows[10][5] == collective.amount + individual.amount > 0
    # R-MONEY-01: coefficient × base salary, rounded up to 10,000 VND.
    for line, coefficient in ((collective, collective.coefficient), (individual, individual.coefficient)):
        assert line.amount == -(-int(coefficient * 2_340_000) // 10_000) * 10_000
    assert login(world.user("outsider")).get(url("decision_payments", decision.pk)).status_code == 404
