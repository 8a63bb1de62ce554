"""The seed articles' conferences replayed through the services: roll and check-in, the draft report
with comments, secret ballots cast by the delegates, counted, published and flowing on.

- seed 000: the preparatory meeting of 27/12/2022 where the Nha Trang Party agencies block "biểu quyết
  suy tôn Ban tổ chức Thành ủy dẫn đầu thi đua khối năm 2022, xếp thứ Nhì Ban tuyên giáo Thành ủy,
  Ban Dân vận Thành ủy xếp vị thứ Ba", with Ông Trần Văn Võ Thịnh attending for the city's council.
- seed 001: the Quảng Nam summary of 2021 (01/3/2022) where "Trường Chính trị tỉnh được chọn là
  Trưởng khối thi đua năm 2022": the election creates the block's 2022 year.
- seed 002: the summary of 2023 (22/01/2024) chaired by Vũ Thị Liễu: the members amend and approve
  the leader's draft report and "suy tôn Sở Tài chính là Khối Trưởng và Văn phòng UBND tỉnh là Khối
  Phó Khối thi đua năm 2024": the election creates the block's 2024 year.
- a planned 2025 summary of seed 002's block, with its polls in draft, to try the voting.

How each delegate voted is invented (the articles give only the outcomes); `docs/demo.md` says so.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.types import Actor
from thidua.awards.catalogue import seed_catalogue
from thidua.awards.models import AwardType
from thidua.blocks.models import BlockYear
from thidua.conferences import services
from thidua.conferences.models import (
    CommentStatus,
    Conference,
    ConferenceKind,
    ParticipantKind,
    Poll,
    PollKind,
)
from thidua.orgs.models import Person, Unit


def _when(day: str, hour: int) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


def _head_of(unit: Unit) -> tuple[str, str]:
    """The unit's head (the first position of the demo people), as the delegate's name and title."""
    person = (
        Person.objects.filter(positions__unit=unit, positions__end__isnull=True)
        .order_by("positions__id")
        .values_list("full_name", "positions__title")
        .first()
    )
    return person if person else (str(unit), "")


def _roll(actor: Actor, conference: Conference, guests: list[tuple[str, str]]) -> None:
    """Name the seeded delegates after their units' heads, add the guests, check everyone in."""
    for participant in conference.participants.filter(unit__isnull=False).select_related("unit"):
        assert participant.unit is not None
        name, title = _head_of(participant.unit)
        services.update_participant(actor=actor, participant=participant, full_name=name, position=title)
    for name, title in guests:
        services.add_participant(
            actor=actor, conference=conference, kind=ParticipantKind.GUEST, full_name=name, position=title
        )


def _convene(
    actor: Actor, *, guests: list[tuple[str, str]], in_session: bool, block_year: BlockYear, **values: Any
) -> Conference:
    """Create the conference, name its delegates, add the guests and, for a replayed meeting, open it
    with everyone present at the start."""
    conference = services.create_conference(actor=actor, block_year=block_year, **values)
    _roll(actor, conference, guests)
    if in_session:
        services.start_conference(actor=actor, conference=conference)
        _check_in_all(actor, conference)
    return conference


def _check_in_all(actor: Actor, conference: Conference) -> None:
    for participant in conference.participants.all():
        services.check_in(actor=actor, participant=participant, at=conference.starts_at)


def _voters_by_code(conference: Conference) -> dict[str, Any]:
    """The conference's voting delegates by their unit's code."""
    return {
        p.unit.code: p for p in conference.participants.filter(weight__gt=0).select_related("unit") if p.unit
    }


def _all_in_favour(actor: Actor, poll: Poll, voters: list[str]) -> None:
    """Open a yes / no poll, every delegate answers yes on every item, count and publish."""
    services.open_poll(actor=actor, poll=poll)
    roll = _voters_by_code(poll.conference)
    yes = {str(pk): "Y" for pk in poll.options.values_list("pk", flat=True)}
    for code in voters:
        services.cast_ballot(poll=poll, participant=roll[code], choice=yes)
    services.publish_poll(actor=actor, poll=services.close_poll(actor=actor, poll=poll))


def _vote(poll: Poll, ballots: list[tuple[str, list[str]]]) -> None:
    """Cast one ballot per (delegate's unit code, chosen unit codes)."""
    options = {o.unit.code: o.pk for o in poll.options.select_related("unit") if o.unit}
    roll = _voters_by_code(poll.conference)
    for voter_code, chosen in ballots:
        services.cast_ballot(
            poll=poll, participant=roll[voter_code], choice=[options[code] for code in chosen]
        )


def _run(actor: Actor, poll: Poll, ballots: list[tuple[str, list[str]]]) -> Poll:
    services.open_poll(actor=actor, poll=poll)
    _vote(poll, ballots)
    return services.publish_poll(actor=actor, poll=services.close_poll(actor=actor, poll=poll))


def _exists(block_year: BlockYear, title: str) -> bool:
    return Conference.objects.filter(block_year=block_year, title=title).exists()


def load_seed_000_conference() -> bool:
    block_year = BlockYear.objects.get(block__code="NT-KDANG", year=2022)
    title = "Hội nghị trù bị tổng kết phong trào thi đua yêu nước năm 2022"
    if _exists(block_year, title):
        return False
    leader = User.objects.get(username="khoitruong")
    conference = _convene(
        leader,
        guests=[
            ("Trần Văn Võ Thịnh", "Trưởng Phòng Nội vụ, Phó Chủ tịch Hội đồng thi đua khen thưởng thành phố")
        ],
        in_session=True,
        block_year=block_year,
        kind=ConferenceKind.PREPARATORY,
        title=title,
        starts_at=_when("2022-12-27", 8),
        place="Hội trường Thành ủy Nha Trang",
        chair="Văn phòng Thành ủy Nha Trang, đơn vị Khối trưởng",
        secretary="Chuyên viên phụ trách thi đua, khen thưởng Văn phòng Thành ủy",
        agenda="Thảo luận, bổ sung dự thảo báo cáo tổng kết thi đua Khối năm 2022 và phương hướng năm 2023\n"
        "Biểu quyết suy tôn đơn vị dẫn đầu và xếp hạng thi đua năm 2022",
    )
    services.set_report(
        actor=leader,
        conference=conference,
        sections=[
            (
                "I. Kết quả thực hiện phong trào thi đua năm 2022",
                "6/6 đơn vị trong Khối hoàn thành 10 chỉ tiêu, nhiệm vụ trọng tâm theo chương trình công tác và "
                "5 nhiệm vụ xây dựng cơ quan đơn vị vững mạnh; 6/6 đơn vị hoàn thành xuất sắc nhiệm vụ; 100% cán bộ, "
                "công chức, viên chức hoàn thành tốt nhiệm vụ, có 8 chiến sĩ thi đua cấp cơ sở.",
            ),
            (
                "II. Phương hướng, nhiệm vụ năm 2023",
                "Tiếp tục thực hiện Kết luận số 01-KL/TW của Bộ Chính trị.",
            ),
        ],
    )
    first = conference.report_sections.order_by("position").first()
    assert first is not None
    comment = services.add_comment(
        actor=User.objects.get(username="donvi"),
        section=first,
        unit=Unit.objects.get(code="NT-BTC"),
        text="Đề nghị bổ sung kết quả tham mưu tổ chức các hội nghị trực tuyến quán triệt Nghị quyết Trung ương.",
    )
    services.answer_comment(
        actor=leader, comment=comment, status=CommentStatus.ACCEPTED, answer="Tiếp thu, đã bổ sung vào mục I."
    )
    poll = services.create_poll(actor=leader, conference=conference, kind=PollKind.RANKING)
    _run(
        leader,
        poll,
        [
            ("NT-VPTU", ["NT-BTC", "NT-BTG", "NT-BDV"]),
            ("NT-BTC", ["NT-BTC", "NT-BTG", "NT-BDV"]),
            ("NT-BTG", ["NT-BTC", "NT-BTG", "NT-BDV"]),
            ("NT-BDV", ["NT-BTC", "NT-BTG", "NT-BDV"]),
            ("NT-UBKT", ["NT-BTC", "NT-BTG", "NT-UBKT"]),
            ("NT-TTCT", ["NT-BTC", "NT-VPTU", "NT-TTCT"]),
        ],
    )
    # The meeting ended that afternoon (seed 000), not on the day the demo is loaded (issue 15 item 10).
    services.close_conference(actor=leader, conference=conference, closed_at=_when("2022-12-27", 11))
    return True


def _propose(
    actor: Actor, conference: Conference, proposals: list[tuple[str, str]], voters: list[str]
) -> None:
    """Put (award code, unit code) proposals to a yes / no / abstain vote, every delegate in favour."""
    seed_catalogue()  # idempotent: the catalogue normally comes from its data migration
    poll = services.create_poll(
        actor=actor,
        conference=conference,
        kind=PollKind.PROPOSALS,
        proposals=[
            services.Proposal(AwardType.objects.get(code=code), unit=Unit.objects.get(code=unit))
            for code, unit in proposals
        ],
    )
    _all_in_favour(actor, poll, voters)


def _elect(actor: Actor, conference: Conference, leader: str, deputy: str, voters: list[str]) -> None:
    """Elect next year's leader and deputy by secret ballot (every delegate for the same units)."""
    for kind, chosen in ((PollKind.LEADER, leader), (PollKind.DEPUTY, deputy)):
        poll = services.create_poll(actor=actor, conference=conference, kind=kind)
        _run(actor, poll, [(code, [chosen]) for code in voters])


def load_seed_001_conference() -> bool:
    block_year = BlockYear.objects.get(block__code="QNA-KDANG", year=2021)
    title = "Hội nghị tổng kết công tác thi đua năm 2021 và triển khai nhiệm vụ năm 2022"
    if _exists(block_year, title):
        return False
    board = User.objects.get(username="bantdkt")
    conference = _convene(
        board,
        guests=[],
        in_session=True,
        block_year=block_year,
        kind=ConferenceKind.SUMMARY,
        title=title,
        starts_at=_when("2022-03-01", 14),
        place="Hội trường Tỉnh ủy Quảng Nam",
        chair="Ban Tuyên giáo Tỉnh ủy, Trưởng khối năm 2021",
        secretary="Chuyên viên Ban Tuyên giáo Tỉnh ủy",
        agenda="Tổng kết công tác thi đua năm 2021\nBình xét, đề nghị khen thưởng\nBầu Trưởng khối, Phó khối năm 2022",
    )
    voters = [m.unit.code for m in block_year.memberships.select_related("unit")]
    ranking = services.create_poll(
        actor=board, conference=conference, kind=PollKind.RANKING, max_choices=2, ranks_to_fill=2
    )
    # Invented: Văn phòng Tỉnh ủy on every ballot, Ban Tổ chức on all but one.
    _run(
        board,
        ranking,
        [(code, ["QNA-VPTU", "QNA-BTC"]) for code in voters[:-1]] + [(voters[-1], ["QNA-VPTU"])],
    )
    # seed 001: "đề nghị tặng Cờ thi đua của Chính phủ cho Văn phòng Tỉnh ủy, tặng Cờ thi đua của UBND
    # tỉnh cho Ban Tổ chức Tỉnh ủy".
    _propose(board, conference, [("CO_TD_CP", "QNA-VPTU"), ("CO_TD_TINH", "QNA-BTC")], voters)
    _elect(board, conference, "QNA-TCT", "QNA-UBKT", voters)
    return True


def load_seed_002_conference() -> bool:
    block_year = BlockYear.objects.get(block__code="S2-KTMTH", year=2023)
    title = "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2023; phát động, ký kết giao ước thi đua năm 2024"
    if _exists(block_year, title):
        return False
    board = User.objects.get(username="bantdkt")
    conference = _convene(
        board,
        guests=[("Đại diện lãnh đạo Ban Thi đua - Khen thưởng tỉnh", "")],
        in_session=True,
        block_year=block_year,
        kind=ConferenceKind.SUMMARY,
        title=title,
        starts_at=_when("2024-01-22", 14),
        place="Trụ sở Đoàn ĐBQH và HĐND tỉnh",
        chair="Vũ Thị Liễu, Phó Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh, Khối Trưởng",
        secretary="Chuyên viên Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        agenda="Thông qua Báo cáo tổng kết công tác thi đua, khen thưởng năm 2023 và phương hướng năm 2024\n"
        "Bình xét thi đua, đề nghị khen thưởng\nSuy tôn Khối Trưởng, Khối Phó năm 2024\nKý giao ước thi đua năm 2024",
    )
    services.set_report(
        actor=board,
        conference=conference,
        sections=[
            (
                "I. Kết quả công tác thi đua, khen thưởng năm 2023",
                "Ngay từ đầu năm 2023, Khối đã tổ chức phát động phong trào thi đua, ký kết giao ước thi đua với "
                "những nội dung, tiêu chí cụ thể, thiết thực, bám sát các chỉ tiêu, nhiệm vụ chính trị.",
            ),
            ("II. Tồn tại, hạn chế", "Một số đơn vị gửi báo cáo chưa đúng thời hạn."),
            (
                "III. Phương hướng, nhiệm vụ năm 2024",
                "Phấn đấu hoàn thành xuất sắc nhiệm vụ chuyên môn được giao.",
            ),
        ],
    )
    sections = list(conference.report_sections.order_by("position"))
    stc = User.objects.filter(unit__code="S2-STC").first() or board
    accepted = services.add_comment(
        actor=stc,
        section=sections[0],
        unit=Unit.objects.get(code="S2-STC"),
        text="Bổ sung kết quả thực hiện nhiệm vụ thu, chi ngân sách năm 2023.",
    )
    services.answer_comment(actor=board, comment=accepted, status=CommentStatus.ACCEPTED, answer="Tiếp thu.")
    declined = services.add_comment(
        actor=board,
        section=sections[1],
        unit=Unit.objects.get(code="S2-STP"),
        text="Đề nghị bỏ nội dung về thời hạn báo cáo.",
    )
    services.answer_comment(
        actor=board,
        comment=declined,
        status=CommentStatus.REJECTED,
        answer="Giữ nguyên: hai đơn vị gửi báo cáo 6 tháng chậm so với kế hoạch của Khối.",
    )
    voters = [m.unit.code for m in block_year.memberships.select_related("unit")]
    approval = services.create_poll(
        actor=board,
        conference=conference,
        kind=PollKind.QUESTION,
        mode="named",
        title="Thông qua Báo cáo tổng kết công tác thi đua, khen thưởng năm 2023",
    )
    _all_in_favour(board, approval, voters)
    ranking = services.create_poll(
        actor=board, conference=conference, kind=PollKind.RANKING, max_choices=3, ranks_to_fill=3
    )
    _run(
        board,
        ranking,
        [(code, ["S2-STC", "S2-VPUB", "S2-SKHDT"]) for code in voters[:4]]
        + [(voters[4], ["S2-STC", "S2-VPUB"])]
        + [(code, ["S2-STC"]) for code in voters[5:]],
    )
    # seed 002: "đề nghị tặng Cờ thi đua của Chính phủ cho Sở Tài chính; đề nghị Chủ tịch UBND tỉnh tặng
    # bằng khen cho Văn phòng UBND tỉnh và Sở Kế hoạch và Đầu tư".
    _propose(
        board, conference, [("CO_TD_CP", "S2-STC"), ("BK_TINH", "S2-VPUB"), ("BK_TINH", "S2-SKHDT")], voters
    )
    _elect(board, conference, "S2-STC", "S2-VPUB", voters)
    services.close_conference(actor=board, conference=conference, closed_at=_when("2024-01-22", 17))
    return True


def load_planned_conference() -> bool:
    """Seed 002's block, summary of 2025: planned, polls in draft, for trying the vote in the demo."""
    block_year = BlockYear.objects.get(block__code="S2-KTMTH", year=2025)
    title = "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2025"
    if _exists(block_year, title):
        return False
    board = User.objects.get(username="bantdkt")
    conference = _convene(
        board,
        guests=[],
        in_session=False,
        block_year=block_year,
        kind=ConferenceKind.SUMMARY,
        title=title,
        starts_at=_when("2026-01-20", 8),
        place="Hội trường Văn phòng UBND tỉnh",
        chair="Văn phòng UBND tỉnh, Khối trưởng năm 2025",
        secretary="Chuyên viên Văn phòng UBND tỉnh",
        agenda="Thông qua báo cáo tổng kết năm 2025\nSuy tôn đơn vị dẫn đầu\nBầu Khối trưởng, Khối phó năm 2026",
    )
    for kind in (PollKind.RANKING, PollKind.LEADER, PollKind.DEPUTY):
        services.create_poll(actor=board, conference=conference, kind=kind)
    return True


def load_conferences() -> int:
    """Replay the seed conferences that are missing; returns how many were added."""
    loaded = [
        load_seed_000_conference(),
        load_seed_001_conference(),
        load_seed_002_conference(),
        load_planned_conference(),
    ]
    return sum(loaded)
