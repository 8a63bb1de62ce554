"""The demo replays the seed articles, and loading it twice changes nothing.

The demo is loaded once per worker (conftest.py, `demo_database`); each module that reads it imports
`demo` from here and runs on a fresh copy of that database.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from docx import Document
from rest_framework.test import APIClient

from thidua.accounts.models import User
from thidua.audit.models import AuditEntry
from thidua.audit.services import verify_chain
from thidua.blocks.models import Block, BlockYear
from thidua.council.models import CouncilSession, SessionStatus
from thidua.council.papers import minutes_docx
from thidua.demo import data
from thidua.demo.services import leader_of, load_demo
from thidua.orgs.models import Person, Unit
from thidua.proposals.models import CouncilOutcome, Decision, DecisionStatus


@pytest.fixture(scope="module")
def _demo_loaded(demo_module):
    """This module's copy of the worker's demo database; the test database is left as it was."""


@pytest.fixture
def demo(_demo_loaded, db):
    return None


def _leader_name(block_code: str, year: int) -> str:
    leader = leader_of(block_code, year)
    assert leader is not None
    return leader.name


def _counts() -> tuple[int, ...]:
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Block.objects.count(),
        BlockYear.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
        CouncilSession.objects.count(),
    )


def test_loading_twice_changes_nothing(demo) -> None:
    before = _counts()
    created = load_demo(log=lambda _message: None)
    assert set(created.values()) == {0}
    assert _counts() == before
    assert verify_chain().ok


def test_the_five_seed_blocks_exist(demo) -> None:
    """The five seed blocks, and the cluster whose past years are recorded from paper minutes."""
    assert Block.objects.count() == 6
    assert Block.objects.filter(code="DEMO-CUM-BAC").exists()


def test_seed_000_nha_trang_party_block_has_six_units(demo) -> None:
    year = BlockYear.objects.get(block__code="NT-KDANG", year=2022)
    names = {m.unit.name for m in year.memberships.select_related("unit")}
    assert len(names) == 6
    assert {
        "Ban Tổ chức Thành ủy Nha Trang",
        "Ban Tuyên giáo Thành ủy Nha Trang",
        "Ban Dân vận Thành ủy Nha Trang",
    } <= names


def test_seed_001_quang_nam_party_block(demo) -> None:
    members = {
        m.unit.name.removesuffix(" Quảng Nam")
        for m in BlockYear.objects.get(block__code="QNA-KDANG", year=2021).memberships.select_related("unit")
    }
    assert members == {
        "Ban Tuyên giáo Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Ban Dân vận Tỉnh ủy",
        "Ban Nội chính Tỉnh ủy",
        "Văn phòng Tỉnh ủy",
        "Đảng ủy Khối các cơ quan tỉnh",
        "Trường Chính trị tỉnh",
    }
    assert _leader_name("QNA-KDANG", 2021) == "Ban Tuyên giáo Tỉnh ủy Quảng Nam"
    assert _leader_name("QNA-KDANG", 2022) == "Trường Chính trị tỉnh Quảng Nam"


def test_seed_002_leaders_and_deputy(demo) -> None:
    assert _leader_name("S2-KTMTH", 2023) == "Văn phòng Đoàn ĐBQH và HĐND tỉnh"
    assert _leader_name("S2-KTMTH", 2024) == "Sở Tài chính"
    year_2024 = BlockYear.objects.with_members().get(block__code="S2-KTMTH", year=2024)
    assert [u.name for u in year_2024.deputies] == ["Văn phòng UBND tỉnh"]


def test_seed_002_merger_keeps_the_predecessor_and_its_history(demo) -> None:
    planning = Unit.objects.get(code="S2-SKHDT")
    assert planning.active_to is not None and planning.successor_links.get().successor.code == "S2-STC"
    assert planning.memberships.filter(block_year__year=2024).exists()
    assert not planning.memberships.filter(block_year__year=2025).exists()


def test_seed_003_military_command_led_2022(demo) -> None:
    assert _leader_name("TQ-KNC", 2022) == "Bộ Chỉ huy Quân sự tỉnh Tuyên Quang"


def test_seed_004_general_departments_block(demo) -> None:
    assert BlockYear.objects.filter(block__code="ND-KSNTH", year__in=[2021, 2022]).count() == 2


def test_every_member_unit_has_people_and_every_role_an_account(demo) -> None:
    for block_year in BlockYear.objects.all():
        for membership in block_year.memberships.all():
            assert Person.objects.in_unit(membership.unit_id).exists(), membership.unit
    assert set(User.objects.values_list("role", flat=True)) == {
        "administrator",
        "board_officer",
        "unit_officer",
        "delegate",
        "observer",
    }
    for username, *_rest in data.ACCOUNTS:
        assert User.objects.get(username=username).check_password(data.PASSWORD)


def test_board_officer_sees_the_five_blocks_in_vietnamese_and_through_the_api(demo, client) -> None:
    client.post("/accounts/login/", {"username": "bantdkt", "password": data.PASSWORD})
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Khối trưởng" in page and "thành viên" in page
    for _code, name, *_rest in data.BLOCKS:
        assert name in page
    api = APIClient()
    token = api.post("/api/v1/auth/token/", {"username": "bantdkt", "password": data.PASSWORD}).json()[
        "token"
    ]
    api.credentials(HTTP_AUTHORIZATION="Token " + token)
    rows = api.get("/api/v1/block-years/", {"year": 2022, "limit": 50}).json()["results"]
    leaders = {row["block_name"]: row["leader"]["name"] for row in rows}
    assert (
        leaders["Khối thi đua các cơ quan công tác Đảng tỉnh Quảng Nam"] == "Trường Chính trị tỉnh Quảng Nam"
    )
    assert leaders["Khối thi đua Nội chính tỉnh Tuyên Quang"] == "Bộ Chỉ huy Quân sự tỉnh Tuyên Quang"


def test_load_demo_command_prints_the_logins(demo, capsys) -> None:
    call_command("load_demo")
    out = capsys.readouterr().out
    assert data.PASSWORD in out
    for username, *_rest in data.ACCOUNTS:
        assert username in out


def test_seed_002_has_one_closed_session_with_results(demo) -> None:
    session = CouncilSession.objects.get()
    assert session.status == SessionStatus.CLOSED
    assert session.council.members.count() == 7 and session.present.count() == 6
    lines = list(session.lines.select_related("dossier_line__dossier"))
    assert lines and all(line.approved and line.written_yes == 1 for line in lines)
    dossier = lines[0].dossier_line.dossier
    assert all(line.dossier_line.council_outcome == CouncilOutcome.APPROVED for line in lines)
    assert dossier.decisions.filter(status=DecisionStatus.ISSUED).exists()
    assert session.minutes_number is not None
    assert session.minutes_number.number_line == "Số: 01/BB-HĐTĐKT"
    document = Document(io.BytesIO(minutes_docx(session)))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Số: 01/BB-HĐTĐKT" in text and "ngày 05 tháng 3 năm 2024" in text
    assert (
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH" in text
        and "Hội đồng Thi đua - Khen thưởng Hội đồng" not in text
    )


def test_replayed_events_carry_the_articles_dates(demo) -> None:
    """Issue 15 item 10: signatures, publications and votes on the articles' days, not the load day."""
    from django.utils import timezone

    from thidua.conferences.models import AwardCandidate, Conference, Poll
    from thidua.scoring.models import CovenantSignature, RankingSnapshot

    def day(value):  # noqa: ANN001, ANN202 - a datetime to its local date
        return timezone.localtime(value).date()

    for conference in Conference.objects.filter(opened_at__isnull=False):
        assert conference.starts_at is not None and conference.opened_at == conference.starts_at
        for poll in conference.polls.filter(opened_at__isnull=False):
            assert day(poll.opened_at) == day(conference.starts_at), poll
            assert poll.closed_at is None or conference.starts_at < poll.closed_at
            if conference.closed_at is not None and poll.published_at is not None:
                assert poll.published_at < conference.closed_at
    seed_000 = Conference.objects.get(block_year__block__code="NT-KDANG", block_year__year=2022)
    assert str(day(seed_000.opened_at)) == "2022-12-27"
    assert {str(day(s.signed_at)) for s in CovenantSignature.objects.all()} == {"2022-02-18"}
    ranking = RankingSnapshot.objects.get(block_year=seed_000.block_year)
    assert ranking.published_at == seed_000.closed_at
    assert all(
        day(c.approved_at) < timezone.localdate()
        for c in AwardCandidate.objects.filter(
            poll__in=Poll.objects.filter(conference__closed_at__isnull=False)
        )
    )
    for decision in Decision.objects.filter(issued_at__isnull=False):
        assert day(decision.issued_at) == decision.date
