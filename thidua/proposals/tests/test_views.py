"""The proposal pages per persona: who sees, who acts, and the refusals."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.awards.models import AwardRecord, AwardType
from thidua.proposals import services
from thidua.proposals.models import Appraisal, Decision, DecisionStatus, Dossier, DossierStatus, FundEntry
from thidua.proposals.tests.helpers import D, approved, attach_papers, to_council, unit_dossier

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"proposals:{name}", args=args)


@pytest.mark.parametrize("persona", ["outsider", "leader", "delegate"])
def test_others_never_see_a_units_dossier(world, login, persona):
    dossier = unit_dossier(world)
    response = login(world.user(persona)).get(url("dossier", dossier.pk))
    assert response.status_code in (403, 404)
    assert dossier.title not in response.content.decode()


def test_outsider_inbox_lists_only_its_own_dossiers(world, login):
    mine = unit_dossier(world)
    page = login(world.user("outsider")).get(url("inbox")).content.decode()
    assert mine.title not in page
    page = login(world.user("member")).get(url("inbox")).content.decode()
    assert mine.title in page


@pytest.mark.parametrize("persona", ["board", "observer", "member"])
def test_readers_see_the_dossier(world, login, persona):
    dossier = unit_dossier(world)
    response = login(world.user(persona)).get(url("dossier", dossier.pk))
    assert response.status_code == 200
    assert "Nguyễn Thị Lan" in response.content.decode()


def test_anonymous_is_sent_to_login(world, client):
    dossier = unit_dossier(world)
    response = client.get(url("dossier", dossier.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_delegate_has_no_inbox(world, login):
    assert login(world.user("delegate")).get(url("inbox")).status_code == 403


def test_unit_creates_and_submits_its_dossier(world, login):
    client = login(world.user("member"))
    response = client.post(
        url("dossier_create"),
        {
            "title": "Hồ sơ năm 2024",
            "proposing_unit": world.member_unit.pk,
            "receiving_body": world.province.pk,
            "year": 2024,
            "kind": "year_end",
        },
    )
    dossier = Dossier.objects.get()
    assert response["Location"] == url("dossier", dossier.pk)
    client.post(
        url("line_add", dossier.pk),
        {
            "award_type": AwardType.objects.get(code="LDTT").pk,
            "person": world.member_person.pk,
            "wording": "Hoàn thành tốt",
        },
    )
    assert dossier.current_lines().get().wording == "Hoàn thành tốt"
    attach_papers(world, dossier)
    client.post(url("submit", dossier.pk))
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    page = client.get(url("dossier", dossier.pk)).content.decode()
    assert 'id="dossier-status">Đã gửi<' in page


def test_unit_cannot_create_a_dossier_for_another_unit(world, login):
    response = login(world.user("member")).post(
        url("dossier_create"),
        {
            "title": "x",
            "proposing_unit": world.outside_unit.pk,
            "receiving_body": world.province.pk,
            "year": 2024,
            "kind": "year_end",
        },
    )
    assert response.status_code == 302  # the unit is not among its choices: refused by the form
    assert not Dossier.objects.exists()


def test_unit_cannot_propose_a_person_of_another_unit(world, login):
    dossier = unit_dossier(world)
    login(world.user("member")).post(
        url("line_add", dossier.pk),
        {"award_type": AwardType.objects.get(code="LDTT").pk, "person": world.outside_person.pk},
    )
    assert dossier.current_lines().count() == 1


def test_submitted_dossier_cannot_be_edited_by_its_unit(world, login):
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier)
    line = dossier.current_lines().get()
    client = login(world.user("member"))
    assert client.get(url("line_edit", line.pk)).status_code == 403
    assert client.post(url("line_edit", line.pk), {"wording": "sửa"}).status_code == 403
    assert client.post(url("line_remove", line.pk)).status_code == 403
    assert client.post(url("line_add", dossier.pk), {}).status_code == 403
    line.refresh_from_db()
    assert line.wording == ""


@pytest.mark.parametrize("persona", ["member", "leader", "observer"])
def test_only_the_board_receives(world, login, persona):
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier)
    response = login(world.user(persona)).post(url("receive", dossier.pk))
    assert response.status_code in (403, 404)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_board_return_without_a_reason_is_refused(world, login):
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier)
    client = login(world.user("board"))
    client.post(url("receive", dossier.pk))
    response = client.post(url("return", dossier.pk), {"reason": ""}, follow=True)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert "lý do" in response.content.decode()
    line = dossier.current_lines().get()
    client.post(url("return", dossier.pk), {"reason": "Thiếu biên bản", f"line_{line.pk}": "Sửa lời văn"})
    dossier.refresh_from_db()
    assert (dossier.status, dossier.version) == (DossierStatus.RETURNED, 2)
    page = login(world.user("member")).get(url("dossier", dossier.pk)).content.decode()
    assert "Thiếu biên bản" in page and "Sửa lời văn" in page


def test_appraisal_by_the_board_only(world, login):
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier)
    services.receive_dossier(actor=world.user("board"), dossier=dossier)
    line = dossier.current_lines().get()
    data = {f"a{line.pk}-appraisal": "eligible", f"a{line.pk}-reason": ""}
    assert login(world.user("member")).post(url("line_appraise", line.pk), data).status_code == 403
    login(world.user("board")).post(url("line_appraise", line.pk), data)
    line.refresh_from_db()
    assert line.appraisal == Appraisal.ELIGIBLE


def test_block_tab_lists_the_approved_proposals_and_the_leader_creates_the_dossier(world, login):
    approved(world, "CO_TD_TINH", unit=world.leader_unit)
    tab = url("block_year", world.block.pk, 2024)
    page = login(world.user("member")).get(tab).content.decode()
    assert "Sở Tài chính" in page
    assert f'aria-current="page" href="{tab}"' in page  # the tab is a link now, no longer greyed out
    assert login(world.user("member")).post(tab).status_code == 403
    response = login(world.user("leader")).post(tab)
    dossier = world.block_year.dossiers.get()
    assert response["Location"] == url("dossier", dossier.pk)
    assert dossier.current_lines().get().unit == world.leader_unit
    assert login(world.user("leader")).get(url("dossier", dossier.pk)).status_code == 200


def test_board_decides_and_the_award_appears_in_the_persons_history(world, login):
    dossier = to_council(world, unit_dossier(world))
    client = login(world.user("board"))
    client.post(
        url("decision_create", dossier.pk),
        {
            "award_type": AwardType.objects.get(code="CSTDCS").pk,
            "number": "15/QĐ-UBND",
            "date": "15/01/2025",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Nguyễn Văn Chủ",
            "bases": "Căn cứ Luật Thi đua, khen thưởng;",
        },
    )
    decision = Decision.objects.get()
    page = client.get(url("decision", decision.pk)).content.decode()
    assert "2.340.000" in page or "2,340,000" in page
    assert login(world.user("member")).post(url("decision_issue", decision.pk)).status_code == 403
    client = login(world.user("board"))  # the same test client, logged in again
    client.post(url("decision_issue", decision.pk))
    client.post(url("decision_issue", decision.pk))  # a second time changes nothing
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED
    assert AwardRecord.objects.filter(person=world.member_person).count() == 1
    history = client.get(reverse("awards:person_history", args=[world.member_person.pk])).content.decode()
    assert "15/QĐ-UBND" in history
    assert login(world.user("outsider")).get(url("decision", decision.pk)).status_code == 404
    assert login(world.user("member")).get(url("decision", decision.pk)).status_code == 200


def test_cancel_from_the_page_needs_a_reason(world, login):
    dossier = to_council(world, unit_dossier(world))
    decision = services.draft_decision(
        actor=world.user("board"),
        dossier=dossier,
        award_type=AwardType.objects.get(code="CSTDCS"),
        number="1/QĐ",
        date=D(2025, 1, 15),
    )
    services.issue_decision(actor=world.user("board"), decision=decision)
    client = login(world.user("board"))
    client.post(url("decision_cancel", decision.pk), {"reason": ""})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED
    client.post(url("decision_cancel", decision.pk), {"reason": "Sai số quyết định"})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CANCELLED
    assert AwardRecord.objects.get().voided_at is not None
    history = client.get(reverse("awards:person_history", args=[world.member_person.pk])).content.decode()
    assert "đã hủy</span> Quyết định 1/QĐ đã bị hủy: Sai số quyết định" in history


def test_external_decision_from_the_page(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert login(world.user("member")).get(url("decision_external")).status_code == 403
    client = login(world.user("board"))
    client.post(
        url("decision_external"),
        {
            "award_type": AwardType.objects.get(code="CO_TD_CP").pk,
            "year": 2024,
            "number": "99/QĐ-TTg",
            "date": "02/04/2025",
            "authority": "Thủ tướng Chính phủ",
            "unit": world.leader_unit.pk,
            "scan": SimpleUploadedFile("qd.pdf", b"%PDF scan"),
        },
    )
    assert AwardRecord.objects.get(unit=world.leader_unit).decision_number == "99/QĐ-TTg"


def test_fund_page_and_export(world, login):
    services.add_fund_entry(
        actor=world.user("board"),
        year=2025,
        level="province",
        kind="receipt",
        day=D(2025, 1, 2),
        amount=5_000_000,
        description="Ngân sách cấp",
    )
    assert login(world.user("member")).get(url("fund")).status_code == 403
    client = login(world.user("board"))
    page = client.get(url("fund") + "?year=2025").content.decode()
    assert "5.000.000" in page or "5,000,000" in page
    client.post(
        url("fund") + "?year=2025",
        {
            "level": "province",
            "kind": "payment",
            "day": "03/01/2025",
            "amount": "1000000",
            "description": "Chi in bằng",
        },
    )
    assert FundEntry.objects.count() == 2
    assert login(world.user("observer")).post(url("fund") + "?year=2025", {}).status_code == 403
    response = login(world.user("observer")).get(url("fund_export") + "?year=2025")
    book = load_workbook(io.BytesIO(response.content))
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert summary[1][1:] == (5_000_000, 1_000_000, 1_000_000, 3_000_000, 4_000_000)
    entries = list(book.worksheets[1].iter_rows(values_only=True))
    assert [row[4] for row in entries[1:]] == ["Ngân sách cấp", "Chi in bằng"]


def test_board_keeps_deadlines_and_holidays(world, login):
    client = login(world.user("board"))
    page = client.get(url("calendar")).content.decode()
    assert url("calendar_deadline") in page and url("calendar_holiday") in page
    client.post(url("calendar_deadline"), {"d-year": 2025, "d-kind": "year_end", "d-due": "15/12/2025"})
    client.post(url("calendar_deadline"), {"d-year": 2025, "d-kind": "year_end", "d-due": "16/12/2025"})
    client.post(url("calendar_holiday"), {"h-day": "02/09/2025", "h-name": "Quốc khánh"})
    from thidua.proposals.models import Deadline, Holiday

    assert Deadline.objects.get().due == D(2025, 12, 16)
    assert Holiday.objects.get().name == "Quốc khánh"
    observer = login(world.user("observer"))
    assert (
        observer.post(url("calendar_holiday"), {"h-day": "01/05/2025", "h-name": "Lao động"}).status_code
        == 403
    )
    assert observer.post(url("calendar_deadline"), {"d-year": 2025}).status_code == 403
    assert url("calendar_holiday") not in observer.get(url("calendar")).content.decode()
    assert Holiday.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("calendar_deadline", {"d-year": "abc", "d-kind": "year_end", "d-due": "15/12/2025"}, "d-year"),
        ("calendar_deadline", {"d-year": 2025, "d-kind": "every_day", "d-due": "15/12/2025"}, "d-kind"),
        ("calendar_deadline", {"d-year": 2025, "d-kind": "year_end", "d-due": "31/02/2025"}, "d-due"),
        ("calendar_holiday", {"h-day": "", "h-name": "Quốc khánh"}, "h-day"),
        ("calendar_holiday", {"h-day": "02/09/2025", "h-name": ""}, "h-name"),
    ],
)
def test_a_wrong_deadline_or_holiday_is_shown_on_its_field_and_nothing_is_kept(
    world, login, name, data, message
):
    from thidua.proposals.models import Deadline, Holiday

    response = login(world.user("board")).post(url(name), data)
    assert response.status_code == 400
    # The error is on that field of the form that was posted, and the other form has none.
    posted, other = (
        ("deadline_form", "holiday_form")
        if name == "calendar_deadline"
        else ("holiday_form", "deadline_form")
    )
    field = message.split("-", 1)[1]
    assert list(response.context[posted].errors) == [field]
    assert not response.context[other].is_bound
    html = response.content.decode()
    block = html[html.index(f'id="id_{message}"') :]
    following = block.find("<label")  # the next field's label, if any
    assert "invalid-feedback" in (block if following == -1 else block[:following])  # right under its input
    assert not Deadline.objects.exists() and not Holiday.objects.exists()
    assert login(world.user("board")).get(url(name)).status_code == 405


def test_inbox_counts_by_state_filters_and_flags_the_late_dossier(world, login):
    """Issue 9 items 2 and 8: counts per state, the state and late filters, the late flag
    (R-TIME-01 default deadline 10/12) and the processing time in working days without the board's
    holidays."""
    import re

    from django.utils import timezone

    from thidua.proposals.models import Holiday
    from thidua.proposals.rules import working_days

    late = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=late, today=D(2024, 12, 11))
    services.receive_dossier(actor=world.user("board"), dossier=late, today=D(2024, 12, 12))
    on_time = unit_dossier(world, year=2025)
    services.submit_dossier(actor=world.user("member"), dossier=on_time, today=D(2024, 12, 11))
    Holiday.objects.create(day=D(2025, 1, 1), name="Tết Dương lịch")
    client = login(world.user("board"))

    def listed(page: str) -> set[int]:
        return {int(pk) for pk in re.findall(r'href="/proposals/(\d+)/"', page)}

    page = client.get(url("inbox")).content.decode()
    assert re.search(r'data-count="received">1<', page) and re.search(r'data-count="submitted">1<', page)
    assert re.search(r'data-count="decided">0<', page)
    assert listed(page) >= {late.pk, on_time.pk}
    assert listed(client.get(url("inbox") + "?status=submitted").content.decode()) == {on_time.pk}
    page = client.get(url("inbox") + "?late=1").content.decode()
    assert listed(page) == {late.pk} and "quá hạn" in page and "10/12/2024" in page
    days = working_days(D(2024, 12, 12), timezone.localdate(), holidays={D(2025, 1, 1)})
    with_holiday = working_days(D(2024, 12, 12), timezone.localdate(), holidays=set())
    assert days == with_holiday - 1  # 01/01/2025 is a Wednesday
    assert f"<td>{days}</td>" in page
