"""The number register page: the board sees every issuer, a unit officer its own units only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from thidua.documents.services import allocate_number, cancel_number
from thidua.documents.styles import DocType, letterhead_for_unit
from thidua.testing import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = make_world()
    board = w.user("board")
    day = datetime.date(2026, 3, 2)
    for unit, symbol in ((w.member_unit, "SNV"), (w.outside_unit, "CAT")):
        letterhead = letterhead_for_unit(unit, symbol=symbol)
        issued = allocate_number(
            actor=board,
            issuer=unit,
            letterhead=letterhead,
            doc_type=DocType.SUBMISSION,
            day=day,
            summary="Đề nghị",
        )
    cancel_number(actor=board, issued=issued, reason="Ghi sai ngày")
    allocate_number(
        actor=board,
        issuer=w.member_unit,
        letterhead=letterhead_for_unit(w.member_unit, symbol="SNV"),
        doc_type=DocType.DECISION,
        day=datetime.date(2025, 12, 31),
    )
    return w


def _page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("documents:number_register"), params)


def test_the_board_sees_every_issuer_of_the_year_and_the_cancelled_number(world, client):
    response = _page(client, world.user("board"), year=2026)
    assert response.status_code == 200
    rows = [n.number_line for n in response.context["numbers"]]
    assert sorted(rows) == ["Số: 01/TTr-CAT", "Số: 01/TTr-SNV"]
    page = response.content.decode()
    assert "Ghi sai ngày" in page


def test_the_year_and_type_filter_the_register(world, client):
    response = _page(client, world.user("board"), year=2025, doc_type=DocType.DECISION)
    assert [n.number_line for n in response.context["numbers"]] == ["Số: 01/QĐ-SNV"]


def test_a_unit_officer_sees_only_its_own_units_numbers(world, client):
    response = _page(client, world.user("member"), year=2026)
    assert [n.number_line for n in response.context["numbers"]] == ["Số: 01/TTr-SNV"]
    assert "CAT" not in response.content.decode()


@pytest.mark.parametrize("persona", ["delegate"])
def test_a_delegate_gets_403(world, client, persona):
    assert _page(client, world.user(persona)).status_code == 403
