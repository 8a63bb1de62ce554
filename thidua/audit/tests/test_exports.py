"""Downloads of personal data are audited (issue 11, item 8)."""

from __future__ import annotations

from django.urls import reverse

from thidua.audit.models import AuditEntry
from thidua.audit.services import verify_chain


def test_people_export_is_audited(world, login) -> None:
    client = login(world.user("board"))
    response = client.get(reverse("transfer:export", kwargs={"kind": "people"}))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export.download")
    assert entry.actor_name == "board" and entry.object_id == "people"
    assert entry.after is not None
    assert entry.after["format"] == "xlsx" and entry.after["rows"] >= 1
    assert verify_chain().ok


def test_award_history_exports_are_audited(world, login) -> None:
    client = login(world.user("board"))
    for name in ("export.csv", "export.xlsx"):
        assert client.get(reverse("awards:history_file", kwargs={"what": name})).status_code == 200
    formats = list(
        AuditEntry.objects.filter(action="export.download", object_id="award_history")
        .order_by("id")
        .values_list("after__format", flat=True)
    )
    assert formats == ["csv", "xlsx"]


def test_the_import_template_is_not_an_export(world, login) -> None:
    client = login(world.user("board"))
    assert client.get(reverse("awards:history_file", kwargs={"what": "template.xlsx"})).status_code == 200
    assert not AuditEntry.objects.filter(action="export.download").exists()
