"""The province's award figures kept per year, and the triggers that version each year
(`thidua.stats.triggers`)."""

from django.db import migrations, models

from thidua.stats import triggers


class Migration(migrations.Migration):

    dependencies = [
        ('stats', '0003_award_counted_index'),
        ('orgs', '0001_initial'),
        ('awards', '0004_cstdcs_cap_base_and_rounding'),
    ]

    operations = [
        migrations.CreateModel(
            name='AwardYearFigures',
            fields=[
                ('year', models.PositiveSmallIntegerField(primary_key=True, serialize=False, verbose_name='year')),
                ('version', models.BigIntegerField(default=0, verbose_name='version')),
                ('computed_version', models.BigIntegerField(blank=True, null=True, verbose_name='computed at version')),
                ('cells', models.JSONField(blank=True, null=True, verbose_name='figures')),
                ('computed_at', models.DateTimeField(blank=True, null=True, verbose_name='computed at')),
            ],
            options={
                'verbose_name': 'award figures of a year',
                'verbose_name_plural': 'award figures of the years',
                'db_table': 'stats_awardyearfigures',
            },
        ),
        migrations.RunPython(triggers.create, triggers.drop),
    ]
