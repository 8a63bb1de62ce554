from __future__ import annotations

from django.core.management import call_command


def test_openapi_schema_validates_without_warnings(db, tmp_path) -> None:
    """Every endpoint has typed parameters and named components (drf-spectacular's own validator)."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in (
        "/api/v1/scorecards/{id}/scores/",
        "/api/v1/rankings/{id}/publish/",
        "/api/v1/block-years/",
        "/api/v1/scoring-tables/{id}/copy-forward/",
        "/api/v1/criteria/{id}/targets/",
        "/api/v1/movements/",
        "/api/v1/registrations/not-registered/",
    ):
        assert path in text
