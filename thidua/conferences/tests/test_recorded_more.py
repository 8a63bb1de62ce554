"""What the minutes record beyond named units (issue 12 item 1): individual proposals for named
people, proposals given only as numbers, the scanned minutes attached afterwards (page and API), and
a planned conference of the year that never ran in thidua marked held when its minutes are recorded."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from thidua.audit.models import AuditEntry
from thidua.conferences import services
from thidua.conferences.models import (
    AwardCandidate,
    ConferenceKind,
    ConferenceStatus,
    MinutesScan,
    RecordedCount,
    RecordedMinutes,
)
from thidua.testing import make_person

pytestmark = pytest.mark.django_db


def _record(world, *, proposals="", counts="", standings="SO-TC; 1", **extra):
    parsed = services.parse_minutes(
        block_year=world.block_year, standings=standings, proposals=proposals, counts=counts
    )
    if parsed.errors:
        raise ValidationError(parsed.errors)
    return services.record_minutes(
        actor=world.user("board"),
        block_year=world.block_year,
        standings=parsed.standings,
        proposals=parsed.proposals,
        counts=parsed.counts,
        **extra,
    )


def test_people_and_numbers_from_the_minutes(world, award_catalogue) -> None:
    w = world
    minutes = _record(
        w,
        proposals="CSTDCS; Nguyễn Thị Lan; 3; 0; 0\nBK_TINH; 001190000001\nBK_TINH; SO-NV",
        counts="CO_TD_TINH; 2\nBK_TINH; 3",
    )
    rows = [(c.award_type.code, c.unit, c.person, c.yes) for c in AwardCandidate.objects.order_by("id")]
    assert rows == [
        ("CSTDCS", None, w.member_person, 3),
        ("BK_TINH", None, w.member_person, None),
        ("BK_TINH", w.member_unit, None, None),
    ]
    assert [(c.award_type.code, c.count) for c in RecordedCount.objects.filter(minutes=minutes)] == [
        ("CO_TD_TINH", 2),
        ("BK_TINH", 3),
    ]
    entry = AuditEntry.objects.get(action="minutes.record")
    assert entry.after is not None and entry.after["counts"] == [["CO_TD_TINH", 2], ["BK_TINH", 3]]


def test_wrong_people_and_numbers_are_refused_by_line(world, award_catalogue) -> None:
    w = world
    make_person("Nguyễn Thị Lan", w.deputy_unit, national_id="001190000009")  # a namesake
    outsider_line = f"BK_TINH; {w.outside_person.full_name}"
    parsed = services.parse_minutes(
        block_year=w.block_year,
        standings="",
        proposals=f"CSTDCS; Nguyễn Thị Lan\n{outsider_line}",
        counts="CO_TD_TINH; hai\nKHONG_CO; 2",
    )
    assert any("Dòng 1" in e and "số định danh" in e for e in parsed.errors["proposals"])
    assert any("Dòng 2" in e for e in parsed.errors["proposals"])
    assert len(parsed.errors["counts"]) == 2 and "Dòng 1" in parsed.errors["counts"][0]
    with pytest.raises(ValidationError) as twice:
        services.record_minutes(
            actor=w.user("board"),
            block_year=w.block_year,
            standings=[],
            counts=[
                services.CountRow(award_catalogue["BK_TINH"], 2),
                services.CountRow(award_catalogue["BK_TINH"], 1),
            ],
        )
    assert "counts" in twice.value.message_dict
    assert not RecordedMinutes.objects.exists()


def test_the_scan_is_attached_afterwards_on_the_page_and_the_api(world, award_catalogue, login) -> None:
    w = world
    minutes = _record(w)
    url = reverse("conferences:recorded_minutes", args=[w.block.pk, 2024])
    scan_url = reverse("conferences:attach_minutes_scan", args=[w.block.pk, 2024])
    member = login(w.user("member"))
    page = member.get(url).content.decode()
    assert 'id="scans"' in page and 'id="scan-form"' not in page
    assert member.post(scan_url, {"scan": io.BytesIO(b"%PDF-1.4 ban")}).status_code == 403
    client = login(w.user("leader"))
    page = client.get(url).content.decode()
    assert 'id="scan-form"' in page
    upload = io.BytesIO(b"%PDF-1.4 bien ban")
    upload.name = "bien-ban-2024.pdf"
    assert client.post(scan_url, {"scan": upload}).status_code == 302
    scan = MinutesScan.objects.get(minutes=minutes)
    assert scan.original_name == "bien-ban-2024.pdf" and scan.content_type == "application/pdf"
    download = client.get(reverse("conferences:minutes_scan", args=[scan.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    bad = io.BytesIO(b"MZ not a scan")
    bad.name = "virus.exe"
    client.post(scan_url, {"scan": bad})
    assert MinutesScan.objects.count() == 1
    api = APIClient()
    api.force_authenticate(w.user("board"))
    second = io.BytesIO(b"%PDF-1.4 trang 2")
    second.name = "trang-2.pdf"
    response = api.post(f"/api/v1/recorded-minutes/{minutes.pk}/scan/", {"file": second}, format="multipart")
    assert response.status_code == 200, response.content
    assert [s["name"] for s in response.json()["scans"]] == ["bien-ban-2024.pdf", "trang-2.pdf"]
    assert AuditEntry.objects.filter(action="minutes.scan").count() == 2


def test_recording_the_minutes_closes_the_planned_conference_that_never_ran(world, award_catalogue) -> None:
    w = world
    board = w.user("board")
    held = services.create_conference(
        actor=board,
        block_year=w.block_year,
        kind=ConferenceKind.SUMMARY,
        starts_at=timezone.make_aware(datetime.datetime(2024, 12, 20, 8, 0)),
    )
    other_day = services.create_conference(
        actor=board,
        block_year=w.block_year,
        kind=ConferenceKind.SUMMARY,
        starts_at=timezone.make_aware(datetime.datetime(2024, 12, 5, 8, 0)),
    )
    preparatory = services.create_conference(
        actor=board, block_year=w.block_year, kind=ConferenceKind.PREPARATORY
    )
    _record(w, held_on=datetime.date(2024, 12, 20))
    held.refresh_from_db()
    other_day.refresh_from_db()
    preparatory.refresh_from_db()
    assert held.status == ConferenceStatus.CLOSED and held.closed_at == held.starts_at
    assert held.issued_number_id is None  # the paper's own number, none from the register
    assert other_day.status == preparatory.status == ConferenceStatus.PLANNED
    entry = AuditEntry.objects.get(action="conference.close_unrun")
    assert entry.object_id == str(held.pk)


def test_the_api_records_people_and_numbers(world, award_catalogue) -> None:
    w = world
    api = APIClient()
    api.force_authenticate(w.user("leader"))
    response = api.post(
        "/api/v1/recorded-minutes/",
        {
            "block_year": w.block_year.pk,
            "standings": "SO-TC; 1",
            "proposals": "CSTDCS; Nguyễn Thị Lan",
            "proposal_counts": "CO_TD_TINH; 2",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["counts"] == [{"award_type": "CO_TD_TINH", "count": 2}]
    assert AwardCandidate.objects.get().person == w.member_person
    refused = api.post(
        "/api/v1/recorded-minutes/",
        {"block_year": w.block_year.pk, "proposal_counts": "CO_TD_TINH; không"},
        format="json",
    )
    assert refused.status_code == 400 and "counts" in refused.json()


def test_a_typed_id_number_finds_a_person_only_for_who_may_see_it(world, award_catalogue) -> None:
    """The attack: the leader officer types a member's national ID number into the minutes' proposals
    to learn whose it is. For that officer the number matches nobody (the line is refused, no name);
    the board's typing finds the person."""
    w = world
    proposals = f"CSTDCS; {w.member_person.national_id}"
    leader = services.parse_minutes(
        block_year=w.block_year, standings="SO-TC; 1", proposals=proposals, viewer=w.user("leader")
    )
    assert leader.errors and w.member_person.full_name not in str(leader.errors)
    board = services.parse_minutes(
        block_year=w.block_year, standings="SO-TC; 1", proposals=proposals, viewer=w.user("board")
    )
    assert not board.errors
