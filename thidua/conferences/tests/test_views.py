"""Conference pages: who may see and run them, the vote by personal link, minutes, projector, report."""

from __future__ import annotations

import datetime
import io
import re

import docx
import pytest
from django.core.cache import cache
from django.urls import reverse

from thidua.blocks.models import Standing
from thidua.conferences import sealing, services
from thidua.conferences.models import Conference, Participant, Poll, PollStatus, ReportComment
from thidua.conferences.tests.helpers import delegate, make_conference, open_ranking, option_for
from thidua.testing import PERSONAS

READERS = {"board", "admin", "leader", "member", "delegate", "observer"}
RUNNERS = {"board", "admin", "leader"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_conference_tab_and_console_by_persona(world, login, persona) -> None:
    w = world
    conference = make_conference(w)
    client = login(w.user(persona))
    expected = 200 if persona in READERS else 404
    assert client.get(reverse("conferences:year", args=[w.block.pk, 2024])).status_code == expected
    assert client.get(reverse("conferences:detail", args=[conference.pk])).status_code == expected
    response = client.post(reverse("conferences:close", args=[conference.pk]))
    assert response.status_code == (302 if persona in RUNNERS else expected if expected == 404 else 403)
    closed = Conference.objects.get(pk=conference.pk).status == "closed"
    assert closed == (persona in RUNNERS)


def test_anonymous_is_sent_to_login(client, world) -> None:
    conference = make_conference(world)
    response = client.get(reverse("conferences:detail", args=[conference.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["leader", "member"])
def test_creating_a_conference_seeds_the_roll(world, login, persona) -> None:
    w = world
    client = login(w.user(persona))
    response = client.post(
        reverse("conferences:year", args=[w.block.pk, 2024]),
        {
            "kind": "summary",
            "title": "",
            "starts_at": "20/12/2024 08:00",
            "place": "Hội trường",
            "chair": "Nguyễn Văn A",
            "secretary": "Lê Thị B",
            "agenda": "Báo cáo\nBình xét",
            "quorum_rule": "at_least:2/3",
            "max_proxies_per_holder": 1,
        },
    )
    if persona == "member":
        assert response.status_code == 403
        assert not Conference.objects.exists()
        return
    conference = Conference.objects.get()
    assert response.status_code == 302
    assert conference.title == "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024"
    assert conference.day == datetime.date(2024, 12, 20)
    assert conference.participants.filter(weight=1).count() == 3


def test_bad_conference_form_says_what_to_fix(world, login) -> None:
    w = world
    response = login(w.user("leader")).post(
        reverse("conferences:year", args=[w.block.pk, 2024]),
        {
            "kind": "summary",
            "starts_at": "32/12/2024",
            "place": "",
            "chair": "x",
            "secretary": "y",
            "quorum_rule": "at_least:2/3",
            "max_proxies_per_holder": 1,
        },
    )
    assert response.status_code == 200
    assert "Nhập một ngày/thời gian hợp lệ." in response.content.decode()
    assert not Conference.objects.exists()


def test_check_in_swaps_the_row_and_the_quorum(world, login) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    participant = delegate(conference, w.member_unit)
    response = login(w.user("leader")).post(
        reverse("conferences:check_in", args=[participant.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="roll-{participant.pk}"' in body and 'hx-swap-oob="true"' in body
    assert Participant.objects.get(pk=participant.pk).checked_in_at is not None


def test_member_cannot_check_people_in(world, login) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    participant = delegate(conference, w.member_unit)
    response = login(w.user("member")).post(reverse("conferences:check_in", args=[participant.pk]))
    assert response.status_code == 403
    assert Participant.objects.get(pk=participant.pk).checked_in_at is None


def _issue_links(client, conference):
    response = client.post(reverse("conferences:links", args=[conference.pk]))
    assert response.status_code == 200
    return re.findall(r"http://testserver(/v/[^/<\"]+/)", response.content.decode())


def test_full_vote_through_personal_links(world, login, client) -> None:
    w = world
    conference = make_conference(w)
    leader = login(w.user("leader"))
    paths = _issue_links(leader, conference)
    assert len(paths) == 3
    poll = open_ranking(w, conference, max_choices=1, ranks_to_fill=1)
    leader.logout()
    receipts = []
    for path in paths:
        client.cookies.clear()
        assert client.get(path).status_code == 302
        page = client.get(reverse("vote:page"))
        assert poll.title in page.content.decode()
        found = re.search(r'name="voter" value="(\d+)"', page.content.decode())
        assert found is not None
        voter = found.group(1)
        response = client.post(
            reverse("vote:cast", args=[poll.pk]),
            {"voter": voter, "choice": [option_for(poll, w.member_unit)]},
        )
        assert response.status_code == 200
        code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", response.content.decode())
        assert code is not None
        receipts.append(code.group(0))
        # A second ballot from the same link is refused and counts nothing.
        again = client.post(
            reverse("vote:cast", args=[poll.pk]),
            {"voter": voter, "choice": [option_for(poll, w.leader_unit)]},
        )
        assert again.status_code == 400
    leader = login(w.user("leader"))
    live = leader.get(reverse("conferences:poll_live", args=[poll.pk])).content.decode()
    assert "<strong>3</strong>/3" in live
    # While open, no page shows the running result of the secret poll.
    assert "table-warning" not in leader.get(reverse("conferences:poll", args=[poll.pk])).content.decode()
    leader.post(reverse("conferences:poll_close", args=[poll.pk]))
    leader.post(reverse("conferences:poll_publish", args=[poll.pk]))
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.PUBLISHED
    assert Standing.objects.get(rank=1).unit == w.member_unit
    projector = leader.get(reverse("conferences:projector_live", args=[conference.pk])).content.decode()
    assert str(w.member_unit) in projector and "thông qua" in projector
    check = leader.get(reverse("conferences:receipts", args=[poll.pk]), {"code": receipts[0]})
    assert "đã được kiểm" in check.content.decode()


def test_invalid_or_revoked_link_is_refused(world, login, client) -> None:
    w = world
    conference = make_conference(w)
    participant = delegate(conference, w.member_unit)
    token = services.issue_link(actor=w.user("board"), participant=participant)
    services.issue_link(actor=w.user("board"), participant=participant)  # the old link stops working
    assert client.get(reverse("vote:link", args=[token])).status_code == 404
    assert client.get(reverse("vote:page")).status_code == 404


def test_vote_page_for_an_absent_delegate_says_to_check_in(world, client) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    services.check_in(actor=w.user("board"), participant=delegate(conference, w.leader_unit))
    services.check_in(actor=w.user("board"), participant=delegate(conference, w.deputy_unit))
    token = services.issue_link(actor=w.user("board"), participant=delegate(conference, w.member_unit))
    poll = open_ranking(w, conference, max_choices=1)
    client.get(reverse("vote:link", args=[token]))
    page = client.get(reverse("vote:page")).content.decode()
    assert "chưa được điểm danh" in page
    voter = delegate(conference, w.member_unit).pk
    response = client.post(
        reverse("vote:cast", args=[poll.pk]), {"voter": voter, "choice": [option_for(poll, w.member_unit)]}
    )
    assert response.status_code == 400
    assert services.participation_count(poll)[0] == 0


def test_minutes_docx_holds_attendance_polls_and_verdicts(world, login) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1, ranks_to_fill=1)
    for unit in (w.leader_unit, w.deputy_unit, w.member_unit):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, unit), choice=[option_for(poll, w.member_unit)]
        )
    services.publish_poll(actor=w.user("board"), poll=services.close_poll(actor=w.user("board"), poll=poll))
    response = login(w.user("observer")).get(reverse("conferences:minutes", args=[conference.pk]))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "BIÊN BẢN" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells  # a state-agency block: the national title
    assert conference.title in text
    assert "Đại biểu có mặt (3)" in text
    assert "Số phiếu có mặt: 3/3 (cần 2)" in text
    assert poll.title in text
    assert "Sở Nội vụ" in cells and "thông qua" in cells and "cần 2 trên 3, được 3" in cells
    assert Poll.objects.get(pk=poll.pk).roll_fingerprint in text
    margin = document.sections[0].left_margin
    assert margin is not None and margin.mm == pytest.approx(30, abs=0.1)


def test_report_upload_comment_and_answer(world, login) -> None:
    w = world
    conference = make_conference(w)
    draft = docx.Document()
    draft.add_heading("I. Kết quả thực hiện", level=1)
    draft.add_paragraph("Các đơn vị hoàn thành xuất sắc nhiệm vụ.")
    draft.add_heading("II. Phương hướng năm 2025", level=1)
    draft.add_paragraph("Tiếp tục đẩy mạnh phong trào thi đua.")
    buffer = io.BytesIO()
    draft.save(buffer)
    buffer.seek(0)
    buffer.name = "du-thao.docx"
    leader = login(w.user("leader"))
    leader.post(reverse("conferences:report_upload", args=[conference.pk]), {"file": buffer})
    headings = list(conference.report_sections.values_list("heading", flat=True))
    assert headings == ["I. Kết quả thực hiện", "II. Phương hướng năm 2025"]
    section = conference.report_sections.first()
    assert section is not None
    member = login(w.user("member"))
    member.post(
        reverse("conferences:report_comment", args=[conference.pk]),
        {"section": section.pk, "text": "Bổ sung số liệu khen thưởng."},
    )
    comment = ReportComment.objects.get()
    assert comment.unit == w.member_unit
    # A member cannot answer; the leader must give a reason to reject.
    assert (
        member.post(
            reverse("conferences:report_answer", args=[conference.pk]),
            {"comment": comment.pk, "status": "accepted"},
        ).status_code
        == 403
    )
    leader = login(w.user("leader"))
    leader.post(
        reverse("conferences:report_answer", args=[conference.pk]),
        {"comment": comment.pk, "status": "rejected", "answer": ""},
    )
    assert ReportComment.objects.get().status == "pending"
    leader.post(
        reverse("conferences:report_answer", args=[conference.pk]),
        {"comment": comment.pk, "status": "accepted", "answer": "Đã bổ sung"},
    )
    assert ReportComment.objects.get().status == "accepted"
    page = leader.get(reverse("conferences:report", args=[conference.pk])).content.decode()
    assert "Bổ sung số liệu khen thưởng." in page and "Đã bổ sung" in page


def test_outsider_cannot_comment(world, login) -> None:
    w = world
    conference = make_conference(w)
    services.add_section(actor=w.user("board"), conference=conference, heading="I. Kết quả")
    section = conference.report_sections.get()
    response = login(w.user("outsider")).post(
        reverse("conferences:report_comment", args=[conference.pk]),
        {"section": section.pk, "text": "x"},
    )
    assert response.status_code == 404
    assert not ReportComment.objects.exists()


def test_poll_pages_by_persona(world, login) -> None:
    w = world
    conference = make_conference(w)
    poll = services.create_poll(actor=w.user("board"), conference=conference, kind="ranking")
    for persona in PERSONAS:
        client = login(w.user(persona))
        expected = 200 if persona in READERS else 404
        assert client.get(reverse("conferences:poll", args=[poll.pk])).status_code == expected
        response = client.post(reverse("conferences:poll_open", args=[poll.pk]))
        if persona in RUNNERS:
            assert response.status_code == 302
        else:
            assert response.status_code == (403 if persona in READERS else 404)
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN


def test_receipt_is_checked_without_login_after_the_conference_closed(world, client) -> None:
    cache.clear()
    w = world
    board = w.user("board")
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1)
    code = services.cast_ballot(
        poll=poll, participant=delegate(conference, w.leader_unit), choice=[option_for(poll, w.member_unit)]
    )
    url = reverse("vote:receipt")
    # Before publication the poll is not among those one can check.
    assert "alert-info" in client.get(url, {"poll": poll.pk, "code": code}).content.decode()
    services.publish_poll(actor=board, poll=services.close_poll(actor=board, poll=poll))
    services.close_conference(actor=board, conference=conference)
    assert "_auth_user_id" not in client.session
    found = client.get(url, {"poll": poll.pk, "code": code.lower().replace("-", " ")})
    assert found.status_code == 200 and "alert-success" in found.content.decode()
    # A wrong code says no; the page lists no other receipt and names no choice.
    wrong = client.get(url, {"poll": poll.pk, "code": "2222-2222-2222"}).content.decode()
    assert "alert-danger" in wrong and "alert-success" not in wrong
    assert sealing.receipt_hash(poll.pk, code) not in found.content.decode()
    assert str(w.member_unit) not in found.content.decode() and poll.title not in found.content.decode()
    # An unknown poll number, or a malformed one, is answered, not a server error.
    for number in ("999999", "abc", "9" * 40):
        assert "alert-info" in client.get(url, {"poll": number, "code": code}).content.decode()
    # Right codes are never held up (delegates behind one proxy share an address) ...
    assert all(client.get(url, {"poll": poll.pk, "code": code}).status_code == 200 for _ in range(25))
    # ... but misses are limited per client address: guessing stops, also for a right code.
    misses = [client.get(url, {"poll": poll.pk, "code": f"2222-2222-{n:04}"}).status_code for n in range(16)]
    # (five misses above: before publication, a wrong code, three unknown numbers; 15 more allowed)
    assert misses == [200] * 15 + [429]
    limited = client.get(url, {"poll": poll.pk, "code": code})
    assert limited.status_code == 429 and "alert-success" not in limited.content.decode()
