"""The handover of the traditional flag noted on the year (issue 12 item 10): who handed, who received,
when and a note; on the page and through the API; audited; bad input refused with nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from thidua.audit.models import AuditEntry
from thidua.blocks import services

pytestmark = pytest.mark.django_db


def test_the_handover_is_noted_and_refused_when_wrong(world) -> None:
    w = world
    board = w.user("board")
    for wrong, field in (
        ({"handed_by": w.leader_unit, "received_by": w.leader_unit}, "flag_received_by"),
        ({"handed_by": w.leader_unit, "received_by": w.outside_unit}, "flag_received_by"),
        ({"handed_by": w.leader_unit, "received_by": None}, "__all__"),
        (
            {
                "handed_by": w.leader_unit,
                "received_by": w.deputy_unit,
                "handed_on": datetime.date.today() + datetime.timedelta(days=2),
            },
            "flag_handed_on",
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            services.note_flag_handover(actor=board, block_year=w.block_year, **wrong)
        assert field in refused.value.message_dict, (wrong, refused.value.message_dict)
    w.block_year.refresh_from_db()
    assert w.block_year.flag_handed_by is None
    services.note_flag_handover(
        actor=board,
        block_year=w.block_year,
        handed_by=w.leader_unit,
        received_by=w.deputy_unit,
        handed_on=datetime.date(2024, 12, 20),
        note="Tại Hội nghị tổng kết",
    )
    w.block_year.refresh_from_db()
    assert (w.block_year.flag_handed_by, w.block_year.flag_received_by) == (w.leader_unit, w.deputy_unit)
    entry = AuditEntry.objects.get(action="blockyear.flag")
    assert entry.after is not None and entry.after["flag_received_by_id"] == w.deputy_unit.pk
    services.note_flag_handover(actor=board, block_year=w.block_year, handed_by=None, received_by=None)
    w.block_year.refresh_from_db()
    assert w.block_year.flag_handed_by is None and w.block_year.flag_handed_on is None


def test_the_handover_on_the_page(world, login) -> None:
    w = world
    url = reverse("blocks:flag_handover", args=[w.block.pk, 2024])
    assert login(w.user("member")).get(url).status_code == 403
    client = login(w.user("leader"))  # the year's leader officer
    form = client.get(url).content.decode()
    assert 'name="flag_handed_by"' in form
    response = client.post(
        url,
        {
            "flag_handed_by": w.leader_unit.pk,
            "flag_received_by": w.deputy_unit.pk,
            "flag_handed_on": "20/12/2024",
            "flag_note": "",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("blocks:block_year_detail", args=[w.block.pk, 2024])).content.decode()
    assert "Sở Tài chính bàn giao Cờ truyền thống cho Văn phòng UBND tỉnh" in page and "20/12/2024" in page


def test_the_handover_through_the_api(world) -> None:
    w = world
    api = APIClient()
    api.force_authenticate(w.user("member"))
    url = f"/api/v1/block-years/{w.block_year.pk}/flag-handover/"
    body = {"handed_by": w.leader_unit.pk, "received_by": w.deputy_unit.pk, "handed_on": "2024-12-20"}
    assert api.post(url, body, format="json").status_code == 403
    api.force_authenticate(w.user("board"))
    refused = api.post(url, {**body, "received_by": w.leader_unit.pk}, format="json")
    assert refused.status_code == 400
    done = api.post(url, body, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["flag_handover"]["received_by"]["id"] == w.deputy_unit.pk
    assert done.json()["flag_handover"]["handed_on"] == "2024-12-20"
    listed = api.get(f"/api/v1/block-years/?block={w.block.pk}").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["flag_handover"]["handed_by"]["code"] == "SO-TC"
