from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.testing import PASSWORD


def test_login_and_logout(world, client) -> None:
    response = client.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("web:home")).status_code == 302


def test_anonymous_is_sent_to_login(db, client) -> None:
    response = client.get(reverse("blocks:block_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_wrong_password_says_what_to_do_in_vietnamese(world, client) -> None:
    response = client.post(reverse("accounts:login"), {"username": "member", "password": "wrong"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()


def test_account_locks_after_repeated_failures(world, client, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "member", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản bị khóa" in response.content.decode()
    # Another account is not affected.
    assert (
        client.post(reverse("accounts:login"), {"username": "board", "password": PASSWORD}).status_code == 302
    )


def test_api_token_endpoint_locks_too(world, client, settings) -> None:
    url = reverse("api-token")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert client.post(url, {"username": "observer", "password": "wrong"}).status_code == 400
    assert client.post(url, {"username": "observer", "password": PASSWORD}).status_code in (403, 429)


def test_password_change(world, client) -> None:
    client.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD})
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    world.user("member").refresh_from_db()
    assert world.user("member").check_password("Mat-khau-moi-2026")


@pytest.mark.parametrize("persona", ["board", "observer"])
def test_user_menu_shows_role(world, login, persona) -> None:
    content = login(world.user(persona)).get(reverse("web:home")).content.decode()
    assert world.user(persona).get_role_display() in content
