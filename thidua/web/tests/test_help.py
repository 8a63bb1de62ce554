"""Issue 15 item 7: a guide per role inside the product, with screenshots of the demo, and a short help
box on each main page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from thidua.blocks.models import BlockKind
from thidua.web import help as guides_help

OWN_GUIDE = {
    "board": "board",
    "admin": "board",
    "leader": "leader",
    "member": "unit",
    "outsider": "leader",  # its unit leads block B in 2024
    "delegate": "delegate",
    "observer": "observer",
}
STATIC_HELP = Path(settings.BASE_DIR) / "static" / "help"


def _vi(text: Any) -> str:
    with translation.override("vi"):
        return escape(str(text))


@pytest.mark.parametrize("persona", sorted(OWN_GUIDE))
def test_each_role_reads_its_own_guide_first_with_its_steps(world: Any, login: Any, persona: str) -> None:
    client = login(world.user(persona))
    guide = guides_help.BY_SLUG[OWN_GUIDE[persona]]
    index = client.get(reverse("web:help"))
    assert index.status_code == 200
    page = index.content.decode()
    titles = [page.find(_vi(g.title)) for g in guides_help.GUIDES]
    assert all(t > 0 for t in titles), "every role's guide is listed"
    assert page.find(_vi(guide.title)) == min(titles), "the user's own guide comes first"

    response = client.get(reverse("web:help_guide", args=[guide.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<span class="badge text-bg-danger fs-6 align-middle" id="own-role">vai trò của bạn</span>' in page
    for section in guide.sections:
        assert f'id="{section.slug}"' in page
        assert _vi(section.title) in page
        for step in section.steps:
            assert _vi(step) in page, step
        for shot in section.shots:
            assert f'src="/static/help/{shot.file}"' in page


def test_every_guide_opens_for_any_logged_in_user_and_others_are_linked(world: Any, login: Any) -> None:
    client = login(world.user("delegate"))
    for guide in guides_help.GUIDES:
        response = client.get(reverse("web:help_guide", args=[guide.slug]))
        assert response.status_code == 200
        assert ('id="own-role"' in response.content.decode()) == (guide.slug == "delegate")
    assert client.get("/help/nobody/").status_code == 404


def test_help_needs_a_login(client: Any, world: Any) -> None:
    response = client.get(reverse("web:help"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", sorted(OWN_GUIDE))
def test_the_user_menu_links_to_the_help(world: Any, login: Any, persona: str) -> None:
    page = login(world.user(persona)).get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:help")}" id="nav-help"' in page


@pytest.mark.parametrize("persona", ["board", "admin", "leader", "member", "delegate", "observer"])
def test_only_the_administrator_is_offered_the_api_documentation(
    world: Any, login: Any, persona: str
) -> None:
    """Issue 15 item 2: the API docs (Swagger, in English) are not offered to officers with no use for them."""
    page = login(world.user(persona)).get(reverse("web:home")).content.decode()
    assert ('id="nav-api-docs"' in page) is (persona == "admin")


def test_every_screenshot_referenced_exists_as_a_small_png_of_the_right_width() -> None:
    shots = guides_help.all_shots()
    assert len(shots) >= 15
    assert sum(1 for s in shots if s.phone) >= 3
    for shot in shots:
        path = STATIC_HELP / shot.file
        assert path.is_file(), f"{path} is missing: run manage.py help_screenshots on the demo data"
        assert path.stat().st_size < 150_000, f"{path} is {path.stat().st_size} bytes"
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert image.width == (390 if shot.phone else 1280), shot.file
    on_disk = {p.name for p in STATIC_HELP.glob("*.png")}
    assert on_disk == {s.file for s in shots}, "no screenshot left that no guide shows"


def _view_names(patterns: list[Any], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for item in patterns:
        if isinstance(item, URLResolver):
            ns = f"{prefix}{item.namespace}:" if item.namespace else prefix
            names |= _view_names(item.url_patterns, ns)
        elif isinstance(item, URLPattern) and item.name:
            names.add(prefix + item.name)
    return names


def test_each_page_help_names_a_real_page_and_a_real_guide_section() -> None:
    names = _view_names(get_resolver().url_patterns)
    for view_name, item in guides_help.PAGE_HELP.items():
        assert view_name in names, view_name
        guide = guides_help.BY_SLUG[item.guide]
        assert item.section in {s.slug for s in guide.sections}, (view_name, item.section)


@pytest.mark.parametrize(
    ("persona", "url_name", "args"),
    [
        ("member", "web:home", []),
        ("observer", "blocks:block_list", []),
        ("leader", "blocks:block_year_detail", "year"),
        ("board", "proposals:inbox", []),
        ("board", "council:list", []),
        ("board", "scoring:overview", "year"),
    ],
)
def test_main_pages_show_their_help_box(
    world: Any, login: Any, persona: str, url_name: str, args: Any
) -> None:
    if args == "year":
        args = [world.block.pk, world.block_year.year]
    response = login(world.user(persona)).get(reverse(url_name, args=args))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<details class="page-help' in page
    assert "Hướng dẫn" in page
    with translation.override("vi"):
        assert escape(guides_help.help_text(guides_help.PAGE_HELP[url_name], world.block.kind)) in page
    own = OWN_GUIDE[persona]
    item = guides_help.PAGE_HELP[url_name]
    own_has_section = item.section in {s.slug for s in guides_help.BY_SLUG[own].sections}
    target = own if own_has_section else item.guide
    assert f'href="{reverse("web:help_guide", args=[target])}#{item.section}"' in page


def test_a_page_without_help_shows_no_box(world: Any, login: Any) -> None:
    page = login(world.user("board")).get(reverse("accounts:password_change")).content.decode()
    assert "page-help" not in page


def test_the_guides_read_in_english_when_english_is_chosen(world: Any, login: Any) -> None:
    client = login(world.user("observer"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("web:help_guide", args=["observer"])).content.decode()
    assert "Guide for the observer (quan sát)" in page
    with translation.override("en"):
        assert escape(str(guides_help.OBSERVER.sections[0].steps[0])) in page
    assert "Read the step-by-step guide" not in page  # the guide page itself has no help box


def test_a_clusters_help_box_speaks_as_a_cluster(world: Any, login: Any) -> None:
    """Issue 12 item 5: the block year's help names the cluster's leader and deputy, from the same
    words as the rest of the page (placeholders, not a replacement inside the rendered text)."""
    world.block.kind = BlockKind.CLUSTER
    world.block.save(update_fields=["kind"])
    url = reverse("blocks:block_year_detail", args=[world.block.pk, world.block_year.year])
    page = login(world.user("board")).get(url).content.decode()
    box = page.split('<details class="page-help')[1].split("</details>")[0]
    assert "Năm thi đua của cụm thi đua: thành viên, Cụm trưởng, Cụm phó" in box
    assert "Khối" not in box and "khối" not in box
    world.block.kind = BlockKind.BLOCK
    world.block.save(update_fields=["kind"])
    box = login(world.user("board")).get(url).content.decode().split('<details class="page-help')[1]
    assert "Năm thi đua của khối thi đua: thành viên, Khối trưởng, Khối phó" in box.split("</details>")[0]
