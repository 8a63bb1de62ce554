from django.db import migrations


def load(apps, schema_editor):
    """R-VER-03: the Decree 91/2017/NĐ-CP versions (2018-2023) of the shipped titles and forms."""
    from thidua.awards.catalogue import seed_decree_91

    seed_decree_91(apps)


def unload(apps, schema_editor):
    from thidua.awards.catalogue import ND91_FROM

    version_model = apps.get_model("awards", "AwardTypeVersion")
    version_model.objects.filter(valid_from=ND91_FROM, award_type__category="legal").delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0005_province_catalogue")]

    operations = [migrations.RunPython(load, unload)]
