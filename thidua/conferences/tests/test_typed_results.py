"""A poll's result is read through `Poll.outcome` (`conferences.results.PollResult`), never by string
key (issue 14 item 5): no code, test or template of the project indexes the stored JSON. Migrations
keep reading the JSON of their time (they must not import app code that changes later), and
results.py is where the JSON is turned into types."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # thidua/
TEMPLATES = PACKAGE.parent / "templates"
ALLOWED = {PACKAGE / "conferences" / "results.py", Path(__file__).resolve()}

# `poll.result["cast"]`, `poll.result.get("places")`, `(poll.result or {})["options"]`,
# `getattr(poll, "result", None)`: each reads the stored JSON by key.
PYTHON_READS = re.compile(
    r"""\.result\s*\[|\.result\s*\.\s*get\(|\.result\s+or\s+\{\}|getattr\([^)]*["']result["']"""
)
# `{{ poll.result.cast }}`, `{% if p.result.acclamation %}`: a template fed the raw dict.
TEMPLATE_READS = re.compile(r"\w\.result\.\w")


def _python_sources() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts and path.resolve() not in ALLOWED
    ]


def test_no_python_reads_a_poll_result_by_key() -> None:
    sources = _python_sources()
    assert len(sources) > 300  # the scan sees the whole package, tests included
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{text[: match.start()].count(chr(10)) + 1}: {match.group(0)}"
        for path in sources
        for text in [path.read_text(encoding="utf-8")]
        for match in PYTHON_READS.finditer(text)
    ]
    assert found == []


def test_no_template_reads_a_poll_result_by_key() -> None:
    templates = list(TEMPLATES.rglob("*.html"))
    assert any(path.parent.name == "conferences" for path in templates)
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in templates
        for match in TEMPLATE_READS.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_scan_would_catch_a_read_by_key() -> None:
    for line in (
        'cast = poll.result["cast"]',
        'tied = poll.result.get("tied_places")',
        'options = (poll.result or {})["options"]',
        'result = getattr(poll, "result", None) or {}',
    ):
        assert PYTHON_READS.search(line), line
    assert TEMPLATE_READS.search("{% if p.result.acclamation %}")
    assert not PYTHON_READS.search("result = poll.outcome")
    assert not TEMPLATE_READS.search("{% if result.acclamation %}")
