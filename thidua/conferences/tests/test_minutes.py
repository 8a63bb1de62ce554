"""The minutes on the documents engine (issue 9 item 4): the number of the issuing unit's register
given at close, the closing time and the number of copies (issue 15 item 11), the vote rows."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.conferences import services
from thidua.conferences.documents import minutes_docx
from thidua.conferences.tests.helpers import delegate, make_conference, open_ranking, option_for
from thidua.documents.models import IssuedNumber
from thidua.documents.styles import DocType, vietnamese_date
from thidua.orgs.models import UnitKind

pytestmark = pytest.mark.django_db


def _open(data: bytes) -> tuple[str, list[str], list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    header = [cell.text.strip() for cell in document.tables[0]._cells]
    rows = [[cell.text.strip() for cell in row.cells] for table in document.tables[1:] for row in table.rows]
    return text, header, rows


def _vote(w, conference):
    poll = open_ranking(w, conference, max_choices=1, ranks_to_fill=1)
    for unit in (w.leader_unit, w.deputy_unit, w.member_unit):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, unit), choice=[option_for(poll, w.member_unit)]
        )
    return services.publish_poll(
        actor=w.user("board"), poll=services.close_poll(actor=w.user("board"), poll=poll)
    )


def test_closing_gives_the_number_and_the_minutes_print_it_with_time_and_copies(world, login) -> None:
    w = world
    conference = make_conference(w)
    poll = _vote(w, conference)
    conference = services.close_conference(actor=w.user("board"), conference=conference)
    issued = conference.issued_number
    assert issued is not None and issued.issuer == w.leader_unit and issued.doc_type == DocType.MINUTES
    assert issued.number == 1 and issued.number_line == "Số: 01/BB-KTĐ"
    # Dated the day of the conference, in its year's register, whenever the secretary closes it.
    assert issued.issued_on == datetime.date(2024, 12, 20) and issued.year == 2024
    assert conference.closed_at is not None
    # Closing again changes nothing: the number is given once.
    again = services.close_conference(actor=w.user("board"), conference=conference)
    assert again.issued_number_id == issued.pk and IssuedNumber.objects.count() == 1

    response = login(w.user("observer")).get(reverse("conferences:minutes", args=[conference.pk]))
    text, header, rows = _open(response.content)
    assert "KHỐI A TỔNG HỢP" in header[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1] and "Độc lập - Tự do - Hạnh phúc" in header[1]
    assert header[2] == "Số: 01/BB-KTĐ"
    assert header[3].endswith("ngày 20 tháng 12 năm 2024")
    assert "BIÊN BẢN" in text and conference.title in text
    assert "Chủ trì: Nguyễn Văn Chủ, Giám đốc Sở Tài chính." in text
    assert "Thư ký: Lê Thị Thư, chuyên viên." in text
    assert "Đại biểu có mặt (3)" in text and "Số phiếu có mặt: 3/3 (cần 2)" in text
    assert f"1. {poll.title}" in text
    assert ["Ứng viên / nội dung", "Số phiếu", "Kết luận", "Xếp thứ"] in rows
    member_row = next(row for row in rows if row[0] == "Sở Nội vụ")
    assert member_row[1] == "3" and member_row[2].startswith("thông qua") and member_row[3] == "1"
    ended = timezone.localtime(conference.closed_at)
    assert (
        f"Hội nghị kết thúc lúc {ended.hour:02d} giờ {ended.minute:02d} phút, {vietnamese_date(ended.date())}."
        in text
    )
    assert "Biên bản đã được đọc trước hội nghị và được hội nghị thông qua." in text
    assert "Biên bản được lập thành 02 bản có giá trị như nhau." in text
    signatures = [cell.text for cell in docx.Document(io.BytesIO(response.content)).tables[-1]._cells]
    assert signatures[0].startswith("THƯ KÝ") and signatures[0].rstrip().endswith("Lê Thị Thư")
    assert signatures[1].startswith("CHỦ TRÌ") and signatures[1].rstrip().endswith("Nguyễn Văn Chủ")


def test_the_next_conference_of_the_year_takes_the_next_number_and_its_copies(world) -> None:
    w = world
    first = services.close_conference(actor=w.user("board"), conference=make_conference(w))
    second = make_conference(w, minutes_copies=3)
    second = services.close_conference(actor=w.user("board"), conference=second)
    assert first.issued_number is not None and second.issued_number is not None
    assert (first.issued_number.number, second.issued_number.number) == (1, 2)
    text, header, _rows = _open(minutes_docx(second))
    assert header[2] == "Số: 02/BB-KTĐ"
    assert "Biên bản được lập thành 03 bản có giá trị như nhau." in text


def test_before_closing_the_number_and_the_end_are_left_blank(world) -> None:
    w = world
    conference = make_conference(w)
    text, header, _rows = _open(minutes_docx(conference))
    assert header[2] == "Số:       /BB-KTĐ"
    assert "Hội nghị kết thúc lúc ....... giờ ......., ngày ....... tháng ....... năm ......." in text
    assert not IssuedNumber.objects.exists()


def test_a_block_led_by_a_party_agency_writes_party_minutes(world) -> None:
    w = world
    w.leader_unit.kind = UnitKind.PARTY_AGENCY
    w.leader_unit.save()
    conference = services.close_conference(actor=w.user("board"), conference=make_conference(w))
    assert conference.issued_number is not None
    assert conference.issued_number.number_line == "Số 1-BB/KTĐ"
    text, header, _rows = _open(minutes_docx(conference))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1] and "CỘNG HÒA" not in "\n".join(header)
    assert header[2] == "Số 1-BB/KTĐ"
    assert "Biên bản được lập thành 02 bản" in text


def test_copies_out_of_range_are_refused(world) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_conference(world, minutes_copies=0)
    assert "minutes_copies" in error.value.message_dict
