from __future__ import annotations

from django.urls import reverse

from thidua.audit.models import AuditEntry


def test_administrator_manages_accounts_in_the_admin(world, login) -> None:
    admin = world.user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = login(admin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:accounts_user_change", args=[world.user("member").pk])).status_code == 200
    )


def test_audit_entries_cannot_be_changed_in_the_admin(world, login) -> None:
    admin = world.user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = login(admin)
    entry = AuditEntry.objects.first()
    assert entry is not None
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert (
        client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_officers_are_kept_out_of_the_admin(world, login) -> None:
    response = login(world.user("board")).get(reverse("admin:index"))
    assert response.status_code == 302
