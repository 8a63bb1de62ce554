"""Two-step login with TOTP (issue 11, item 9)."""

from __future__ import annotations

import time

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.audit.models import AuditEntry
from thidua.testing import PASSWORD


def _code(device: TOTPDevice, drift: int = 0) -> str:
    """The code of the current 30-second step (`drift=1`: the next one, which the device's tolerance
    accepts; a code already used is refused, so the login after enrolment uses the next step)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _login(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def _enrolled(client, username) -> TOTPDevice:
    """Log in and enrol through the pages, as a user would; then log out."""
    _login(client, username)
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200 and 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    response = client.post(reverse("accounts:otp_setup"), {"otp_token": _code(device)})
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_without_an_authenticator_login_is_one_step(world, client) -> None:
    assert _login(client, "member").status_code == 302
    assert client.get(reverse("web:home")).status_code == 200


def test_enrolment_and_then_every_login_asks_for_the_code(world, client) -> None:
    device = _enrolled(client, "member")
    assert AuditEntry.objects.filter(action="auth.otp_enrolled", actor_name="member").exists()
    assert _login(client, "member").status_code == 302
    # The password alone opens nothing: every page sends to the code page.
    response = client.get(reverse("blocks:block_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_verify"))
    wrong = client.post(
        reverse("accounts:otp_verify"), {"otp_token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and "Mã không đúng hoặc đã hết hạn" in wrong.content.decode()
    assert AuditEntry.objects.filter(action="auth.otp_failed").exists()
    assert client.get(reverse("blocks:block_list")).status_code == 302
    # TOTPDevice throttles after a failure: wait out its one-second delay, then the right code.
    time.sleep(1.1)
    right = client.post(
        reverse("accounts:otp_verify"),
        {"otp_token": _code(device, drift=1), "next": reverse("blocks:block_list")},
    )
    assert right.status_code == 302 and right.url == reverse("blocks:block_list")
    assert client.get(reverse("blocks:block_list")).status_code == 200


def test_the_api_token_needs_the_code_once_enrolled(world, client) -> None:
    device = _enrolled(client, "observer")
    url = reverse("api-token")
    refused = client.post(url, {"username": "observer", "password": PASSWORD})
    assert refused.status_code == 400 and "otp_token" in refused.json()
    issued = client.post(
        url, {"username": "observer", "password": PASSWORD, "otp_token": _code(device, drift=1)}
    )
    assert issued.status_code == 200 and issued.json()["token"]


def test_a_province_can_require_it_for_board_officers_and_administrators(world, client, settings) -> None:
    settings.TWO_FACTOR_REQUIRED = True
    _login(client, "board")
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response.url == reverse("accounts:otp_setup")
    assert "bắt buộc đăng nhập hai bước" in client.get(reverse("accounts:otp_setup")).content.decode()
    token = client.post(reverse("api-token"), {"username": "board", "password": PASSWORD})
    assert token.status_code == 403
    client.post(reverse("accounts:logout"))
    # Other roles are not forced.
    _login(client, "member")
    assert client.get(reverse("web:home")).status_code == 200


def test_the_code_page_goes_on_only_to_a_page_of_ours(world, client) -> None:
    _enrolled(client, "member")
    _login(client, "member")
    verify = reverse("accounts:otp_verify")
    home = reverse("web:home")
    for asked, kept in (
        ("https://evil.example/", home),
        ("javascript:alert(1)", home),
        ("/blocks/", "/blocks/"),
    ):
        page = client.get(verify, {"next": asked}).content.decode()
        assert f'name="next" value="{kept}"' in page, asked
