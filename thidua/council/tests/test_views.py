"""The council pages per persona: the board runs them, observers read, everybody else is refused."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.council import services
from thidua.council.models import Council, CouncilMember, SessionStatus
from thidua.council.tests.helpers import council_session
from thidua.proposals.models import CouncilOutcome
from thidua.proposals.tests.helpers import unit_dossier
from thidua.testing import make_person, make_unit

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"council:{name}", args=args)


def test_board_lists_and_creates_a_council(world, login):
    client = login(world.user("board"))
    page = client.get(url("list")).content.decode()
    assert "Hội đồng Thi đua - Khen thưởng" in page
    response = client.post(
        url("council_create"), {"body": world.province.pk, "year": 2025, "name": "Hội đồng TĐKT tỉnh 2025"}
    )
    council = Council.objects.get(year=2025)
    assert response.status_code == 302 and response["Location"] == url("council", council.pk)
    assert "Hội đồng TĐKT tỉnh 2025" in client.get(url("list")).content.decode()


def test_second_council_same_year_refused_in_vietnamese(world, login):
    session, _ = council_session(world)
    client = login(world.user("board"))
    response = client.post(
        url("council_create"), {"body": world.province.pk, "year": 2024, "name": "Trùng"}, follow=True
    )
    assert "đã có Hội đồng" in response.content.decode()
    assert Council.objects.count() == 1


def test_council_page_shows_members_with_roles_and_adds_one(world, login):
    session, team = council_session(world, members=4)
    council = session.council
    client = login(world.user("board"))
    page = client.get(url("council", council.pk)).content.decode()
    assert "Thành viên 0" in page and "Chủ tịch" in page and "Thư ký" in page
    assert "4 thành viên" in page
    newcomer = make_person("Trần Văn Bình", world.member_unit)
    client.post(url("member_add", council.pk), {"person": newcomer.pk, "role": "member"})
    assert council.members.filter(person=newcomer).exists()
    response = client.post(
        url("member_add", council.pk), {"person": newcomer.pk, "role": "member"}, follow=True
    )
    assert "đã là thành viên" in response.content.decode()
    assert council.members.count() == 5


def test_board_convenes_a_session(world, login):
    session, team = council_session(world)
    client = login(world.user("board"))
    response = client.post(
        url("session_create", session.council.pk), {"date": "27/12/2024", "place": "Hội trường tầng 3"}
    )
    created = session.council.sessions.get(place="Hội trường tầng 3")
    assert response["Location"] == url("session", created.pk)
    page = client.get(url("session", created.pk)).content.decode()
    assert "27/12/2024" in page and "Hội trường tầng 3" in page


def test_put_dossier_from_the_session_page(world, login):
    session, team = council_session(world)
    client = login(world.user("board"))
    fresh = services.create_session(
        actor=world.user("board"), council=session.council, date=session.date, place="Phòng 2"
    )
    page = client.get(url("session", fresh.pk)).content.decode()
    assert "Đưa hồ sơ ra Hội đồng" in page
    dossier = session.lines.get().dossier_line.dossier
    client.post(url("session_put", fresh.pk), {"dossier": dossier.pk})
    assert fresh.lines.count() == 1


def test_open_enter_counts_and_close_through_the_pages(world, login):
    """R-IND-04: ceil(0,8 × 5) = 4 of all five members; four present, one written opinion in favour."""
    session, team = council_session(world, members=5)
    client = login(world.user("board"))
    page = client.get(url("session", session.pk)).content.decode()
    assert 'data-need="4"' in page and "80 %" in page
    client.post(url("session_open", session.pk), {"present": [m.pk for m in team[:4]]})
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    line = session.lines.get()
    counts = {f"yes_{line.pk}": 3, f"no_{line.pk}": 1, f"abstain_{line.pk}": 0}
    counts |= {f"written_yes_{line.pk}": 1, f"written_no_{line.pk}": 0}
    client.post(url("session_counts", session.pk), counts)
    line.refresh_from_db()
    assert (line.votes_yes, line.written_yes, line.approved, line.margin) == (3, 1, True, 0)
    page = client.get(url("session", session.pk)).content.decode()
    assert 'data-result="pass"' in page and "Thành viên 4" in page  # the absent member named
    client.post(url("session_close", session.pk))
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    line.dossier_line.refresh_from_db()
    assert line.dossier_line.council_outcome == CouncilOutcome.APPROVED


def test_quorum_refusal_shown_and_session_stays_draft(world, login):
    session, team = council_session(world, members=6)
    client = login(world.user("board"))
    response = client.post(
        url("session_open", session.pk), {"present": [m.pk for m in team[:3]]}, follow=True
    )
    assert "Chưa đủ" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT


def test_counts_above_present_refused_on_the_page(world, login):
    session, team = council_session(world, members=5)
    board = world.user("board")
    services.open_session(actor=board, session=session, present=team[:4])
    line = session.lines.get()
    client = login(board)
    counts = {f"yes_{line.pk}": 5, f"no_{line.pk}": 0, f"abstain_{line.pk}": 0}
    counts |= {f"written_yes_{line.pk}": 0, f"written_no_{line.pk}": 0}
    response = client.post(url("session_counts", session.pk), counts, follow=True)
    assert "có mặt" in response.content.decode()
    line.refresh_from_db()
    assert line.approved is None


def test_close_before_counts_refused(world, login):
    session, team = council_session(world)
    services.open_session(actor=world.user("board"), session=session, present=team)
    response = login(world.user("board")).post(url("session_close", session.pk), follow=True)
    assert "Nhập kết quả kiểm phiếu" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN


def test_observer_reads_but_has_no_forms_and_cannot_act(world, login):
    session, team = council_session(world)
    client = login(world.user("observer"))
    page = client.get(url("session", session.pk)).content.decode()
    assert "open-form" not in page and "counts-form" not in page
    assert client.get(url("council", session.council.pk)).status_code == 200
    assert client.post(url("session_open", session.pk), {"present": [m.pk for m in team]}).status_code == 403
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT


@pytest.mark.parametrize("persona", ["member", "leader", "outsider", "delegate"])
def test_others_are_refused_every_page(world, login, persona):
    session, team = council_session(world)
    client = login(world.user(persona))
    council = session.council
    for name, args in [("list", ()), ("council", (council.pk,)), ("session", (session.pk,))]:
        assert client.get(url(name, *args)).status_code == 403
    newcomer = make_person("Lê Văn Cường", world.member_unit)
    assert (
        client.post(url("member_add", council.pk), {"person": newcomer.pk, "role": "member"}).status_code
        == 403
    )
    assert (
        client.post(url("session_create", council.pk), {"date": "01/12/2024", "place": "X"}).status_code
        == 403
    )
    assert client.post(url("session_open", session.pk), {"present": [m.pk for m in team]}).status_code == 403
    assert client.post(url("session_close", session.pk)).status_code == 403
    assert (
        client.post(url("council_create"), {"body": world.province.pk, "year": 2030, "name": "X"}).status_code
        == 403
    )
    assert not CouncilMember.objects.filter(person=newcomer).exists()
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT and council.sessions.count() == 1


def test_board_put_refused_for_a_dossier_not_sent_to_the_council(world, login):
    session, team = council_session(world)
    fresh = services.create_session(
        actor=world.user("board"), council=session.council, date=session.date, place="Phòng 2"
    )
    draft = unit_dossier(world)
    response = login(world.user("board")).post(
        url("session_put", fresh.pk), {"dossier": draft.pk}, follow=True
    )
    assert "hồ sơ đã trình Hội đồng:" in response.content.decode()
    assert fresh.lines.count() == 0


def test_anonymous_is_sent_to_login(world, client):
    session, _ = council_session(world)
    response = client.get(url("session", session.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_missing_session_is_404_for_the_board(world, login):
    assert login(world.user("board")).get(url("session", 999999)).status_code == 404


def test_dossier_page_links_to_its_session_for_the_board(world, login):
    session, _ = council_session(world)
    dossier = session.lines.get().dossier_line.dossier
    page = login(world.user("board")).get(reverse("proposals:dossier", args=[dossier.pk])).content.decode()
    assert 'id="dossier-council"' in page
    assert url("session", session.pk) in page and "phiên họp ngày 20/12/2024" in page


def test_dossier_page_names_the_session_without_a_link_for_the_unit(world, login):
    session, _ = council_session(world)
    dossier = session.lines.get().dossier_line.dossier
    page = login(world.user("member")).get(reverse("proposals:dossier", args=[dossier.pk])).content.decode()
    assert "phiên họp ngày 20/12/2024" in page
    assert url("session", session.pk) not in page


def test_dossier_page_without_a_session_has_no_council_line(world, login):
    dossier = unit_dossier(world)
    page = login(world.user("board")).get(reverse("proposals:dossier", args=[dossier.pk])).content.decode()
    assert 'id="dossier-council"' not in page


def test_add_member_list_is_bounded_and_searched(world, login):
    """The dropdown never lists the whole province: without a search, the body's own people who are
    not members yet; with one, the matches anywhere (a Front officer outside the body's units)."""
    session, team = council_session(world, members=3)
    council = session.council
    outside_unit = make_unit("MTTQ-T", "Ủy ban MTTQ tỉnh")
    outsider = make_person("Lê Thị Mặt Trận", outside_unit)
    insider = make_person("Phạm Văn Nội Bộ", world.member_unit)
    client = login(world.user("board"))

    def choices(page: str) -> set[str]:
        form = page.split('action="' + url("member_add", council.pk))[1].split("</form>")[0]
        return set(re.findall(r'<option value="(\d+)"', form))

    page = client.get(url("council", council.pk)).content.decode()
    shown = choices(page)
    assert str(insider.pk) in shown and str(outsider.pk) not in shown
    assert not shown & {str(m.person_id) for m in team}  # members already seated are not offered
    found = choices(client.get(url("council", council.pk), {"q": "le thi mat tran"}).content.decode())
    assert found == {str(outsider.pk)}
    client.post(url("member_add", council.pk), {"person": outsider.pk, "role": "member"})
    assert council.members.filter(person=outsider).exists()


def test_second_council_for_the_same_body_and_year_is_a_message(world):
    board = world.user("board")
    services.create_council(actor=board, body=world.province, year=2030, name="Hội đồng 2030")
    with pytest.raises(ValidationError) as caught:
        services.create_council(actor=board, body=world.province, year=2030, name="Hội đồng khác")
    assert "đã có Hội đồng" in " ".join(caught.value.messages)
    assert Council.objects.filter(body=world.province, year=2030).count() == 1


def test_a_session_with_a_local_entry_without_version_shows_the_majority(world, login):
    """A province's own award with no legal form and no catalogue version (a commemorative medal) on
    the agenda: the session page and its minutes need more than half of the members, not a server
    error."""
    from thidua.awards import services as award_services

    award_services.save_local_award(
        actor=world.user("board"),
        code="KNC_TDKT",
        name="Kỷ niệm chương Vì sự nghiệp thi đua, khen thưởng",
        category="commemorative",
        kind="form",
        recipient="individual",
        level="national",
        rules_note="Đủ 15 năm công tác trong ngành thi đua, khen thưởng.",
    )
    session, team = council_session(world, members=5, code="KNC_TDKT")
    line = session.lines.get()
    assert services.threshold_pct(line) is None and services.needed_votes(5, None) == 3
    client = login(world.user("board"))
    page = client.get(url("session", session.pk))
    assert page.status_code == 200 and "quá bán" in page.content.decode()
    assert client.get(url("session_minutes", session.pk)).status_code == 200
