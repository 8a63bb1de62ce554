"""The database triggers that version the province's kept award figures (`AwardYearFigures`,
migration 0004), in SQLite's and PostgreSQL's dialects. A year's version is bumped by every write
that can change the year's award figures:

- an award record inserted or deleted (its year);
- an award record updated in its year, title or form, owner or voiding (its old and its new year);
  other fields (the note, the decision's number) leave the figures as they are;
- a person's gender changed (every year the person has an award record in);
- on PostgreSQL, TRUNCATE of the award records (no row trigger fires) empties the kept figures.

They run in the writer's transaction, so the records and the version commit together. They only
update the rows the statistics created (a year never computed has no row and nothing to invalidate).
"""

from __future__ import annotations

from typing import Any

COUNTED = ("year", "award_type_id", "person_id", "unit_id", "voided_at")
_BUMP = "UPDATE stats_awardyearfigures SET version = version + 1 WHERE year = {year};"
_BUMP_PERSON = (
    "UPDATE stats_awardyearfigures SET version = version + 1 "
    "WHERE year IN (SELECT year FROM awards_awardrecord WHERE person_id = NEW.id);"
)

SQLITE = [
    f"CREATE TRIGGER stats_award_inserted AFTER INSERT ON awards_awardrecord BEGIN "
    f"{_BUMP.format(year='NEW.year')} END",
    f"CREATE TRIGGER stats_award_deleted AFTER DELETE ON awards_awardrecord BEGIN "
    f"{_BUMP.format(year='OLD.year')} END",
    "CREATE TRIGGER stats_award_updated AFTER UPDATE ON awards_awardrecord WHEN "
    + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COUNTED)
    + f" BEGIN {_BUMP.format(year='OLD.year')} {_BUMP.format(year='NEW.year')} END",
    "CREATE TRIGGER stats_person_gender AFTER UPDATE OF gender ON orgs_person "
    f"WHEN OLD.gender IS NOT NEW.gender BEGIN {_BUMP_PERSON} END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in ("stats_award_inserted", "stats_award_deleted", "stats_award_updated", "stats_person_gender")
]

POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION stats_award_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP <> 'DELETE' THEN {_BUMP.format(year='NEW.year')} END IF; "
    f"IF TG_OP <> 'INSERT' THEN {_BUMP.format(year='OLD.year')} END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER stats_award_inserted_deleted AFTER INSERT OR DELETE ON awards_awardrecord "
    "FOR EACH ROW EXECUTE FUNCTION stats_award_changed()",
    "CREATE TRIGGER stats_award_updated AFTER UPDATE ON awards_awardrecord FOR EACH ROW WHEN ("
    + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in COUNTED)
    + ") EXECUTE FUNCTION stats_award_changed()",
    "CREATE OR REPLACE FUNCTION stats_award_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "DELETE FROM stats_awardyearfigures; RETURN NULL; END $$",
    "CREATE TRIGGER stats_award_truncated AFTER TRUNCATE ON awards_awardrecord "
    "FOR EACH STATEMENT EXECUTE FUNCTION stats_award_truncated()",
    "CREATE OR REPLACE FUNCTION stats_person_gender_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"{_BUMP_PERSON} RETURN NULL; END $$",
    "CREATE TRIGGER stats_person_gender AFTER UPDATE OF gender ON orgs_person FOR EACH ROW "
    "WHEN (OLD.gender IS DISTINCT FROM NEW.gender) EXECUTE FUNCTION stats_person_gender_changed()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS stats_award_inserted_deleted ON awards_awardrecord",
    "DROP TRIGGER IF EXISTS stats_award_updated ON awards_awardrecord",
    "DROP TRIGGER IF EXISTS stats_award_truncated ON awards_awardrecord",
    "DROP TRIGGER IF EXISTS stats_person_gender ON orgs_person",
    "DROP FUNCTION IF EXISTS stats_award_changed()",
    "DROP FUNCTION IF EXISTS stats_award_truncated()",
    "DROP FUNCTION IF EXISTS stats_person_gender_changed()",
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"the statistics' triggers support SQLite and PostgreSQL, not {vendor}")
    for statement in statements[vendor]:
        schema_editor.execute(statement, params=None)


def create(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_DROP + SQLITE, "postgresql": POSTGRESQL_DROP + POSTGRESQL})


def drop(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})
