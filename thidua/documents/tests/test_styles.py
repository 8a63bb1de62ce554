import datetime

import pytest

from thidua.documents.styles import (
    Authority,
    DocumentStyle,
    Signature,
    letterhead_for_unit,
    number_line,
    place_date_line,
    punctuate,
    recipient_lines,
    style_for_unit,
    vietnamese_date,
)
from thidua.orgs.models import UnitKind
from thidua.testing import make_unit


def test_state_number_has_a_colon_and_a_leading_zero_under_ten():
    assert number_line(DocumentStyle.STATE, "TTr", "KTĐ", 5) == "Số: 05/TTr-KTĐ"
    assert number_line(DocumentStyle.STATE, "QĐ", "UBND", 127) == "Số: 127/QĐ-UBND"


def test_party_number_has_no_colon_and_the_type_before_the_slash():
    assert number_line(DocumentStyle.PARTY, "TTr", "KTĐ", 127) == "Số 127-TTr/KTĐ"


def test_a_draft_leaves_the_number_blank():
    assert number_line(DocumentStyle.STATE, "BB", "KTĐ").startswith("Số: ")
    assert number_line(DocumentStyle.STATE, "BB", "KTĐ").endswith("/BB-KTĐ")
    assert "/" not in number_line(DocumentStyle.STATE, "BB", "KTĐ")[:5]


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (datetime.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (datetime.date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (datetime.date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
    ],
)
def test_dates_have_zeros_before_days_under_ten_and_months_one_and_two(day, text):
    assert vietnamese_date(day) == text


def test_place_and_date():
    assert place_date_line("Nha Trang", datetime.date(2026, 1, 5)) == "Nha Trang, ngày 05 tháng 01 năm 2026"


def test_bases_end_with_semicolons_and_a_full_stop():
    assert punctuate(["Căn cứ Luật A;", "Căn cứ Nghị định B", "  "]) == [
        "Căn cứ Luật A;",
        "Căn cứ Nghị định B.",
    ]
    assert recipient_lines(["Như trên", "Lưu: VT"]) == ["- Như trên;", "- Lưu: VT."]


def test_signature_prefixes_per_style():
    deputy = Signature(
        title="Phó Chủ tịch", name="Lê Văn A", authority=Authority.DEPUTY, principal="Chủ tịch"
    )
    assert deputy.as_context(DocumentStyle.STATE)["prefix_line"] == "KT. CHỦ TỊCH"
    assert deputy.as_context(DocumentStyle.PARTY)["prefix_line"] == "K/T CHỦ TỊCH"
    behalf = Signature(title="Bí thư", name="B", authority=Authority.ON_BEHALF, principal="Ban Thường vụ")
    assert behalf.as_context(DocumentStyle.PARTY)["prefix_line"] == "T/M BAN THƯỜNG VỤ"
    order = Signature(title="Chánh Văn phòng", name="C", authority=Authority.BY_ORDER, principal="Chủ tịch")
    assert order.as_context(DocumentStyle.STATE)["prefix_line"] == "TL. CHỦ TỊCH"
    assert order.as_context(DocumentStyle.PARTY)["prefix_line"] == "T/L CHỦ TỊCH"
    assert Signature(title="Giám đốc", name="D").as_context(DocumentStyle.STATE)["prefix_line"] == ""


@pytest.mark.django_db
def test_party_agencies_and_their_sub_units_write_in_the_party_format():
    province_party = make_unit("TU", "Tỉnh ủy Khánh Hòa", kind=UnitKind.PARTY_AGENCY)
    board = make_unit("BTC", "Ban Tổ chức Tỉnh ủy", kind=UnitKind.PARTY_AGENCY, parent=province_party)
    office = make_unit("BTC-VP", "Văn phòng Ban", kind=UnitKind.SUB_UNIT, parent=board)
    department = make_unit("SNV", "Sở Nội vụ", kind=UnitKind.STATE_AGENCY)
    assert style_for_unit(board) == DocumentStyle.PARTY
    assert style_for_unit(office) == DocumentStyle.PARTY
    assert style_for_unit(department) == DocumentStyle.STATE
    letterhead = letterhead_for_unit(board, symbol="BTCTU")
    assert letterhead.parent == "Tỉnh ủy Khánh Hòa"
    assert letterhead.as_context()["issuer"] == "BAN TỔ CHỨC TỈNH ỦY"
