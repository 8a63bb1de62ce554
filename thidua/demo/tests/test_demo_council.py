"""Seed 002's council session in the demo: closed, every line counted, the minutes numbered."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from docx import Document

from thidua.council.models import SessionStatus
from thidua.council.papers import minutes_docx
from thidua.demo.services import load_demo
from thidua.proposals.models import CouncilOutcome, DecisionStatus

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        load_demo(log=lambda _message: None)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(_demo_loaded, db):
    return None


def test_seed_002_has_one_closed_session_with_results(demo) -> None:
    from thidua.council.models import CouncilSession

    session = CouncilSession.objects.get()
    assert session.status == SessionStatus.CLOSED
    assert session.council.members.count() == 7 and session.present.count() == 6
    lines = list(session.lines.select_related("dossier_line__dossier"))
    assert lines and all(line.approved and line.written_yes == 1 for line in lines)
    dossier = lines[0].dossier_line.dossier
    assert all(line.dossier_line.council_outcome == CouncilOutcome.APPROVED for line in lines)
    assert dossier.decisions.filter(status=DecisionStatus.ISSUED).exists()
    assert session.minutes_number is not None
    assert session.minutes_number.number_line == "Số: 01/BB-HĐTĐKT"
    document = Document(io.BytesIO(minutes_docx(session)))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Số: 01/BB-HĐTĐKT" in text and "ngày 05 tháng 3 năm 2024" in text
    assert (
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH" in text
        and "Hội đồng Thi đua - Khen thưởng Hội đồng" not in text
    )


def test_loading_again_adds_no_session(demo) -> None:
    from thidua.council.models import CouncilSession

    load_demo(log=lambda _message: None)
    assert CouncilSession.objects.count() == 1
