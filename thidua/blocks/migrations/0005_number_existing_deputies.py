"""Existing deputies get their order: the order the pages showed them in until now (by name)."""

from django.db import migrations


def number_deputies(apps, schema_editor):
    Membership = apps.get_model("blocks", "Membership")
    deputies = Membership.objects.filter(role="deputy").order_by("block_year_id", "unit__name_sort", "id")
    position: dict[int, int] = {}
    for membership in deputies.only("id", "block_year_id"):
        position[membership.block_year_id] = position.get(membership.block_year_id, 0) + 1
        Membership.objects.filter(pk=membership.pk).update(deputy_order=position[membership.block_year_id])


def forget_order(apps, schema_editor):
    apps.get_model("blocks", "Membership").objects.update(deputy_order=None)


class Migration(migrations.Migration):
    dependencies = [
        ("blocks", "0004_deputy_required_and_order"),
    ]

    operations = [
        migrations.RunPython(number_deputies, forget_order),
    ]
