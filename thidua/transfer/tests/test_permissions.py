"""Every persona on every transfer URL: the board uses every list, a unit officer its own people."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from thidua.orgs.models import Person, Unit
from thidua.testing import PERSONAS
from thidua.transfer.tests.workbooks import xlsx

BOARD = {"board", "admin"}
UNIT_OFFICERS = {"leader", "member", "outsider"}
OWN_UNIT = {"leader": "SO-TC", "member": "SO-NV", "outsider": "CA-T"}


def _row(kind: str, persona: str) -> list[Any]:
    """A valid row for the list that the persona may import (or would, if it were allowed)."""
    rows: dict[str, list[Any]] = {
        "units": ["Z-1", "Đơn vị Z", "", "Khác", "Tỉnh", "", "", "", ""],
        "people": [
            "Người Mới",
            "Nữ",
            "",
            "",
            "",
            OWN_UNIT.get(persona, "SO-NV"),
            "Chuyên viên",
            "01/01/2024",
            "",
        ],
        "memberships": ["KHOI-A", 2025, "VP-UB", "Khối trưởng"],
        "blockyears": ["KHOI-A", 2025, "VP-UB", "SO-NV", "", ""],
        "results": ["KHOI-A", 2024, "SO-NV", 1, "", "", "", "", "", "", "", ""],
        "conferences": ["KHOI-A", 2024, "Tổng kết", "", "", "", "", ""],
    }
    return rows[kind]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", ["units", "people", "memberships", "blockyears", "conferences", "results"])
def test_every_persona_on_every_list(world, login, persona, kind) -> None:
    client = login(world.user(persona))
    allowed = persona in BOARD or (persona in UNIT_OFFICERS and kind == "people")
    for name in ("template", "export"):
        assert client.get(reverse(f"transfer:{name}", args=[kind])).status_code == (200 if allowed else 403)
    rows = [_row(kind, persona)]
    if kind == "memberships":
        rows.append(["KHOI-A", 2025, "SO-NV", "Khối phó"])
    response = client.post(reverse("transfer:import", args=[kind]), {"file": xlsx(rows, kind)})
    assert response.status_code == (302 if allowed else 403), response.content.decode()[:3000]
    written = {
        "units": Unit.objects.filter(code="Z-1").exists(),
        "people": Person.objects.filter(full_name="Người Mới").exists(),
        "memberships": world.block.years.filter(year=2025).exists(),
        "blockyears": world.block.years.filter(year=2025).exists(),
        "results": world.block_year.standings.exists(),
        "conferences": world.block_year.conferences.exists(),
    }[kind]
    assert written == allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_index_shows_each_persona_the_lists_it_may_use(world, login, persona) -> None:
    response = login(world.user(persona)).get(reverse("transfer:index"))
    if persona in BOARD:
        assert response.status_code == 200
        assert [s.kind for s in response.context["sheets"]] == [
            "units",
            "people",
            "memberships",
            "blockyears",
            "conferences",
            "results",
        ]
    elif persona in UNIT_OFFICERS:
        assert response.status_code == 200
        assert [s.kind for s in response.context["sheets"]] == ["people"]
        assert reverse("transfer:import", args=["units"]) not in response.content.decode()
    else:
        assert response.status_code == 403


def test_anonymous_is_sent_to_login_from_every_url(db, client) -> None:
    urls = [reverse("transfer:index")] + [
        reverse(f"transfer:{name}", args=[kind])
        for name in ("template", "export", "import")
        for kind in ("units", "people", "memberships", "blockyears", "conferences", "results")
    ]
    for url in urls:
        response = client.post(url) if url.endswith("/import/") else client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_an_unknown_list_is_not_found(world, login) -> None:
    client = login(world.user("board"))
    assert client.get(reverse("transfer:template", args=["awards"])).status_code == 404
    assert client.get(reverse("transfer:import", args=["units"])).status_code == 405
