"""A conference's host unit (đơn vị đăng cai) distinct from the leader (issue 12 item 10): a member of
the year, chosen on the page or through the API, named on the console and in the minutes."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from thidua.audit.models import AuditEntry
from thidua.conferences import services
from thidua.conferences.documents import minutes_docx
from thidua.conferences.models import Conference
from thidua.conferences.tests.helpers import make_conference

pytestmark = pytest.mark.django_db


def test_the_host_is_a_member_and_named_in_the_minutes(world, login) -> None:
    w = world
    conference = make_conference(w, host=w.member_unit)
    assert conference.host == w.member_unit != w.block_year.leader
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(minutes_docx(conference))).paragraphs)
    assert "Đơn vị đăng cai: Sở Nội vụ." in text
    page = login(w.user("board")).get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert 'id="conference-host"' in page and "Sở Nội vụ" in page
    with pytest.raises(ValidationError) as refused:
        services.update_conference(actor=w.user("board"), conference=conference, host=w.outside_unit)
    assert list(refused.value.message_dict) == ["host"]
    assert "thành viên" in refused.value.message_dict["host"][0]
    conference.refresh_from_db()
    assert conference.host == w.member_unit
    assert AuditEntry.objects.filter(action="conference.create", object_id=str(conference.pk)).exists()


def test_the_host_on_the_page_and_the_api(world, login) -> None:
    w = world
    client = login(w.user("board"))
    url = reverse("conferences:year", args=[w.block.pk, 2024])
    form = client.get(url).content.decode()
    assert 'name="host"' in form and "Công an tỉnh" not in form.split('name="host"')[1].split("</select>")[0]
    response = client.post(
        url,
        {
            "kind": "summary",
            "host": w.deputy_unit.pk,
            "quorum_rule": "at_least:2/3",
            "max_proxies_per_holder": 1,
        },
    )
    conference = Conference.objects.get()
    assert response.status_code == 302 and conference.host == w.deputy_unit
    api = APIClient()
    api.force_authenticate(w.user("board"))
    refused = api.patch(f"/api/v1/conferences/{conference.pk}/", {"host": w.outside_unit.pk}, format="json")
    assert refused.status_code == 400 and "host" in refused.json()
    done = api.patch(f"/api/v1/conferences/{conference.pk}/", {"host": w.member_unit.pk}, format="json")
    assert done.status_code == 200 and done.json()["host"] == w.member_unit.pk
