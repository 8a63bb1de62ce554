"""The province's award figures cached per year, and the triggers that version each year
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
                ('version', models.BigIntegerField(verbose_name='version')),
                ('cells', models.JSONField(default=list, verbose_name='figures')),
                ('computed_at', models.DateTimeField(auto_now=True, verbose_name='computed at')),
            ],
            options={
                'verbose_name': 'award figures of a year',
                'verbose_name_plural': 'award figures of the years',
                'db_table': 'stats_awardyearfigures',
            },
        ),
        migrations.CreateModel(
            name='AwardYearVersion',
            fields=[
                ('year', models.PositiveSmallIntegerField(primary_key=True, serialize=False, verbose_name='year')),
                ('version', models.BigIntegerField(default=0, verbose_name='version')),
            ],
            options={
                'verbose_name': 'award year version',
                'verbose_name_plural': 'award year versions',
                'db_table': 'stats_awardyearversion',
            },
        ),
        migrations.RunPython(triggers.create, triggers.drop),
    ]
