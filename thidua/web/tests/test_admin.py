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


def test_account_changes_in_the_admin_are_audited_without_the_password(world, login) -> None:
    admin = world.user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = login(admin)
    member = world.user("member")
    url = reverse("admin:accounts_user_change", args=[member.pk])
    data = {
        "username": "member",
        "full_name": "Cán bộ Sở Nội vụ",
        "email": "",
        "role": "observer",
        "unit": world.member_unit.pk,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01/01/2024",
        "date_joined_1": "08:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.filter(action="user.update").get()
    assert entry.before is not None and entry.after is not None
    assert entry.before["role"] == "unit_officer" and entry.after["role"] == "observer"
    assert "password" not in entry.after


def test_units_and_blocks_are_view_only_in_the_admin(world, login) -> None:
    admin = world.user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = login(admin)
    assert client.get(reverse("admin:orgs_unit_change", args=[world.member_unit.pk])).status_code == 200
    response = client.post(reverse("admin:orgs_unit_change", args=[world.member_unit.pk]), {"name": "Đổi"})
    assert response.status_code == 403
    assert client.get(reverse("admin:blocks_block_add")).status_code == 403
