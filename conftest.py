"""Shared pytest fixtures: a fresh data directory, the fast password hasher, the persona world and the
worker's demo database."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from typing import Any

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

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = [FAST_HASHER]
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


class DemoDatabase:
    """The demo world in a database of its own, loaded once per worker: `in_use()` points the default
    connection at a fresh copy of it for a module's tests, then back at the test database, which the
    demo never touches (the worker's other tests see it as they would have).

    The copy is SQLite's backup API between two files the live connection never opened (copying or
    opening the live file in-process cancels its POSIX locks: "disk I/O error"), or PostgreSQL's
    CREATE DATABASE ... TEMPLATE. A fresh copy per module: a test that commits cannot leak into the
    next module's demo."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.test_name = connection.settings_dict["NAME"]
        self.sqlite = connection.vendor == "sqlite"
        self.template = self._name("demo")
        self.copy = self._name("demo_copy")

    def _name(self, suffix: str) -> str:
        if self.sqlite:
            return f"{self.test_name}.{suffix}"
        return f"{self.test_name}_{suffix}"

    def _drop(self, name: str) -> None:
        if self.sqlite:
            for path in (name, name + "-wal", name + "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
        else:
            with self.connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    def _clone(self, source: str, target: str) -> None:
        """`target` as a copy of `source`; neither is the database the connection is open on."""
        self._drop(target)
        if self.sqlite:
            with (
                contextlib.closing(sqlite3.connect(source)) as src,
                contextlib.closing(sqlite3.connect(target)) as dst,
            ):
                src.backup(dst)
        else:
            with self.connection._nodb_cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')

    @contextlib.contextmanager
    def _on(self, name: str) -> Iterator[None]:
        self.connection.close()
        self.connection.settings_dict["NAME"] = name
        try:
            yield
        finally:
            self.connection.close()
            self.connection.settings_dict["NAME"] = self.test_name

    def load(self) -> None:
        """The test database as it is now (migrated), plus the demo, into the template."""
        from django.test import override_settings

        from thidua.demo.services import load_demo

        self._drop(self.template)
        if self.sqlite:
            # From the live database through its own connection, the one safe way to read it.
            self.connection.ensure_connection()
            with contextlib.closing(sqlite3.connect(self.template)) as dst:
                self.connection.connection.backup(dst)
        else:
            self.connection.close()
            self._clone(self.test_name, self.template)
        with self._on(self.template), override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
            load_demo(log=lambda _message: None)

    @contextlib.contextmanager
    def in_use(self, blocker: Any) -> Iterator[None]:
        """The module's tests on a fresh copy (they still need their `db` fixture to reach it)."""
        with blocker.unblock():
            self._clone(self.template, self.copy)
        try:
            with self._on(self.copy):
                yield
        finally:
            with blocker.unblock():
                self._drop(self.copy)

    def remove(self) -> None:
        self._drop(self.copy)
        self._drop(self.template)


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker) -> Iterator[DemoDatabase]:
    """The worker's demo database, loaded at the first module that asks (a load takes seconds)."""
    with django_db_blocker.unblock():
        demo = DemoDatabase()
        demo.load()
    yield demo
    with django_db_blocker.unblock():
        demo.remove()


@pytest.fixture(scope="module")
def demo_module(demo_database, django_db_blocker) -> Iterator[None]:
    """This module's tests run on a fresh copy of the demo database (each test rolls back as usual)."""
    with demo_database.in_use(django_db_blocker):
        yield


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


# -- xdist: the slowest modules first -------------------------------------------------------------
# `--dist loadfile` hands out the modules with the most tests first, which leaves the slowest ones,
# of one to four tests each (a move to PostgreSQL, the API fuzz, migration tests), to the end, where
# one worker runs them alone while the other has finished. These start first, slowest first (from
# `pytest --durations`, docs/benchmarks.md "Test suite time"); every other module keeps xdist's order.
SLOWEST_MODULES = (
    "thidua/audit/tests/test_move.py",
    "thidua/web/tests/test_api_fuzz.py",
    "thidua/scoring/tests/test_exports.py",
    "thidua/conferences/tests/test_upload_migration.py",
    "thidua/audit/tests/test_backup.py",
    "thidua/awards/tests/test_batch.py",
    "thidua/blocks/tests/test_deputy_order_migration.py",
    "thidua/awards/tests/test_statuses.py",
    "thidua/proposals/tests/test_browser.py",
    "thidua/conferences/tests/test_browser.py",
    "thidua/awards/tests/test_setwise.py",
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SlowestFirst(LoadFileScheduling):
        def _assign_work_unit(self, node):
            for module in SLOWEST_MODULES:
                if module in self.workqueue:
                    self.workqueue.move_to_end(module, last=False)
                    break
            super()._assign_work_unit(node)

    return SlowestFirst(config, log)
