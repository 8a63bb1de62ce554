"""Shared pytest fixtures: a fresh data directory, the fast password hasher and the persona world."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings
from playwright.sync_api import Browser, Page, sync_playwright

# Property tests on a busy machine (CI, or other suites running): no per-example deadline and no
# "too slow" health check, which stop a test for the machine's load rather than for a failed property.
# Examples are derived from the test (derandomize), so a failure in CI repeats on a developer's machine.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = True
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _own_audit_anchor(settings, tmp_path_factory):
    """Each test's audit chain starts afresh, so each gets its own checkpoint file."""
    settings.AUDIT_ANCHOR_DIR = tmp_path_factory.mktemp("anchor")


@pytest.fixture
def world(db):
    from thidua.testing import make_world

    return make_world()


@pytest.fixture
def award_catalogue(db):
    """The titles and forms of the awards catalogue. They come from a data migration, which a
    transactional test (live server, threads) flushes for the worker's later tests: load them again."""
    from thidua.awards.catalogue import seed_catalogue
    from thidua.awards.models import AwardType

    seed_catalogue()
    return {t.code: t for t in AwardType.objects.all()}


@pytest.fixture
def login(client):
    """login(user) logs the test client in as that user (no password check, no lockout)."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


# -- browser tests: Playwright driving Debian's Chromium (no browser download) ------------------------
# Playwright's sync API runs an event loop in the test thread; the fixtures' ORM calls are safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str:
    path = os.environ.get("THIDUA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError(
            "The browser tests need Debian's chromium: `make test` installs it (apt-get install chromium)."
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()
    # Content-Security-Policy violations and missing files show up as console errors.
    assert errors == []


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()
