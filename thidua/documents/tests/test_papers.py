"""Every shipped paper, in both formats, rendered and reopened (python-docx), and as PDF (pypdf)."""

import datetime

import pytest
from docx.oxml.ns import qn

from thidua.documents.contexts import (
    ListRow,
    Section,
    Table,
    TemplateKind,
    build_decision_context,
    build_minutes_context,
    build_submission_context,
    sample_context,
)
from thidua.documents.pdf import docx_to_pdf
from thidua.documents.render import render_docx
from thidua.documents.styles import Authority, DocumentStyle, Letterhead, Signature
from thidua.documents.tests.helpers import all_text, header_cells, open_docx, pdf_text, table_rows

pytestmark = pytest.mark.django_db

STATE = Letterhead(
    style=DocumentStyle.STATE,
    issuer="Khối thi đua các cơ quan tổng hợp",
    parent="Ủy ban nhân dân tỉnh Khánh Hòa",
    symbol="KTĐ",
    place="Nha Trang",
)
PARTY = Letterhead(
    style=DocumentStyle.PARTY,
    issuer="Khối thi đua các cơ quan Đảng",
    parent="Đảng bộ tỉnh Khánh Hòa",
    symbol="KTĐ",
    place="Nha Trang",
)
SIGN = Signature(
    title="Trưởng khối", name="Nguyễn Văn Hùng", authority=Authority.ON_BEHALF, principal="Khối thi đua"
)
PEOPLE = [ListRow(f"Nguyễn Thị Hồng {i}", "Chuyên viên, Sở Nội vụ", "Bằng khen") for i in range(1, 4)]
UNITS = [ListRow("Phòng Thi đua - Khen thưởng", "Sở Nội vụ", "Tập thể Lao động xuất sắc")]


def _decision(letterhead: Letterhead, collectives=UNITS, individuals=PEOPLE) -> bytes:
    context = build_decision_context(
        letterhead=letterhead,
        number=7,
        day=datetime.date(2026, 1, 5),
        summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        authority="Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa",
        bases=[
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ Nghị định số 152/2025/NĐ-CP",
        ],
        proposal="Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 05/TTr-SNV",
        articles=[
            "Tặng Bằng khen cho 01 tập thể và 03 cá nhân (có danh sách kèm theo).",
            "Mỗi cá nhân được thưởng theo quy định.",
            "Chánh Văn phòng Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành Quyết định này./.",
        ],
        collectives=collectives,
        individuals=individuals,
        annex_title="Danh sách tập thể, cá nhân được tặng Bằng khen",
        signature=Signature(
            title="Phó Chủ tịch", name="Lê Văn Cường", authority=Authority.DEPUTY, principal="Chủ tịch"
        ),
        recipients=["Như Điều 3", "Lưu: VT, NV"],
    )
    return render_docx(TemplateKind.DECISION, letterhead.style, context)


def test_state_decision_has_the_state_header_number_articles_and_the_grouped_list():
    document = open_docx(_decision(STATE))
    cells = header_cells(document)
    assert cells[0].split("\n")[:2] == ["ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "KHỐI THI ĐUA CÁC CƠ QUAN TỔNG HỢP"]
    assert cells[1].split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert cells[2] == "Số: 07/QĐ-KTĐ"
    assert cells[3] == "Nha Trang, ngày 05 tháng 01 năm 2026"
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:3] == [
        "QUYẾT ĐỊNH",
        "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
    ]
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in texts
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP;" in texts
    assert "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 05/TTr-SNV," in texts
    assert "Điều 1. Tặng Bằng khen cho 01 tập thể và 03 cá nhân (có danh sách kèm theo)." in texts
    assert (
        texts.index(
            "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành Quyết định này./."
        )
        > 0
    )
    bases = [p for p in document.paragraphs if p.text.startswith("Căn cứ")]
    assert all(run.italic for p in bases for run in p.runs)
    assert (
        "(Kèm theo Quyết định số 07/QĐ-KTĐ ngày 05 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa)"
        in texts
    )
    assert "I. TẬP THỂ (1)" in texts and "II. CÁ NHÂN (3)" in texts
    assert texts[-1] == "Tổng cộng: 01 tập thể và 03 cá nhân./."  # the list's closing total line
    signature = [cell.text for cell in document.tables[1]._cells]
    assert signature[0].startswith("Nơi nhận:\n- Như Điều 3;\n- Lưu: VT, NV.")
    assert signature[1].split("\n")[:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert signature[1].rstrip().endswith("Lê Văn Cường")
    collectives, individuals = document.tables[2], document.tables[3]
    assert table_rows(collectives) == [
        ["STT", "Tên tập thể", "Chức vụ, đơn vị"],
        ["1", "Phòng Thi đua - Khen thưởng", "Sở Nội vụ"],
    ]
    assert table_rows(individuals)[1:] == [
        [str(i), f"Nguyễn Thị Hồng {i}", "Chuyên viên, Sở Nội vụ"] for i in (1, 2, 3)
    ]


def test_a_decision_without_collectives_numbers_the_individuals_first():
    texts = [p.text for p in open_docx(_decision(STATE, collectives=[])).paragraphs]
    assert "I. CÁ NHÂN (3)" in texts
    assert not any(text.startswith(("I. TẬP THỂ", "II.")) for text in texts)


def test_party_decision_has_the_party_header_and_numbering():
    document = open_docx(_decision(PARTY))
    cells = header_cells(document)
    assert cells[0].split("\n") == ["ĐẢNG BỘ TỈNH KHÁNH HÒA", "KHỐI THI ĐUA CÁC CƠ QUAN ĐẢNG", "*"]
    assert cells[1].strip() == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in all_text(document)
    assert cells[2] == "Số 7-QĐ/KTĐ"
    assert [cell.text for cell in document.tables[1]._cells][1].startswith("K/T CHỦ TỊCH\nPHÓ CHỦ TỊCH")


def test_page_setup_is_a4_with_the_official_margins_font_and_page_numbers_from_page_two():
    document = open_docx(_decision(STATE))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [20, 20, 30, 15]
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert 13 <= document.styles["Normal"].font.size.pt <= 14
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert section.header.paragraphs[0].alignment == 1  # centred


def test_submission_has_the_addressee_and_its_list():
    context = build_submission_context(
        letterhead=STATE,
        number=None,
        day=None,
        summary="Về việc đề nghị tặng Cờ thi đua của Ủy ban nhân dân tỉnh năm 2025",
        addressee="Hội đồng Thi đua - Khen thưởng tỉnh Khánh Hòa",
        bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
        body=["Khối thi đua đề nghị xét tặng Cờ thi đua cho 01 tập thể và Bằng khen cho 03 cá nhân."],
        rows=UNITS + PEOPLE,
        list_title="DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        signature=SIGN,
        recipients=["Như trên", "Lưu: VT"],
    )
    document = open_docx(render_docx(TemplateKind.SUBMISSION, DocumentStyle.STATE, context))
    cells = header_cells(document)
    assert cells[2].startswith("Số: ") and cells[2].endswith("/TTr-KTĐ")
    assert cells[3].startswith("Nha Trang, ngày ")
    texts = [p.text for p in document.paragraphs]
    assert "TỜ TRÌNH" in texts
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh Khánh Hòa" in texts
    assert [cell.text for cell in document.tables[1]._cells][1].startswith("TM. KHỐI THI ĐUA\nTRƯỞNG KHỐI")
    rows = table_rows(document.tables[2])
    assert rows[0] == ["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức đề nghị", "Ghi chú"]
    assert rows[1] == ["1", "Phòng Thi đua - Khen thưởng", "Sở Nội vụ", "Tập thể Lao động xuất sắc", ""]
    assert len(rows) == 5


def test_minutes_sign_by_secretary_and_chair_and_hold_result_tables_of_any_width():
    results = Table(
        ("Phương án", "Đồng ý", "Tỷ lệ", "Kết quả"),
        (("Sở Nội vụ", "11", "91,7 %", "Đạt"), ("Sở Tài chính", "1", "8,3 %", "Không đạt")),
    )
    context = build_minutes_context(
        letterhead=PARTY,
        number=3,
        day=datetime.date(2026, 12, 15),
        summary="Hội nghị tổng kết công tác thi đua năm 2026",
        sections=[
            Section("I. Thành phần", ("Có mặt 12/12 đại biểu.",)),
            Section("II. Kết quả biểu quyết", ("Suy tôn đơn vị dẫn đầu:",), results),
            Section("", ("Hội nghị kết thúc lúc 11 giờ.",)),
        ],
        chair=Signature(title="Chủ trì", name="Lê Văn Cường"),
        secretary=Signature(title="Thư ký", name="Phạm Thị Dung"),
    )
    document = open_docx(render_docx(TemplateKind.MINUTES, DocumentStyle.PARTY, context))
    assert header_cells(document)[2] == "Số 3-BB/KTĐ"
    assert header_cells(document)[3] == "Nha Trang, ngày 15 tháng 12 năm 2026"
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:7] == [
        "BIÊN BẢN",
        "Hội nghị tổng kết công tác thi đua năm 2026",
        "I. Thành phần",
        "Có mặt 12/12 đại biểu.",
        "II. Kết quả biểu quyết",
        "Suy tôn đơn vị dẫn đầu:",
        "Hội nghị kết thúc lúc 11 giờ.",
    ]
    table = document.tables[1]
    assert table_rows(table) == [list(results.header), *[list(row) for row in results.rows]]
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(widths) == 4 and max(widths) - min(widths) <= 1
    signatures = [cell.text for cell in document.tables[2]._cells]
    assert signatures[0].startswith("THƯ KÝ") and signatures[0].rstrip().endswith("Phạm Thị Dung")
    assert signatures[1].startswith("CHỦ TRÌ") and signatures[1].rstrip().endswith("Lê Văn Cường")
    assert "Nơi nhận:" not in texts


@pytest.mark.parametrize("style", list(DocumentStyle))
@pytest.mark.parametrize("kind", list(TemplateKind))
def test_every_shipped_template_fills_every_field(kind, style):
    text = all_text(open_docx(render_docx(kind, style, sample_context(kind, style))))
    assert "{{" not in text and "{%" not in text
    assert ("ĐẢNG CỘNG SẢN VIỆT NAM" in text) == (style == DocumentStyle.PARTY)
    assert "Nha Trang, ngày 05 tháng 01 năm 2026" in text


def test_a_name_with_an_ampersand_is_written_as_is():
    rows = [ListRow("Công ty Điện & Nước <Khánh Hòa>", "Doanh nghiệp")]
    document = open_docx(_decision(STATE, collectives=rows))
    assert table_rows(document.tables[2])[1][1] == "Công ty Điện & Nước <Khánh Hòa>"


@pytest.mark.parametrize("letterhead", [STATE, PARTY], ids=["state", "party"])
def test_the_pdf_has_the_vietnamese_text_with_its_diacritics(letterhead):
    pages, text = pdf_text(docx_to_pdf(_decision(letterhead)))
    assert pages == 2
    flat = " ".join(text.split())
    assert "QUYẾT ĐỊNH" in flat
    assert "Nguyễn Thị Hồng 3" in flat
    assert "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa" in flat
    assert ("ĐẢNG CỘNG SẢN VIỆT NAM" in flat) == (letterhead is PARTY)
    assert ("Số: 07/QĐ-KTĐ" in flat) == (letterhead is STATE)


@pytest.mark.parametrize("style", [DocumentStyle.STATE, DocumentStyle.PARTY])
def test_recipients_block_only_when_recipients_are_given(style):
    """NĐ 30/2020 component 9: "Nơi nhận:" heads the list of recipients; a paper given none prints no
    empty heading, and the left signature cell stays a valid cell."""
    letterhead = STATE if style == DocumentStyle.STATE else PARTY

    def left_cell(recipients):
        context = build_submission_context(
            letterhead=letterhead,
            number=None,
            day=None,
            summary="Về việc đề nghị khen thưởng",
            addressee="Hội đồng Thi đua - Khen thưởng tỉnh Khánh Hòa",
            bases=[],
            body=["Nội dung."],
            rows=PEOPLE,
            list_title="DANH SÁCH",
            signature=SIGN,
            recipients=recipients,
        )
        document = open_docx(render_docx(TemplateKind.SUBMISSION, style, context))
        cell = document.tables[1].rows[0].cells[0]
        assert cell.paragraphs, "a table cell must keep a paragraph"
        return cell.text

    assert left_cell(["Như trên", "Lưu: VT"]).split("\n")[:3] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert "Nơi nhận" not in left_cell([])
