"""The Reports tab and the news draft pages and API: the board and the leader officer; others 404."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from rest_framework.test import APIClient

from thidua.conferences.tests.helpers import make_conference
from thidua.reports.models import NewsDraft

ALLOWED = ["board", "admin", "leader"]  # the administrator counts as the board (is_board)
REFUSED = ["member", "outsider", "observer", "delegate"]


@pytest.mark.parametrize("persona", ALLOWED + REFUSED)
def test_reports_tab_and_news_pages_only_for_board_and_leader(world: Any, login: Any, persona: str) -> None:
    conference = make_conference(world, start=False)
    client = login(world.user(persona))
    urls = [
        f"/reports/blocks/{world.block.pk}/2024/",
        f"/reports/news/{conference.pk}/",
        f"/reports/news/{conference.pk}/download.docx",
        f"/reports/news/{conference.pk}/download.txt",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (200 if persona in ALLOWED else 404), (persona, url)
    if persona in ALLOWED:
        tab = client.get(f"/reports/blocks/{world.block.pk}/2024/").content.decode()
        assert conference.title in tab and "download.docx" in tab
        # The page's title is text only, and the export list is in the page once, in its body.
        title = tab.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "<" not in title and tab.count('id="exports"') == 1
        text = client.get(f"/reports/news/{conference.pk}/download.txt").content.decode()
        assert text.startswith("DỰ THẢO\n\nKhối A tổng hợp tổng kết công tác thi đua, khen thưởng năm 2024")
        assert "Sáng ngày 20/12/2024, tại Hội trường Sở Tài chính" in text
        assert "Sở Tài chính (Khối trưởng năm 2024)" in text
        data = client.get(f"/reports/news/{conference.pk}/download.docx").content
        assert [p.text for p in Document(io.BytesIO(data)).paragraphs][0] == "DỰ THẢO"


def test_the_block_year_header_opens_the_tab_for_the_leader_only(world: Any, login: Any) -> None:
    url = f"/blocks/{world.block.pk}/2024/"
    assert (
        f'href="/reports/blocks/{world.block.pk}/2024/"'
        in login(world.user("leader")).get(url).content.decode()
    )
    member_page = login(world.user("member")).get(url).content.decode()
    assert "/reports/blocks/" not in member_page and "tab-soon" in member_page


def test_editing_the_draft_on_the_page_stores_it_and_bad_input_changes_nothing(
    world: Any, login: Any
) -> None:
    conference = make_conference(world, start=False)
    client = login(world.user("leader"))
    url = f"/reports/news/{conference.pk}/"
    response = client.post(url, {"text": "   "})
    assert response.status_code == 200 and not NewsDraft.objects.exists()
    response = client.post(url, {"text": "Tiêu đề sửa\r\n\r\nĐoạn một."})
    assert response.status_code == 302
    assert NewsDraft.objects.get().text == "DỰ THẢO\n\nTiêu đề sửa\n\nĐoạn một.\n"
    assert client.get(f"{url}download.txt").content.decode() == "DỰ THẢO\n\nTiêu đề sửa\n\nĐoạn một.\n"
    client.post(f"{url}reset/")
    assert not NewsDraft.objects.exists()


@pytest.mark.parametrize("persona", ALLOWED + REFUSED)
def test_news_draft_api(world: Any, persona: str) -> None:
    conference = make_conference(world, start=False)
    api = APIClient()
    api.force_authenticate(world.user(persona))
    base = f"/api/v1/news-drafts/{conference.pk}/"
    response = api.get(base)
    if persona not in ALLOWED:
        assert response.status_code == 404
        assert api.put(base, {"text": "x"}, format="json").status_code == 404
        assert api.get(f"{base}docx/").status_code == 404
        return
    assert response.status_code == 200 and response.json()["edited"] is False
    assert response.json()["text"].startswith("DỰ THẢO")
    assert api.put(base, {"text": ""}, format="json").status_code == 400
    saved = api.put(base, {"text": "Bài đã sửa."}, format="json")
    assert saved.status_code == 200 and saved.json() == {"text": "DỰ THẢO\n\nBài đã sửa.\n", "edited": True}
    docx = api.get(f"{base}docx/")
    assert [p.text for p in Document(io.BytesIO(docx.content)).paragraphs] == ["DỰ THẢO", "Bài đã sửa."]
    assert api.delete(base).status_code == 204 and not NewsDraft.objects.exists()


def test_rebuilding_the_news_draft_is_its_own_post(world: Any, login: Any) -> None:
    conference = make_conference(world, start=False)
    url = f"/reports/news/{conference.pk}/reset/"
    assert login(world.user("outsider")).post(url).status_code == 404
    client = login(world.user("leader"))
    client.post(f"/reports/news/{conference.pk}/", {"text": "Tiêu đề sửa"})
    assert client.get(url).status_code == 405 and NewsDraft.objects.exists()
    assert client.post(url).status_code == 302 and not NewsDraft.objects.exists()
    assert f'formaction="{url}"' in client.get(f"/reports/news/{conference.pk}/").content.decode()
