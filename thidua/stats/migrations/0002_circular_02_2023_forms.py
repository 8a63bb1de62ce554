from django.db import migrations


def load(apps, schema_editor):
    from thidua.stats.circular_02_2023 import seed_forms

    seed_forms(apps)


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_forms")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
