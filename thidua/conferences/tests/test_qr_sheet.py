"""Issue 10 item 6: the sheet of voting QR codes. Links are stored only as hashes, so printing issues
fresh ones: the old link is refused, the new one works, the PDF names each delegate, and only those
who run the conference may print it. Nothing on the sheet or in the audit log is a token or a choice."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from thidua.audit.models import AuditEntry
from thidua.conferences import permissions, services
from thidua.conferences.models import Participant
from thidua.conferences.tests.helpers import delegate, make_conference
from thidua.testing import PERSONAS

RUNNERS = {"board", "admin", "leader"}


def _pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)


def test_printing_the_sheet_issues_new_links_and_the_old_ones_stop_working(world, login, client) -> None:
    w = world
    conference = make_conference(w)
    board = w.user("board")
    names = {w.leader_unit: "Nguyễn Văn An", w.deputy_unit: "Trần Thị Bình", w.member_unit: "Lê Đức Cường"}
    for unit, name in names.items():
        services.update_participant(actor=board, participant=delegate(conference, unit), full_name=name)
    old = services.issue_link(actor=board, participant=delegate(conference, w.leader_unit))
    assert client.get(reverse("vote:link", args=[old])).status_code == 302

    officer = login(w.user("leader"))
    response = officer.post(reverse("conferences:qr_sheet", args=[conference.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert (
        response["Content-Disposition"] == f'attachment; filename="phieu-ma-qr-hoi-nghi-{conference.pk}.pdf"'
    )
    pages, text = _pdf_text(response.content)
    flat = " ".join(text.split())
    assert pages == 1
    for unit, name in names.items():
        assert name in flat and str(unit) in flat
    assert conference.title in flat and "Ngày: 20/12/2024" in flat
    tokens = re.findall(r"/v/([A-Za-z0-9_-]{20,})/", text.replace("\n", ""))
    assert len(tokens) == 3

    # The card printed before (and its link) no longer works; each new one opens its own place.
    fresh = Participant.objects.get(pk=delegate(conference, w.leader_unit).pk)
    assert client.get(reverse("vote:link", args=[old])).status_code == 404
    opened = set()
    for token in tokens:
        assert client.get(reverse("vote:link", args=[token])).status_code == 302
        found = permissions.delegate_for_token(token)
        assert found is not None
        opened.add(found.full_name)
    assert opened == set(names.values())
    assert fresh.token_hash and fresh.token_issued_at is not None

    # The audit log says who printed, when and how many, never a token.
    entry = AuditEntry.objects.get(action="conference.qr_sheet")
    assert entry.actor == w.user("leader") and (entry.after or {})["cards"] == 3
    logged = " ".join(str(e.after) + str(e.before) for e in AuditEntry.objects.all())
    for token in [old, *tokens]:
        assert token not in logged


def test_a_delegate_who_already_voted_gets_a_card_without_any_choice(world, login) -> None:
    w = world
    conference = make_conference(w)
    poll = services.create_poll(actor=w.user("board"), conference=conference, kind="question")
    services.open_poll(actor=w.user("board"), poll=poll)
    option = poll.options.get()
    receipt = services.cast_ballot(
        poll=poll, participant=delegate(conference, w.leader_unit), choice={str(option.pk): "Y"}
    )
    response = login(w.user("board")).post(reverse("conferences:qr_sheet", args=[conference.pk]))
    _pages, text = _pdf_text(response.content)
    assert receipt not in text and receipt.replace("-", "") not in text.replace("-", "")
    assert poll.title not in text and "Tán thành" not in text


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - RUNNERS))
def test_who_does_not_run_the_conference_cannot_print(world, login, persona) -> None:
    w = world
    conference = make_conference(w)
    before = list(conference.participants.order_by("id").values_list("token_hash", flat=True))
    response = login(w.user(persona)).post(reverse("conferences:qr_sheet", args=[conference.pk]))
    assert response.status_code in (403, 404)
    if persona in {"member", "delegate", "observer"}:
        assert response.status_code == 403
    after = list(conference.participants.order_by("id").values_list("token_hash", flat=True))
    assert after == before
    assert not AuditEntry.objects.filter(action="conference.qr_sheet").exists()


def test_a_closed_conference_prints_no_sheet(world, login) -> None:
    w = world
    conference = make_conference(w)
    services.close_conference(actor=w.user("board"), conference=conference)
    response = login(w.user("board")).post(reverse("conferences:qr_sheet", args=[conference.pk]))
    assert response.status_code == 302
    assert not conference.participants.exclude(token_hash="").exists()


def test_many_delegates_fill_pages_of_eight_cards(world) -> None:
    from thidua.conferences import documents

    w = world
    conference = make_conference(w, start=False)
    roll = list(conference.participants.all())
    cards = [(roll[i % 3], f"http://thidua.example/v/{'x' * 32}{i:02d}/") for i in range(17)]
    pages, text = _pdf_text(documents.qr_sheet_pdf(conference, cards))
    assert pages == 3
    assert len(re.findall(r"/v/x{32}\d\d/", text.replace("\n", ""))) == 17
