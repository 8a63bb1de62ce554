"""Every block, vote and leader change of the five seed articles (shared/seeds/) can be stored, one
test a seed, through the services a user's page or import calls. What an article does not say stays
unknown (a leader, the votes, the counts), nothing is invented, except where noted: a block year needs
two members, so an article naming only the leader gets one stand-in member, named as such."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from thidua.accounts.models import Role
from thidua.blocks.models import Block, BlockKind, BlockYear, StandingSource
from thidua.blocks.services import set_block_year
from thidua.conferences import services
from thidua.conferences.models import AwardCandidate, RecordedMinutes
from thidua.orgs.models import Unit, UnitKind, UnitLevel
from thidua.testing import make_user

pytestmark = pytest.mark.django_db
D = datetime.date


def _units(prefix: str, names: list[str], level: str = UnitLevel.PROVINCE) -> list[Unit]:
    return [
        Unit.objects.create(code=f"{prefix}-{i}", name=name, kind=UnitKind.STATE_AGENCY, level=level)
        for i, name in enumerate(names, start=1)
    ]


def _block(code: str, name: str, body: Unit, level: str = UnitLevel.PROVINCE) -> Block:
    return Block.objects.create(code=code, name=name, kind=BlockKind.BLOCK, level=level, managing_body=body)


def _record(board, block_year, **values):
    parsed = services.parse_minutes(
        block_year=block_year,
        standings=values.pop("standings", ""),
        proposals=values.pop("proposals", ""),
        deputies=values.pop("deputies", ""),
    )
    assert parsed.errors == {}
    return services.record_minutes(
        actor=board,
        block_year=block_year,
        standings=parsed.standings,
        proposals=parsed.proposals,
        next_deputies=parsed.deputies,
        **values,
    )


@pytest.fixture
def board(db):
    return make_user("board", Role.BOARD_OFFICER)


def test_seed_000_nha_trang_party_block_ranked_by_acclamation_leader_unknown(board, award_catalogue):
    """Nha Trang, 2022: six Party bodies; the preparatory meeting of 27/12/2022 honoured Ban Tổ chức
    first, Ban Tuyên giáo second, Ban Dân vận third by a show of hands. The leader is not named."""
    body, *members = _units(
        "NT",
        [
            "Thành ủy Nha Trang",
            "Ban Tổ chức Thành ủy",
            "Ban Tuyên giáo Thành ủy",
            "Ban Dân vận Thành ủy",
            "Ủy ban Kiểm tra Thành ủy",
            "Văn phòng Thành ủy",
            "Trung tâm Chính trị thành phố",
        ],
        level=UnitLevel.DISTRICT,
    )
    block = _block("NT-DANG", "Khối các cơ quan Đảng Thành ủy Nha Trang", body, level=UnitLevel.DISTRICT)
    year = set_block_year(actor=board, block=block, year=2022, members=members, leader=None, deputies=[])
    minutes = _record(
        board,
        year,
        standings="Ban Tổ chức Thành ủy; 1\nBan Tuyên giáo Thành ủy; 2\nBan Dân vận Thành ủy; 3",
        held_on=D(2022, 12, 27),
        by_acclamation=True,
    )
    assert year.leader is None
    assert [(s.unit.name, s.rank, s.votes) for s in year.standings.order_by("rank")] == [
        ("Ban Tổ chức Thành ủy", 1, None),
        ("Ban Tuyên giáo Thành ủy", 2, None),
        ("Ban Dân vận Thành ủy", 3, None),
    ]
    assert minutes.by_acclamation and minutes.chair == ""


def test_seed_001_quang_nam_flags_and_a_leader_without_deputy(board, award_catalogue):
    """Quảng Nam, 2021: eight members, Ban Tuyên giáo leads; the block agreed (no counts) to propose
    the Government's flag for Văn phòng Tỉnh ủy and the province's flag for Ban Tổ chức; Trường
    Chính trị leads 2022, no deputy named."""
    body, *members = _units(
        "QN",
        [
            "Tỉnh ủy Quảng Nam",
            "Ban Tuyên giáo Tỉnh ủy",
            "Ban Tổ chức Tỉnh ủy",
            "Ủy ban Kiểm tra Tỉnh ủy",
            "Ban Dân vận Tỉnh ủy",
            "Ban Nội chính Tỉnh ủy",
            "Văn phòng Tỉnh ủy",
            "Đảng ủy Khối các cơ quan tỉnh",
            "Trường Chính trị tỉnh",
        ],
    )
    block = _block("QN-DANG", "Khối thi đua các cơ quan công tác Đảng", body)
    year = set_block_year(
        actor=board, block=block, year=2021, members=members, leader=members[0], deputies=[]
    )
    _record(
        board,
        year,
        proposals="CO_TD_CP; Văn phòng Tỉnh ủy\nCO_TD_TINH; Ban Tổ chức Tỉnh ủy",
        next_leader=members[-1],
        held_on=D(2022, 3, 1),
    )
    candidates = list(AwardCandidate.objects.filter(block_year=year).order_by("id"))
    assert [(c.award_type.code, str(c.unit), c.yes) for c in candidates] == [
        ("CO_TD_CP", "Văn phòng Tỉnh ủy", None),
        ("CO_TD_TINH", "Ban Tổ chức Tỉnh ủy", None),
    ]
    following = BlockYear.objects.get(block=block, year=2022)
    assert following.leader == members[-1] and following.deputies == []
    assert following.memberships.count() == 8


def test_seed_002_general_advisory_block_flag_certificates_leader_and_deputy(board, award_catalogue):
    """2023: Văn phòng Đoàn ĐBQH và HĐND tỉnh leads, its deputy head chairs on 22/01/2024 at its
    seat; the Government's flag proposed for Sở Tài chính, the chairman's certificates for Văn phòng
    UBND tỉnh and Sở Kế hoạch và Đầu tư; Sở Tài chính leads 2024 with Văn phòng UBND tỉnh as deputy."""
    body, *members = _units(
        "TH",
        [
            "UBND tỉnh",
            "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
            "Sở Tài chính",
            "Văn phòng UBND tỉnh",
            "Sở Kế hoạch và Đầu tư",
        ],
    )
    block = _block("TM-TH", "Khối thi đua các cơ quan Tham mưu - Tổng hợp", body)
    year = set_block_year(
        actor=board, block=block, year=2023, members=members, leader=members[0], deputies=[]
    )
    minutes = _record(
        board,
        year,
        proposals=("CO_TD_CP; Sở Tài chính\nBK_TINH; Văn phòng UBND tỉnh\nBK_TINH; Sở Kế hoạch và Đầu tư"),
        next_leader=members[1],
        deputies="Văn phòng UBND tỉnh",
        held_on=D(2024, 1, 22),
        place="Trụ sở Đoàn ĐBQH và HĐND tỉnh",
        chair="Vũ Thị Liễu, Phó Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh, Khối trưởng",
        by_acclamation=True,
    )
    assert AwardCandidate.objects.filter(recorded=minutes).count() == 3
    following = BlockYear.objects.get(block=block, year=2024)
    assert following.leader == members[1] and following.deputies == [members[2]]


def test_seed_003_internal_affairs_block_conference_of_the_leader(board, award_catalogue):
    """Tuyên Quang, 2022: Bộ chỉ huy Quân sự tỉnh leads and chaired the summary of 24/11/2022; the
    article names no other member and no result (537 collectives and 2.347 people honoured in the
    year are a note)."""
    body, leader, stand_in = _units(
        "TQ", ["UBND tỉnh Tuyên Quang", "Bộ chỉ huy Quân sự tỉnh", "Thành viên khác (bài báo không nêu)"]
    )
    block = _block("TQ-NC", "Khối thi đua Nội chính tỉnh", body)
    year = set_block_year(
        actor=board, block=block, year=2022, members=[leader, stand_in], leader=leader, deputies=[]
    )
    minutes = _record(
        board,
        year,
        held_on=D(2022, 11, 24),
        chair="Bộ chỉ huy Quân sự tỉnh, Trưởng khối",
        note="Toàn khối có 537 lượt tập thể, 2.347 lượt cá nhân được các cấp khen thưởng.",
    )
    assert not year.standings.exists() and minutes.place == ""
    assert RecordedMinutes.objects.get(block_year=year).held_on == D(2022, 11, 24)


def test_seed_004_general_departments_block_nothing_but_the_date(board, award_catalogue):
    """Nam Định, 2021: the summary of 24/12/2021 is reported without members, leader or results."""
    body, *members = _units(
        "ND", ["UBND tỉnh Nam Định", "Thành viên 1 (bài báo không nêu)", "Thành viên 2 (bài báo không nêu)"]
    )
    block = _block("ND-TH", "Khối các sở, ngành tổng hợp", body)
    year = set_block_year(actor=board, block=block, year=2021, members=members, leader=None, deputies=[])
    minutes = _record(board, year, held_on=D(2021, 12, 24))
    assert year.leader is None and minutes.minutes_number == ""
    assert not year.standings.filter(source=StandingSource.RECORDED).exists()


def test_an_unknown_leader_only_for_a_past_year(board):
    body, *members = _units("X", ["UBND", "Sở A", "Sở B"])
    block = _block("X-1", "Khối thử", body)
    this_year = datetime.date.today().year
    with pytest.raises(ValidationError) as caught:
        set_block_year(actor=board, block=block, year=this_year, members=members, leader=None, deputies=[])
    assert "leader" in caught.value.message_dict
