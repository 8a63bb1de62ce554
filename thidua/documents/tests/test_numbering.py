"""The number register: per issuer, type and year, restarting on 1 January, never reusing a number,
atomic and audited; under concurrency (real threads and connections; CI runs it on SQLite and on
PostgreSQL) two allocations get two numbers."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from thidua.accounts.models import Role
from thidua.audit.models import AuditEntry
from thidua.documents.models import IssuedNumber
from thidua.documents.services import allocate_number, cancel_number
from thidua.documents.styles import DocType, letterhead_for_unit
from thidua.orgs.models import UnitKind
from thidua.testing import make_unit, make_user


@pytest.fixture
def issuer(db):
    return make_unit("KTD", "Khối thi đua tổng hợp")


@pytest.fixture
def officer(db):
    return make_user("board", Role.BOARD_OFFICER)


def _allocate(
    officer: Any, issuer: Any, day: datetime.date, doc_type: str = DocType.SUBMISSION
) -> IssuedNumber:
    letterhead = letterhead_for_unit(issuer, symbol="KTĐ")
    return allocate_number(actor=officer, issuer=issuer, letterhead=letterhead, doc_type=doc_type, day=day)


@pytest.mark.django_db
def test_numbers_follow_each_other_per_type_and_restart_on_the_first_of_january(officer, issuer):
    first = _allocate(officer, issuer, datetime.date(2025, 12, 30))
    second = _allocate(officer, issuer, datetime.date(2025, 12, 31))
    other_type = _allocate(officer, issuer, datetime.date(2025, 12, 31), DocType.DECISION)
    new_year = _allocate(officer, issuer, datetime.date(2026, 1, 1))
    assert [first.number, second.number, other_type.number, new_year.number] == [1, 2, 1, 1]
    assert second.number_line == "Số: 02/TTr-KTĐ"
    assert new_year.number_line == "Số: 01/TTr-KTĐ" and new_year.year == 2026
    assert _allocate(officer, issuer, datetime.date(2026, 1, 2)).number == 2


@pytest.mark.django_db
def test_each_issuer_has_its_own_register_and_party_numbers_are_written_the_party_way(officer, issuer):
    party = make_unit("BTC", "Ban Tổ chức Tỉnh ủy", kind=UnitKind.PARTY_AGENCY)
    _allocate(officer, issuer, datetime.date(2026, 3, 1))
    issued = _allocate(officer, party, datetime.date(2026, 3, 1))
    assert issued.number == 1
    assert issued.number_line == "Số 1-TTr/KTĐ"


@pytest.mark.django_db
def test_an_allocation_is_audited(officer, issuer):
    issued = _allocate(officer, issuer, datetime.date(2026, 3, 1))
    entry = AuditEntry.objects.get(action="documents.allocate_number")
    assert entry.object_id == str(issued.pk) and entry.actor == officer
    assert entry.after is not None and entry.after["number_line"] == "Số: 01/TTr-KTĐ"


@pytest.mark.django_db
def test_a_cancelled_document_keeps_its_number_and_the_number_is_not_given_again(officer, issuer):
    issued = _allocate(officer, issuer, datetime.date(2026, 3, 1))
    cancelled = cancel_number(actor=officer, issued=issued, reason="Viết sai tên đơn vị")
    assert cancelled.is_cancelled and cancelled.number == 1
    assert _allocate(officer, issuer, datetime.date(2026, 3, 2)).number == 2
    assert IssuedNumber.objects.filter(issuer=issuer, number=1).count() == 1
    assert AuditEntry.objects.filter(action="documents.cancel_number", object_id=str(issued.pk)).exists()


@pytest.mark.django_db
def test_cancelling_needs_a_reason_and_happens_once(officer, issuer):
    issued = _allocate(officer, issuer, datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError) as error:
        cancel_number(actor=officer, issued=issued, reason="  ")
    assert error.value.message_dict["reason"]
    issued.refresh_from_db()
    assert not issued.is_cancelled
    cancel_number(actor=officer, issued=issued, reason="Sai")
    with pytest.raises(ValidationError):
        cancel_number(actor=officer, issued=issued, reason="Lần nữa")


@pytest.mark.django_db
def test_the_database_refuses_a_number_given_twice(officer, issuer):
    issued = _allocate(officer, issuer, datetime.date(2026, 3, 1))
    duplicate = IssuedNumber(
        issuer=issuer,
        doc_type=issued.doc_type,
        year=issued.year,
        number=issued.number,
        style=issued.style,
        symbol=issued.symbol,
        number_line=issued.number_line,
        issued_on=issued.issued_on,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def _at_once(jobs: list[Any]) -> list[Any]:
    """Run the jobs in threads released together by a barrier; each result or raised error is kept."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = jobs[index]()
        except Exception as exc:  # the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_allocations_get_two_numbers():
    officer = make_user("board", Role.BOARD_OFFICER)
    issuer = make_unit("KTD", "Khối thi đua tổng hợp")
    day = datetime.date(2026, 1, 1)
    # Several rounds: in the first both threads make the year's counter at the same moment.
    for _round in range(3):
        results = _at_once([lambda: _allocate(officer, issuer, day).number] * 2)
        assert all(isinstance(r, int) for r in results), results
    numbers = sorted(IssuedNumber.objects.filter(issuer=issuer, year=2026).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
