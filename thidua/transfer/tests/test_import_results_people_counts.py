"""The results sheet carries individual proposals (a named person on a row of the person's unit) and
proposals the minutes give only as numbers (no unit, one title, a number) (issue 12 items 1 and 9);
it cannot carry the scanned minutes, which the page of the recorded minutes takes afterwards; the
year's planned summary conference that never ran in thidua is marked held."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.conferences import services
from thidua.conferences.models import AwardCandidate, ConferenceStatus, RecordedCount, RecordedMinutes
from thidua.transfer.tests.workbooks import data_rows, errors_of, post, state

pytestmark = pytest.mark.usefixtures("award_catalogue")


def _row(
    unit: str, rank: Any = "", titles: str = "", person: str = "", count: Any = "", **extra: Any
) -> list[Any]:
    return [
        "KHOI-A",
        2024,
        unit,
        rank,
        titles,
        extra.get("votes", ""),
        extra.get("role", ""),
        extra.get("number", ""),
        extra.get("held_on", ""),
        "",
        "",
        "",
        person,
        count,
    ]


GOOD = [
    _row("SO-TC", 1, "Dẫn đầu", number="05/BB-KA", held_on="20/12/2024"),
    _row("SO-NV", "", "CSTDCS; BK_TINH", person="001190000001", votes=3),
    _row("", "", "CO_TD_TINH", count=2),
    _row("", "", "Bằng khen tỉnh", count=3),
]


def test_people_and_numbers_are_recorded_and_export_back(world, login) -> None:
    w = world
    planned = services.create_conference(
        actor=w.user("board"),
        block_year=w.block_year,
        kind="summary",
        starts_at=timezone.make_aware(datetime.datetime(2024, 12, 20, 8, 0)),
    )
    client = login(w.user("board"))
    response = post(client, "results", GOOD)
    assert response.status_code == 302, errors_of(response)
    minutes = RecordedMinutes.objects.get(block_year=w.block_year)
    candidates = [(c.award_type.code, c.unit, c.person, c.yes) for c in AwardCandidate.objects.order_by("id")]
    assert candidates == [("CSTDCS", None, w.member_person, 3), ("BK_TINH", None, w.member_person, 3)]
    assert [(c.award_type.code, c.count) for c in RecordedCount.objects.filter(minutes=minutes)] == [
        ("CO_TD_TINH", 2),
        ("BK_TINH", 3),
    ]
    planned.refresh_from_db()
    assert planned.status == ConferenceStatus.CLOSED
    rows = data_rows(client.get(reverse("transfer:export", args=["results"])).content)
    assert [
        "KHOI-A",
        2024,
        "SO-NV",
        None,
        "CSTDCS; BK_TINH",
        3,
        None,
        None,
        None,
        None,
        None,
        None,
        "001190000001",
        None,
    ] in rows
    assert [
        "KHOI-A",
        2024,
        None,
        None,
        "CO_TD_TINH",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        2,
    ] in rows
    before = state()
    again = post(client, "results", rows)
    assert again.status_code == 302, errors_of(again)
    assert RecordedCount.objects.count() == 2 and AwardCandidate.objects.count() == 2
    assert state()[:-1] == before[:-1]
    page = client.get(reverse("conferences:recorded_minutes", args=[w.block.pk, 2024])).content.decode()
    assert 'id="counts"' in page and 'id="scan-form"' in page


def test_wrong_people_and_numbers_are_refused_with_nothing_written(world, login) -> None:
    client = login(world.user("board"))
    before = state()
    rows = [
        _row("SO-TC", 1),
        _row("SO-NV", "", "CSTDCS", person="Không Có Ai"),  # nobody of that name in the unit
        _row("SO-NV", "", "CO_TD_TINH", person="Nguyễn Thị Lan"),  # a collective title for a person
        _row("SO-NV", 2, "CSTDCS", person="Nguyễn Thị Lan"),  # a person has no rank
        _row("", "", "CO_TD_TINH; BK_TINH", count=2),  # one title per number
        _row("", "", "BK_TINH"),  # no unit and no number
        _row("VP-UB", "", "BK_TINH", count=2),  # a number with a unit
        _row("", "", "CO_TD_TINH", count=1),
        _row("", "", "Cờ thi đua của UBND tỉnh", count=1),  # the same title twice
    ]
    errors = errors_of(post(client, "results", rows))
    assert "Không Có Ai" in errors[(3, "Cá nhân được đề nghị")]
    assert "tập thể" in errors[(4, "Danh hiệu, hình thức được suy tôn")]
    assert (5, "Cá nhân được đề nghị") in errors
    assert (6, "Danh hiệu, hình thức được suy tôn") in errors
    assert (7, "Mã đơn vị") in errors
    assert (8, "Số lượng được thông qua") in errors
    assert (10, "Danh hiệu, hình thức được suy tôn") in errors
    assert state() == before and not RecordedMinutes.objects.exists()


def test_the_conferences_sheet_takes_the_host_and_a_recorded_year_closes_its_meeting(world, login) -> None:
    w = world
    client = login(w.user("board"))
    assert (
        post(client, "results", [_row("SO-TC", 1, number="05/BB-KA", held_on="20/12/2024")]).status_code
        == 302
    )
    wrong = [["KHOI-A", 2024, "Tổng kết", "", "20/12/2024 08:30", "", "", "", "CA-T"]]  # not a member
    errors = errors_of(post(client, "conferences", wrong))
    assert "thành viên" in errors[(2, "Mã đơn vị đăng cai")]
    unknown = [["KHOI-A", 2024, "Tổng kết", "", "20/12/2024 08:30", "", "", "", "KHONG-CO"]]
    assert (2, "Mã đơn vị đăng cai") in errors_of(post(client, "conferences", unknown))
    good = [["KHOI-A", 2024, "Tổng kết", "", "20/12/2024 08:30", "Sở Nội vụ", "", "", "SO-NV"]]
    response = post(client, "conferences", good)
    assert response.status_code == 302, errors_of(response)
    from thidua.conferences.models import Conference

    conference = Conference.objects.get(block_year=w.block_year)
    assert conference.host == w.member_unit and conference.status == ConferenceStatus.CLOSED
    rows = data_rows(client.get(reverse("transfer:export", args=["conferences"])).content)
    assert rows[0][-1] == "SO-NV"


def test_the_results_export_shows_an_id_number_only_to_who_may_see_it(world, login) -> None:
    """Only the board exports the results sheet (others get 403); and the sheet's rows name a person
    by national ID number only for a viewer who may see it, by full name for anyone else."""
    from thidua.transfer.sheets.results import _export_lines

    w = world
    assert post(login(w.user("board")), "results", GOOD).status_code == 302
    board_rows = data_rows(login(w.user("board")).get(reverse("transfer:export", args=["results"])).content)
    assert any("001190000001" in row for row in board_rows)
    assert login(w.user("leader")).get(reverse("transfer:export", args=["results"])).status_code == 403
    minutes = RecordedMinutes.objects.get(block_year=w.block_year)
    people = [line[5] for line in _export_lines(minutes, w.user("leader")) if line[5]]
    assert people == [w.member_person.full_name]
    assert [line[5] for line in _export_lines(minutes, w.user("board")) if line[5]] == ["001190000001"]
