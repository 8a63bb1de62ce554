"""Issue 15 item 6: one search from the navigation bar, accent-insensitive, across units, people,
blocks, conferences, dossiers and decisions, each result saying what it is, and never showing what the
searcher may not read."""

from __future__ import annotations

from typing import cast

import pytest
from django.urls import reverse

from thidua.conferences.tests.helpers import make_conference
from thidua.proposals.tests.helpers import unit_dossier


@pytest.fixture(autouse=True)
def _catalogue(db):
    from thidua.awards.catalogue import seed_catalogue

    seed_catalogue()


def _search(client, text: str) -> str:
    response = client.get(reverse("web:search"), {"q": text})
    assert response.status_code == 200
    return cast("str", response.content.decode())


def test_search_without_accents_finds_each_kind_and_says_what_it_is(world, login) -> None:
    conference = make_conference(world, start=False)
    dossier = unit_dossier(world)
    board = login(world.user("board"))
    page = _search(board, "so tai chinh")
    assert "Sở Tài chính" in page and "Đơn vị" in page
    assert reverse("conferences:detail", args=[conference.pk]) in page  # its place is in Sở Tài chính
    assert "Hội nghị" in page
    page = _search(board, "DE NGHI KHEN THUONG so noi vu")
    assert reverse("proposals:dossier", args=[dossier.pk]) in page and "Hồ sơ" in page
    page = _search(board, world.member_person.full_name.lower())
    assert reverse("orgs:person_detail", args=[world.member_person.pk]) in page
    page = _search(board, world.block.name)
    assert reverse("blocks:block_detail", args=[world.block.pk]) in page


def test_search_shows_only_what_the_searcher_may_read(world, login) -> None:
    dossier = unit_dossier(world)
    url = reverse("proposals:dossier", args=[dossier.pk])
    assert url in _search(login(world.user("member")), "de nghi khen thuong")
    # A unit officer of another unit finds neither the dossier nor the people of the member unit.
    outsider = login(world.user("outsider"))
    page = _search(outsider, "de nghi khen thuong")
    assert url not in page and 'id="search-empty"' in page
    person = reverse("orgs:person_detail", args=[world.member_person.pk])
    assert person not in _search(outsider, world.member_person.full_name)


def test_too_short_or_unknown_says_what_to_do(world, login) -> None:
    client = login(world.user("board"))
    assert 'id="search-empty"' in _search(client, "a")
    assert 'id="search-empty"' in _search(client, "khong co gi nhu the nay")
    assert 'id="search-empty"' not in _search(client, "")
    assert 'name="q"' in client.get(reverse("web:home")).content.decode()  # the bar is on every page
