"""Bounded work per request (issue 11, item 7): bodies over the limit are refused before they are
read, and `thidua serve` gives gunicorn a worker timeout and header limits."""

from __future__ import annotations

from django.urls import reverse

from thidua import cli


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(world, login, settings) -> None:
    settings.THIDUA_MAX_REQUEST_BYTES = 1024 * 1024
    client = login(world.user("board"))
    response = client.post(
        reverse("transfer:import", args=["units"]),
        data=b"x" * (1024 * 1024 + 1),
        content_type="application/octet-stream",
    )
    assert response.status_code == 413
    assert "Yêu cầu lớn hơn 1 MB" in response.content.decode()


def test_a_body_under_the_limit_goes_through(world, login, settings) -> None:
    settings.THIDUA_MAX_REQUEST_BYTES = 1024 * 1024
    response = login(world.user("board")).post(reverse("transfer:import", args=["units"]), {})
    assert response.status_code == 422


def test_serve_gives_gunicorn_a_timeout_and_request_limits(settings) -> None:
    settings.THIDUA_REQUEST_TIMEOUT = 45
    limits = cli._limits()
    options = dict(zip(limits[::2], limits[1::2], strict=True))
    assert options["--timeout"] == "45"
    assert int(options["--limit-request-line"]) <= 8190
    assert int(options["--limit-request-fields"]) <= 100
