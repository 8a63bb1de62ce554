"""Who reads the statistics page, its export and the forms; the export reopened."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.stats.models import FormVersion
from thidua.stats.tests.helpers import generate

pytestmark = pytest.mark.django_db

PAGE = reverse("stats:page")


@pytest.mark.parametrize("persona", ["board", "admin", "observer"])
def test_the_board_and_observers_read_the_province(world, login, persona):
    generate(world)
    response = login(world.user(persona)).get(PAGE, {"year_from": 2021, "year_to": 2024})
    assert response.status_code == 200
    assert response.context["scope"].block is None and response.context["scope"].unit is None
    totals = response.context["stats"]["totals"]
    assert sum(r["collective"] + r["individual"] for r in totals) > 0


def test_a_unit_officer_reads_its_unit_and_its_blocks_not_the_province(world, login):
    client = login(world.user("member"))
    own = client.get(PAGE, {"year_from": 2021, "year_to": 2024})
    assert own.status_code == 200 and own.context["scope"].unit == world.member_unit
    assert client.get(PAGE, {"year_from": 2021, "year_to": 2024, "block": world.block.pk}).status_code == 200
    # Another unit, a block it never belonged to: refused with the form's error (not in the choices).
    other = client.get(PAGE, {"year_from": 2021, "year_to": 2024, "unit": world.outside_unit.pk})
    assert other.status_code in (400, 404)
    assert client.get(PAGE, {"year_from": 2021, "year_to": 2024, "block": world.block_b.pk}).status_code in (
        400,
        404,
    )


def test_delegates_and_anonymous_are_refused(world, login, client):
    assert client.get(PAGE).status_code == 302
    assert login(world.user("delegate")).get(PAGE).status_code == 403


def test_bad_years_say_what_to_fix(world, login):
    response = login(world.user("board")).get(PAGE, {"year_from": 2024, "year_to": 2020})
    assert response.status_code == 400
    assert "Năm bắt đầu không được sau năm kết thúc." in response.content.decode()


def test_export_reopened(world, login):
    """A unit's export is made at once (the province's is a job: test_province_job)."""
    given = [g for g in generate(world) if g.owner_unit == world.outside_unit.pk]
    query = {"year_from": 2021, "year_to": 2024, "unit": world.outside_unit.pk}
    response = login(world.user("board")).get(reverse("stats:export"), query)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows[2022][1] == sum(g.collective for g in given if g.year == 2022)
    assert rows[2022][2] == sum(not g.collective for g in given if g.year == 2022)


def test_form_download_for_a_block(world, login):
    generate(world)
    version = FormVersion.objects.get(code="0603.N/BNV-TĐKT")
    url = reverse("stats:form_export", args=[version.pk])
    board = login(world.user("board")).get(url, {"year_from": 2024, "year_to": 2024, "block": world.block.pk})
    assert board.status_code == 200
    sheet = load_workbook(io.BytesIO(board.content)).active
    assert world.block.name in sheet["D1"].value


def test_the_filters_show_what_was_chosen(world, login):
    client = login(world.user("board"))
    html = client.get(PAGE, {"year_from": 2021, "year_to": 2024, "block": world.block.pk}).content.decode()
    assert f'<option value="{world.block.pk}" selected>{world.block.name}</option>' in html
    assert '<option value="" selected>' in html.split('id="id_unit"')[1]  # no unit chosen
    assert f'<option value="{world.outside_unit.pk}">' in html  # the board sees every unit
    member = login(world.user("member")).get(PAGE, {"year_from": 2021, "year_to": 2024}).content.decode()
    assert f'<option value="{world.member_unit.pk}" selected>' in member
    assert f'<option value="{world.outside_unit.pk}">' not in member
