"""Shared pytest fixtures: a fresh data directory, the fast password hasher and the persona world."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = True
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def world(db):
    from thidua.testing import make_world

    return make_world()


@pytest.fixture
def login(client):
    """login(user) logs the test client in as that user (no password check, no lockout)."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
