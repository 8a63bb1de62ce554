"""The audit log reads as sentences for officers (issue 15 item 4): who with full name and unit, what
as a Vietnamese sentence (no raw action code), the kind of object in words, the time as dd/mm/yyyy
HH:MM and the change as before/after rows labelled with the model's Vietnamese field names."""

from __future__ import annotations

import re

from django.urls import reverse

from thidua.audit.models import AuditEntry
from thidua.orgs import services
from thidua.orgs.models import UnitKind, UnitLevel


def test_the_audit_log_shows_who_what_and_the_change_in_words(world, client) -> None:
    board = world.user("board")
    board.full_name = "Nguyễn Văn Bảng"
    board.save(update_fields=["full_name"])
    unit = services.create_unit(
        actor=board, code="SO-YT", name="Sở Y tế", kind=UnitKind.STATE_AGENCY, level=UnitLevel.PROVINCE
    )
    entry = AuditEntry.objects.get(object_type="orgs.unit", object_id=str(unit.pk))
    client.force_login(board, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("audit:entry_list"), {"object_type": "orgs.unit"}).content.decode()
    assert "Nguyễn Văn Bảng" in page
    assert "Tạo đơn vị" in page
    assert ">unit.create<" not in page and 'mono small text-muted">unit.create' not in page
    assert "(Đơn vị)" in page  # the kind of object in words, not "orgs.unit"
    assert "(orgs.unit" not in page
    assert entry.at is not None
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", page)
    # The change as rows with the Vietnamese field label, not the stored JSON.
    assert "audit-change" in page
    assert "Sở Y tế" in page
    assert '{"' not in page.split("<tbody>", 1)[1]
    # The kind-of-object filter offers words.
    assert 'value="orgs.unit" selected>Đơn vị<' in page


def test_only_the_board_reads_the_audit_log(world, client) -> None:
    for persona in ("member", "leader", "observer", "outsider"):
        client.force_login(world.user(persona), backend="django.contrib.auth.backends.ModelBackend")
        assert client.get(reverse("audit:entry_list")).status_code == 403


def test_the_audit_log_filters_by_the_actor_unit(world, client) -> None:
    board = world.user("board")
    board.unit = world.member_unit
    board.save(update_fields=["unit"])
    services.create_unit(
        actor=board, code="SO-YT", name="Sở Y tế", kind=UnitKind.STATE_AGENCY, level=UnitLevel.PROVINCE
    )
    client.force_login(board, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("audit:entry_list")
    unit_name = board.unit.name if board.unit else ""
    assert unit_name
    assert "Sở Y tế" in client.get(url, {"unit": unit_name, "object_type": "orgs.unit"}).content.decode()
    page = client.get(url, {"unit": "Không có đơn vị này", "object_type": "orgs.unit"}).content.decode()
    assert "Sở Y tế" not in page
