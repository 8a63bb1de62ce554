"""Audit actions as named constants: stored as before, shown on the audit log as a sentence
(issue 14 item 5)."""

from __future__ import annotations

from django.urls import reverse

from thidua.audit.models import AuditEntry
from thidua.audit.services import verify_chain
from thidua.orgs import services
from thidua.orgs.models import UnitKind, UnitLevel


def test_a_named_action_is_stored_as_its_code_and_shown_as_a_sentence(world, client) -> None:
    board = world.user("board")
    unit = services.create_unit(
        actor=board, code="SO-YT", name="Sở Y tế", kind=UnitKind.STATE_AGENCY, level=UnitLevel.PROVINCE
    )
    entry = AuditEntry.objects.get(object_type="orgs.unit", object_id=str(unit.pk))
    assert entry.action == "unit.create" and type(entry.action) is str
    assert verify_chain().ok
    client.force_login(board, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("audit:entry_list"), {"action": "unit.create"}).content.decode()
    assert "Tạo đơn vị" in page
    # The action filter lists the actions by their sentence too (the world's block years are in the log).
    assert 'value="blockyear.create">Lập khối thi đua của năm (thành viên, khối trưởng, khối phó)<' in page
