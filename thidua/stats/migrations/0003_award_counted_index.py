"""Partial covering indexes on the award records and the units' ratings for the statistics (issue 10
item 3).

The award records belong to the awards app; the statistics are their only reader by (year, award
type) over the whole history, so the index is created here, in SQL that SQLite and PostgreSQL both
accept. It holds only the counted records (not voided) and every column the grouped aggregate of
`thidua.stats.queries` reads, in the order it groups them, so a year's figures are one pass over the
index with no sort (the gender looked up by the person's primary key).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0002_circular_02_2023_forms"),
        ("awards", "0004_cstdcs_cap_base_and_rounding"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS stats_award_counted ON awards_awardrecord "
                "(year, award_type_id, person_id, unit_id) WHERE voided_at IS NULL"
            ),
            reverse_sql="DROP INDEX IF EXISTS stats_award_counted",
        ),
        # The units' ratings of the years (the ratings of people are 30 times more rows).
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS stats_rating_units ON awards_performancerating "
                "(year, rating, unit_id) WHERE unit_id IS NOT NULL"
            ),
            reverse_sql="DROP INDEX IF EXISTS stats_rating_units",
        ),
    ]
