"""Issue 15 item 8: the block leader officer's menu says what the user leads ("Khối trưởng 2024 ·
<block>"), not the bare role "Cán bộ đơn vị"; the other personas keep their role."""

from __future__ import annotations

import re

from django.urls import reverse


def _menu(page: str) -> str:
    found = re.search(
        r'<span class="dropdown-item-text small text-muted" id="nav-role">(.*?)</span>', page, re.S
    )
    assert found, "the user menu names the role"
    return found.group(1)


def test_leader_officer_menu_names_the_block_year_led(world, login) -> None:
    page = login(world.user("leader")).get(reverse("blocks:block_list")).content.decode()
    menu = _menu(page)
    assert f"Khối trưởng {world.block_year.year} · {world.block.name}" in menu
    assert "Sở Tài chính" in menu
    member = _menu(login(world.user("member")).get(reverse("blocks:block_list")).content.decode())
    assert "Khối trưởng" not in member and "Cán bộ" in member
