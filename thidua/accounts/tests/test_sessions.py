"""Sessions, tokens, throttling and the audit of logins (issue 11, item 9 and part of item 8)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from thidua.audit.models import AuditEntry
from thidua.cli import control_socket_args
from thidua.testing import PASSWORD


def _login(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _token(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(
        reverse("api-token"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_logins_failures_and_lockouts_are_audited(world, client, settings) -> None:
    assert _login(client, "member").status_code == 302
    login = AuditEntry.objects.get(action="auth.login")
    assert login.actor_name == "member" and login.after == {"ip": "10.0.0.1"}
    client.post(reverse("accounts:logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "member", "wrong", address="10.9.9.9")
    failed = AuditEntry.objects.filter(action="auth.login_failed")
    assert failed.count() == settings.AXES_FAILURE_LIMIT
    assert "wrong" not in str(list(failed.values_list("after", flat=True)))
    assert AuditEntry.objects.get(action="auth.locked_out").after == {"username": "member", "ip": "10.9.9.9"}


def test_a_lockout_under_someones_name_does_not_lock_them_out(world, client, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(client, "member", "wrong", address="10.9.9.9")
    assert _login(client, "member", address="10.9.9.9").status_code == 429
    # The officer, at another computer, still logs in; so does the API.
    assert _login(client, "member", address="10.0.0.1").status_code == 302
    assert _token(client, "member", address="10.0.0.2").status_code == 200


def test_one_address_failing_on_many_accounts_is_throttled(world, client, settings) -> None:
    settings.LOGIN_THROTTLE_PER_ADDRESS = 6
    for name in ("member", "board", "observer"):
        for _ in range(2):
            _login(client, name, "wrong", address="10.6.6.6")
    response = _login(client, "leader", address="10.6.6.6")
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần từ máy này" in response.content.decode()
    assert not AuditEntry.objects.filter(action="auth.login").exists()
    assert _token(client, "leader", address="10.6.6.6").status_code == 429
    assert _login(client, "leader", address="10.0.0.1").status_code == 302


def test_a_distributed_guess_on_one_account_is_throttled_except_from_known_computers(
    world, client, settings
) -> None:
    settings.LOGIN_THROTTLE_PER_ACCOUNT = 6
    assert _login(client, "board", address="10.0.0.1").status_code == 302  # the officer's own computer
    client.post(reverse("accounts:logout"))
    for i in range(6):
        _login(client, "board", "wrong", address=f"10.7.7.{i}")
    assert _login(client, "board", address="10.8.8.8").status_code == 429
    assert _token(client, "board", address="10.8.8.8").status_code == 429
    assert _login(client, "board", address="10.0.0.1").status_code == 302


def test_api_token_issue_is_audited_and_expires(world, client, settings) -> None:
    response = _token(client, "observer")
    assert response.status_code == 200
    key = response.json()["token"]
    issued = AuditEntry.objects.get(action="auth.token_issued")
    assert issued.actor_name == "observer" and key not in str(issued.after)
    units = reverse("api:unit-list") if _has_route("api:unit-list") else "/api/v1/units/"
    assert client.get(units, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    Token.objects.filter(key=key).update(created=timezone.now() - settings.API_TOKEN_LIFETIME - timedelta(1))
    assert client.get(units, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert not Token.objects.filter(key=key).exists()
    # A new login gives a new, working token.
    fresh = _token(client, "observer").json()["token"]
    assert fresh != key
    assert client.get(units, HTTP_AUTHORIZATION=f"Token {fresh}").status_code == 200


def _has_route(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_a_password_change_revokes_tokens_and_is_audited(world, client) -> None:
    key = _token(client, "member").json()["token"]
    _login(client, "member")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    assert not Token.objects.filter(key=key).exists()
    assert client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    changed = AuditEntry.objects.get(action="auth.password_changed")
    assert changed.actor_name == "member" and changed.after == {"tokens_revoked": 1}
    assert "Mat-khau" not in str(changed.after)


def test_a_hash_upgrade_at_login_is_not_a_password_change(world, client, settings) -> None:
    _token(client, "member")
    # Logging in with another preferred hasher rehashes the password on the way.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert _login(client, "member").status_code == 302
    assert Token.objects.filter(user=world.user("member")).exists()
    assert not AuditEntry.objects.filter(action="auth.password_changed").exists()


def test_an_idle_session_times_out(world, client, settings) -> None:
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    _login(client, "member")
    assert client.get(reverse("web:home")).status_code == 200
    session = client.session
    session["last_seen"] = int(timezone.now().timestamp()) - 31 * 60
    session.save()
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_an_active_session_stays(world, client, settings) -> None:
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    _login(client, "member")
    session = client.session
    session["last_seen"] = int(timezone.now().timestamp()) - 29 * 60
    session.save()
    assert client.get(reverse("web:home")).status_code == 200


def test_no_traceback_in_the_log_for_a_404_or_403(world, login) -> None:
    """Through the console handler that settings.LOGGING configures (Django attaches the exception)."""
    import io

    console = next(h for h in logging.getLogger().handlers if getattr(h, "filters", None))
    stream = io.StringIO()
    previous = console.setStream(stream)  # type: ignore[attr-defined]
    try:
        client = login(world.user("observer"))
        assert client.get(reverse("audit:entry_list")).status_code == 403
        assert client.get("/blocks/999999/").status_code == 404
    finally:
        console.setStream(previous)  # type: ignore[attr-defined]
    output = stream.getvalue()
    assert "Forbidden (Permission denied): /audit/" in output and "Not Found: /blocks/999999/" in output
    assert "Traceback" not in output


def test_gunicorn_gets_one_control_socket_per_instance(tmp_path) -> None:
    assert control_socket_args(tmp_path / "a") == ["--control-socket", str(tmp_path / "a" / "gunicorn.ctl")]
    assert control_socket_args(tmp_path / "b") != control_socket_args(tmp_path / "a")
    assert control_socket_args("/x" * 60) == ["--no-control-socket"]
