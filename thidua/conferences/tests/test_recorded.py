"""A year's results recorded from paper minutes (issue 12 item 1): standings, proposals, next year's
leader and ordered deputies in one transaction; unknown counts stay unknown; who may record."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from thidua.audit.models import AuditEntry
from thidua.blocks.models import BlockYear, StandingSource
from thidua.blocks.services import update_block
from thidua.conferences import services
from thidua.conferences.models import AwardCandidate, RecordedMinutes

pytestmark = pytest.mark.django_db


def _record(world, standings="", proposals="", deputies="", leader=None, **extra):
    parsed = services.parse_minutes(
        block_year=world.block_year, standings=standings, proposals=proposals, deputies=deputies
    )
    if parsed.errors:
        raise ValidationError(parsed.errors)
    return services.record_minutes(
        actor=world.user("board"),
        block_year=world.block_year,
        standings=parsed.standings,
        proposals=parsed.proposals,
        next_leader=leader,
        next_deputies=parsed.deputies,
        **extra,
    )


def test_minutes_feed_standings_candidates_and_next_year(world, award_catalogue):
    minutes = _record(
        world,
        standings="SO-TC; 1; 12\nVăn phòng UBND tỉnh; 2; ?\nSO-NV; 3;",
        proposals="CO_TD_TINH; SO-TC; 3; 0; 0\nBK_TINH; VP-UB",
        deputies="SO-TC\nSO-NV",
        leader=world.deputy_unit,
        minutes_number="05/BB-KTĐ",
        held_on=datetime.date(2024, 12, 20),
        by_acclamation=True,
    )
    standings = list(world.block_year.standings.order_by("rank"))
    assert [(s.unit, s.rank, s.votes) for s in standings] == [
        (world.leader_unit, 1, 12),
        (world.deputy_unit, 2, None),
        (world.member_unit, 3, None),
    ]
    assert {s.source for s in standings} == {StandingSource.RECORDED}
    assert "05/BB-KTĐ" in standings[0].basis and "20/12/2024" in standings[0].basis
    candidates = list(AwardCandidate.objects.filter(recorded=minutes).order_by("id"))
    assert [(c.award_type.code, c.unit, c.yes) for c in candidates] == [
        ("CO_TD_TINH", world.leader_unit, 3),
        ("BK_TINH", world.deputy_unit, None),
    ]
    assert candidates[1].no is None and candidates[1].poll is None
    nxt = BlockYear.objects.get(block=world.block, year=2025)
    assert nxt.leader == world.deputy_unit
    assert nxt.deputies == [world.leader_unit, world.member_unit]
    assert AuditEntry.objects.filter(action="minutes.record").count() == 1
    assert minutes.by_acclamation


def test_leader_alone_and_no_standings(world, award_catalogue):
    _record(world, leader=world.member_unit)
    nxt = BlockYear.objects.get(block=world.block, year=2025)
    assert nxt.leader == world.member_unit and nxt.deputies == []
    assert not world.block_year.standings.exists()


def test_row_errors_name_the_line_and_nothing_changes(world, award_catalogue):
    with pytest.raises(ValidationError) as caught:
        _record(world, standings="SO-TC; 1; 12\nCA-T; 2; 5\nSO-NV; nhất", proposals="KHONG_CO; SO-TC")
    errors = caught.value.message_dict
    assert any("Dòng 2" in e and "CA-T" in e for e in errors["standings"])
    assert any("Dòng 3" in e for e in errors["standings"])
    assert any("KHONG_CO" in e for e in errors["proposals"])
    assert not RecordedMinutes.objects.exists()
    assert not world.block_year.standings.exists()


def test_a_refused_next_leader_undoes_everything(world, award_catalogue):
    # The rotation rule: this year's leader may not lead again next year.
    with pytest.raises(ValidationError) as caught:
        _record(world, standings="SO-TC; 1; 3", proposals="BK_TINH; SO-TC", leader=world.leader_unit)
    assert "next_leader" in caught.value.message_dict
    assert not RecordedMinutes.objects.exists()
    assert not world.block_year.standings.exists()
    assert not AwardCandidate.objects.exists()
    assert not BlockYear.objects.filter(block=world.block, year=2025).exists()


def test_two_leading_units_follow_the_block_setting(world, award_catalogue):
    with pytest.raises(ValidationError) as caught:
        _record(world, standings="SO-TC; 1\nVP-UB; 1")
    assert "dẫn đầu" in str(caught.value.message_dict["standings"])
    update_block(actor=world.user("board"), block=world.block, leading_units_max=2)
    world.block_year.refresh_from_db()
    _record(world, standings="SO-TC; 1\nVP-UB; 1\nSO-NV; 3")
    assert world.block_year.standings.filter(rank=1).count() == 2


def test_recorded_twice_or_after_nothing_is_refused(world, award_catalogue):
    with pytest.raises(ValidationError):
        _record(world)
    _record(world, standings="SO-TC; 1")
    with pytest.raises(ValidationError) as caught:
        _record(world, standings="VP-UB; 1")
    assert "đã được ghi" in str(caught.value)


def test_deputies_without_leader_and_future_date_refused(world, award_catalogue):
    with pytest.raises(ValidationError) as caught:
        _record(world, standings="SO-TC; 1", deputies="SO-NV", held_on=datetime.date(2100, 1, 1))
    assert {"next_leader", "held_on"} <= set(caught.value.message_dict)


def test_page_who_may_record_and_who_may_read(world, award_catalogue, login):
    url = f"/conferences/{world.block.pk}/{world.block_year.year}/minutes/"
    data = {"standings": "SO-TC; 1; 9\nVP-UB; 2; ?", "next_leader": world.deputy_unit.pk}
    for persona in ("member", "observer"):
        client = login(world.user(persona))
        assert client.post(url, data).status_code == 403
    assert login(world.user("outsider")).get(url).status_code == 404
    assert not RecordedMinutes.objects.exists()
    client = login(world.user("leader"))
    bad = client.post(url, {"standings": "SO-TC; 1\nCA-T; 2"})
    assert bad.status_code == 200 and "Dòng 2" in bad.content.decode()
    assert not RecordedMinutes.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    page = login(world.user("member")).get(url).content.decode()
    assert "Sở Tài chính" in page and "không rõ" in page
    assert BlockYear.objects.get(block=world.block, year=2025).leader == world.deputy_unit


def test_api_records_with_line_errors_and_refuses_members(world, award_catalogue, login):
    body = {
        "block_year": world.block_year.pk,
        "standings": "SO-TC; 1; 9\nVP-UB; 2",
        "proposals": "BK_TINH; SO-TC",
        "next_leader": world.deputy_unit.pk,
        "next_deputies": "SO-NV",
        "held_on": "2024-12-20",
    }
    assert login(world.user("member")).post("/api/v1/recorded-minutes/", body).status_code == 403
    client = login(world.user("board"))
    bad = client.post("/api/v1/recorded-minutes/", {**body, "standings": "SO-TC; 1\nCA-T; 2"})
    assert bad.status_code == 400 and "Dòng 2" in bad.content.decode()
    assert not RecordedMinutes.objects.exists()
    response = client.post("/api/v1/recorded-minutes/", body)
    assert response.status_code == 201, response.content
    assert response.json()["held_on"] == "2024-12-20"
    following = BlockYear.objects.get(block=world.block, year=2025)
    assert following.leader == world.deputy_unit and following.deputies == [world.member_unit]
    listed = login(world.user("outsider")).get("/api/v1/recorded-minutes/").json()
    assert (listed.get("results", listed)) == []
