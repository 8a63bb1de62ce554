"""Vietnamese by default, English on request, Vietnamese dates and numbers, a complete catalogue."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from thidua.lib.catalogue import catalogue_problems


def test_vietnamese_even_when_the_browser_asks_for_english(world, login) -> None:
    response = login(world.user("board")).get(
        reverse("blocks:block_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert response.headers["Content-Language"] == "vi"
    assert "Khối thi đua và cụm thi đua" in response.content.decode()


def test_language_switch_to_english_and_back(world, login) -> None:
    client = login(world.user("board"))
    client.post(reverse("set_language"), {"language": "en", "next": "/blocks/"})
    assert "Blocks and clusters" in client.get(reverse("blocks:block_list")).content.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": "/blocks/"})
    assert "Khối thi đua và cụm thi đua" in client.get(reverse("blocks:block_list")).content.decode()


def test_dates_are_day_first_in_vietnamese() -> None:
    field = forms.DateField()
    with translation.override("vi"):
        assert field.clean("03/04/2026") == datetime.date(2026, 4, 3)
        rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": datetime.date(2026, 4, 3)})
        )
    assert rendered == "03/04/2026"


def test_numbers_use_dot_thousands_and_comma_decimals() -> None:
    rendered = Template("{% load thidua_tags %}{{ n|number }} {{ m|number:0 }} {{ y }}").render(
        Context({"n": Decimal("1234.5"), "m": 2530000, "y": 2022})
    )
    assert rendered == "1.234,5 2.530.000 2022"  # years are never grouped


def test_vietnamese_catalogue_is_complete_and_compiled() -> None:
    assert catalogue_problems() == []


def test_dates_stay_day_first_in_the_english_interface() -> None:
    field = forms.DateField()
    with translation.override("en"):
        assert field.clean("25/12/2024") == datetime.date(2024, 12, 25)
        assert field.clean("03/04/2026") == datetime.date(2026, 4, 3)
        rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": datetime.date(2026, 4, 3)})
        )
    assert rendered == "03/04/2026"
