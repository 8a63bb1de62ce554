"""Take the screenshots of the help pages (static/help/*.png) on the demo data (issue 15 item 7).

    THIDUA_DATA_DIR=/tmp/demo thidua demo --no-serve     # a throw-away demo database
    THIDUA_DATA_DIR=/tmp/demo thidua help_screenshots     # serves it on a free port, shoots, stops

Playwright drives Debian's chromium (THIDUA_CHROMIUM, or `chromium` on the PATH), as the browser tests
do. The pages are served by Django's live-server thread on a free port of 127.0.0.1, never 8000. Each
picture is the top of the page, 1280 px wide (390 px for a phone), reduced to a 256-colour PNG so that it
stays well under 150 KB. It changes the demo as the board would on the conference day, for the phone
ballot: the planned 2025 conference is opened, its roll checked in, its first poll opened and one voting
link issued (all audited). So use a throw-away demo database (THIDUA_DATA_DIR), not one you keep.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.testcases import LiveServerThread
from django.urls import reverse

from thidua.web.help import all_shots

DEMO_PASSWORD = "demo2026"  # noqa: S105 - the demo's published password (docs/demo.md)
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 820}
PHONE = {"width": 390, "height": 844}
MAX_BYTES = 150_000


@dataclass(frozen=True)
class Plan:
    file: str
    username: str
    url: str
    phone: bool = False


def _demo_urls() -> dict[str, Callable[[], str]]:
    """Where each picture is taken, found in the demo by natural keys (block code, year, username)."""
    from thidua.accounts.models import User
    from thidua.blocks.models import Block
    from thidua.conferences.models import Conference, ConferenceStatus
    from thidua.scoring.models import Scorecard, ScoringTable

    nha_trang = Block.objects.get(code="NT-KDANG")
    year = 2022

    def block_year() -> str:
        return reverse("blocks:block_year_detail", args=[nha_trang.pk, year])

    def overview() -> str:
        return reverse("scoring:overview", args=[nha_trang.pk, year])

    def table() -> str:
        found = ScoringTable.objects.filter(block_year__block=nha_trang, block_year__year=year).order_by(
            "-pk"
        )
        return reverse("scoring:table", args=[found.first().pk])  # type: ignore[union-attr]

    def scorecard() -> str:
        unit = User.objects.get(username="donvi").unit
        card = Scorecard.objects.filter(block_year__block=nha_trang, block_year__year=year, unit=unit)
        return reverse("scoring:scorecard", args=[card.get().pk])

    def planned_conference() -> Conference:
        found = Conference.objects.filter(status=ConferenceStatus.PLANNED).order_by("-pk").first()
        if found is None:
            raise CommandError("The demo has no planned conference: load the demo first (thidua load_demo).")
        return found

    def conference() -> str:
        return reverse("conferences:detail", args=[planned_conference().pk])

    def vote_link() -> str:
        """The board opens the planned conference, checks everyone in and opens its first poll, as on the
        day; then one voter's link, as the phone opens it."""
        from django.core.exceptions import ValidationError

        from thidua.conferences import services
        from thidua.conferences.models import PollStatus

        board = User.objects.get(username="bantdkt")
        found = planned_conference()
        with transaction.atomic():
            services.start_conference(actor=board, conference=found)
            roll = list(found.participants.order_by("position_in_roll", "id"))
            for participant in roll:
                services.check_in(actor=board, participant=participant)
            first = found.polls.filter(status=PollStatus.DRAFT).order_by("pk").first()
            if first is not None:
                try:
                    services.open_poll(actor=board, poll=first)
                except ValidationError as exc:
                    raise CommandError(f"Could not open the poll {first}: {exc}") from exc
            voter = next(p for p in roll if p.is_voter)
            token = services.issue_link(actor=board, participant=voter)
        return reverse("vote:link", args=[token])

    return {
        "home": lambda: reverse("web:home"),
        "block_year": block_year,
        "overview": overview,
        "table": table,
        "ranking": lambda: reverse("scoring:ranking", args=[nha_trang.pk, year]),
        "conference": conference,
        "proposals": lambda: reverse("proposals:inbox"),
        "council": lambda: reverse("council:list"),
        "decisions": lambda: reverse("proposals:decision_list"),
        "reports": lambda: reverse("reports:year", args=[nha_trang.pk, year]),
        "scorecard": scorecard,
        "stats": lambda: reverse("stats:page"),
        "vote": vote_link,
    }


# file -> (demo login, where)
WHERE: dict[str, tuple[str, str]] = {
    "board-block-year.png": ("bantdkt", "block_year"),
    "board-scoring-overview.png": ("bantdkt", "overview"),
    "board-scoring-table.png": ("bantdkt", "table"),
    "board-ranking.png": ("bantdkt", "ranking"),
    "board-conference.png": ("bantdkt", "conference"),
    "board-proposals.png": ("bantdkt", "proposals"),
    "board-council.png": ("bantdkt", "council"),
    "board-decisions.png": ("bantdkt", "decisions"),
    "board-reports.png": ("bantdkt", "reports"),
    "board-home-phone.png": ("bantdkt", "home"),
    "leader-home.png": ("khoitruong", "home"),
    "leader-scoring-overview.png": ("khoitruong", "overview"),
    "leader-reports.png": ("khoitruong", "reports"),
    "unit-home.png": ("donvi", "home"),
    "unit-scoring-overview.png": ("donvi", "overview"),
    "unit-scorecard.png": ("donvi", "scorecard"),
    "unit-scorecard-phone.png": ("donvi", "scorecard"),
    "unit-proposals.png": ("donvi", "proposals"),
    "delegate-home.png": ("daibieu", "home"),
    "delegate-vote-phone.png": ("", "vote"),  # the voting link, as a phone opens it: no login
    "observer-home.png": ("quansat", "home"),
    "observer-stats.png": ("quansat", "stats"),
}


def plans(only: set[str] | None = None) -> list[Plan]:
    urls = _demo_urls()
    result = []
    for shot in all_shots():
        if only and shot.file not in only:
            continue
        if shot.file not in WHERE:
            raise CommandError(f"No place to take {shot.file}: add it to WHERE in {__name__}.")
        username, where = WHERE[shot.file]
        result.append(Plan(shot.file, username, urls[where](), shot.phone))
    return result


def small_png(raw: bytes) -> bytes:
    """The screenshot as a 256-colour PNG (a page of text and flat colours loses nothing visible)."""
    from PIL import Image

    with Image.open(io.BytesIO(raw)) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        out = io.BytesIO()
        reduced.save(out, format="PNG", optimize=True)
        return out.getvalue()


def _chromium() -> str:
    path = os.environ.get("THIDUA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise CommandError("Debian's chromium is needed: apt-get install chromium (or set THIDUA_CHROMIUM).")
    return path


class Command(BaseCommand):
    help = "Take the help pages' screenshots on the demo data (Playwright, Debian's chromium)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "static" / "help"))
        parser.add_argument("--only", nargs="*", help="only these files (e.g. unit-scorecard.png)")

    def handle(self, *args: Any, **options: Any) -> None:
        from thidua.accounts.models import User

        if not User.objects.filter(username="bantdkt").exists():
            raise CommandError("No demo accounts here: load the demo first (thidua demo --no-serve).")
        todo = plans(set(options["only"]) if options["only"] else None)
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        try:
            self._shoot(f"http://127.0.0.1:{server.port}", todo, out)
        finally:
            server.terminate()

    def _shoot(self, base: str, todo: list[Plan], out: Path) -> None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS)
            contexts: dict[tuple[str, bool], Any] = {}
            try:
                for plan in todo:
                    key = (plan.username, plan.phone)
                    if key not in contexts:
                        contexts[key] = self._context(browser, base, plan.username, plan.phone)
                    page = contexts[key]
                    page.goto(base + plan.url)
                    page.wait_for_load_state("networkidle")
                    data = small_png(page.screenshot(full_page=False))
                    (out / plan.file).write_bytes(data)
                    self.stdout.write(f"{plan.file}: {len(data) // 1024} KB ({plan.url})")
                    if len(data) > MAX_BYTES:
                        self.stderr.write(f"{plan.file} is over {MAX_BYTES // 1000} KB")
            finally:
                browser.close()

    def _context(self, browser: Any, base: str, username: str, phone: bool) -> Any:
        if phone:
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
        else:
            context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
        page = context.new_page()
        if username:
            page.goto(base + reverse("accounts:login"))
            page.fill("#id_username", username)
            page.fill("#id_password", DEMO_PASSWORD)
            with page.expect_navigation():
                page.click("button[type=submit]")
            if "/accounts/login/" in page.url:
                raise CommandError(f"Could not log in as {username} (password {DEMO_PASSWORD}).")
        return page
