"""The attack of issue 11 item 2: copies of the database link delegates to their choices.

Someone holds a copy of the database taken while a secret poll is open, another taken after it
closes, and the data folder (THIDUA_DATA_DIR). They know the source code. On SQLite the copies are
the database file and its WAL copied byte for byte; on PostgreSQL they are what a physical copy of
the cluster keeps: every row with its physical position (ctid) and the transaction that wrote it
(xmin), in physical order. The attacker then tries every link the audit found:

- the order of the who-voted rows against the order of any other row of the poll (rowid, scan order,
  ctid, integer ids or sequence values), in either copy;
- a value (id, receipt hash, sealed text) carried from the open copy to a clear choice in the closed one;
- the transaction that wrote a who-voted row against the rows written in the same transaction (xmin);
- a weight that only one voter holds;
- a seal key derived from anything in the data folder or the database.

The voters answer three yes / no / abstain items so that each of them casts a different ballot, except
the one voter with two votes, whose ballot equals another's (so that the tally alone cannot name them).
The test knows who voted what; the attack is said to work when it names every voter's choice.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sqlite3
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import connection

from thidua.conferences import sealing, services
from thidua.conferences.models import Participant, Poll
from thidua.conferences.tests.helpers import make_conference

Row = dict[str, Any]
ANSWER_SETS = [
    ("Y", "Y", "Y"),
    ("N", "N", "N"),
    ("A", "A", "A"),
    ("Y", "N", "A"),
    ("N", "A", "Y"),
    ("A", "Y", "N"),
    ("Y", "Y", "N"),
    ("N", "N", "Y"),
    ("A", "A", "Y"),
]


class Copy:
    """One copy of the database as the attacker reads it: each table of the conferences app, its rows
    in every order the storage gives away."""

    def __init__(self) -> None:
        self.orders: dict[str, dict[str, list[Row]]] = {}  # table -> order name -> rows

    def rows(self, table: str) -> list[Row]:
        return next(iter(self.orders.get(table, {}).values()), [])

    def tables(self) -> list[str]:
        return list(self.orders)


def _tables() -> list[str]:
    return [t for t in connection.introspection.table_names() if t.startswith("conferences_")]


def _copy_sqlite(folder: Path, name: str) -> Copy:
    """Copy the database file and its WAL byte for byte, and read the copy with sqlite3.

    The bytes are copied by a child process (`cp`), as an attacker would: a plain open() and close()
    of the database file in this process would cancel this process's POSIX locks on it (SQLite's
    "how to corrupt" §2.2), and a later process could then remove the WAL under our open connection.
    """
    source = Path(connection.settings_dict["NAME"])
    target = folder / f"{name}.sqlite3"
    subprocess.run(["cp", str(source), str(target)], check=True)
    for suffix in ("-wal", "-journal"):
        if Path(f"{source}{suffix}").exists():
            subprocess.run(["cp", f"{source}{suffix}", f"{target}{suffix}"], check=True)
    copy = Copy()
    db = sqlite3.connect(target)
    db.row_factory = sqlite3.Row
    try:
        for table in _tables():
            orders: dict[str, list[Row]] = {}
            orders["scan"] = [dict(r) for r in db.execute(f'SELECT * FROM "{table}"')]
            try:
                orders["rowid"] = [
                    {k: r[k] for k in r.keys() if k != "_rowid"}
                    for r in db.execute(f'SELECT rowid AS _rowid, * FROM "{table}" ORDER BY rowid')
                ]
            except sqlite3.OperationalError:  # a WITHOUT ROWID table has no rowid
                pass
            columns = [c[1] for c in db.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                if column.endswith("id") and column != "poll_id":
                    orders[f"by {column}"] = [
                        dict(r) for r in db.execute(f'SELECT * FROM "{table}" ORDER BY "{column}"')
                    ]
            copy.orders[table] = orders
    finally:
        db.close()
    return copy


def _copy_postgres() -> Copy:
    """Every row with its ctid and xmin, in physical order (what pg_basebackup or the data files keep)."""
    copy = Copy()
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f'SELECT ctid::text, xmin::text, to_jsonb(t)::text FROM "{table}" t ORDER BY ctid')
            rows = [{**json.loads(data), "_xmin": xmin} for _ctid, xmin, data in cursor.fetchall()]
            orders: dict[str, list[Row]] = {"ctid": rows}
            cursor.execute(f'SELECT xmin::text, to_jsonb(t)::text FROM "{table}" t')
            orders["scan"] = [{**json.loads(data), "_xmin": xmin} for xmin, data in cursor.fetchall()]
            for column in rows[0] if rows else []:
                if column.endswith("id") and column != "poll_id" and not column.startswith("_"):
                    orders[f"by {column}"] = sorted(rows, key=_sort_key(column))
            copy.orders[table] = orders
    return copy


def _sort_key(column: str) -> Callable[[Row], str]:
    return lambda row: str(row[column]).zfill(40)


def take_copy(folder: Path, name: str) -> Copy:
    if connection.vendor == "sqlite":
        return _copy_sqlite(folder, name)
    return _copy_postgres()


# -- the attacker's keys: everything in the data folder and in the database ------------------------------


def _secrets_found(copies: Iterable[Copy]) -> set[bytes]:
    found: set[bytes] = set()
    for path in Path(settings.DATA_DIR).rglob("*"):
        if path.is_file() and path.stat().st_size <= 4096:
            found.add(path.read_bytes().strip())
    for copy in copies:
        for table in copy.tables():
            for row in copy.rows(table):
                for value in row.values():
                    if isinstance(value, str) and 16 <= len(value) <= 256:
                        found.add(value.encode())
    return found


def _keys_from(secret: bytes) -> list[bytes]:
    """The derivations the source code has used or could use."""
    keys = [
        hashlib.sha256(b"thidua ballot seal v1\x00" + secret).digest(),
        hashlib.sha256(b"thidua ballot seal v2\x00" + secret).digest(),
        hashlib.sha256(secret).digest(),
    ]
    if len(secret) == 32:
        keys.append(secret)
    try:
        raw = base64.b64decode(secret, validate=True)
    except ValueError:
        raw = b""
    if len(raw) == 32:
        keys.append(raw)
        keys.append(hashlib.sha256(b"thidua ballot seal v2\x00" + raw).digest())
    return keys


def open_sealed(value: Any, poll_id: int, keys: Iterable[bytes]) -> Any:
    """The plaintext of a sealed value (base64 of nonce + AES-GCM, the poll id as associated data)."""
    if not isinstance(value, str) or len(value) < 40:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    for key in keys:
        try:
            plain = AESGCM(key).decrypt(raw[:12], raw[12:], str(poll_id).encode())
        except (InvalidTag, ValueError):
            continue
        try:
            return json.loads(plain)
        except ValueError:
            return plain.decode()  # a ballot box: lines of (choice, weight, receipt hash)
    return None


# -- the links --------------------------------------------------------------------------------------------


class Attack:
    def __init__(self, poll_id: int, before: Copy, after: Copy, keys: list[bytes]) -> None:
        self.poll_id = poll_id
        self.before = before
        self.after = after
        self.keys = keys

    def _of_poll(self, rows: list[Row]) -> list[Row]:
        return [r for r in rows if str(r.get("poll_id", r.get("poll"))) == str(self.poll_id)]

    def participations(self, copy: Copy, order: str) -> list[Row]:
        return self._of_poll(copy.orders[PARTICIPATION].get(order, []))

    def clear_rows(self) -> list[Row]:
        """Rows of the closed copy that show a choice in the clear."""
        found = []
        for table in self.after.tables():
            if table == PARTICIPATION:
                continue
            for row in self._of_poll(self.after.rows(table)):
                if row.get("choice") not in (None, ""):
                    found.append(row)
        return found

    def resolve(self, row: Row) -> Any:
        """The choice a row leads to: its own, a sealed value opened with a found key, or the clear
        choice of a row of the closed copy that carries one of its values."""
        if row.get("choice") not in (None, ""):
            return _choice(row["choice"])
        values = {v for k, v in row.items() if k not in ("poll_id", "_xmin") and isinstance(v, str | int)}
        for value in values:
            opened = open_sealed(value, self.poll_id, self.keys)
            if opened is not None:
                return opened
        for other in self.clear_rows():
            shared = values & {v for k, v in other.items() if k not in ("poll_id", "_xmin", "choice")}
            if shared:
                return _choice(other["choice"])
        return None

    def by_order(self) -> list[dict[str, Any]]:
        """Pair the n-th who-voted row with the n-th row of every other table, in every order."""
        guesses = []
        for voted_copy in (self.before, self.after):
            for order in voted_copy.orders[PARTICIPATION]:
                voted = self.participations(voted_copy, order)
                for copy in (self.before, self.after):
                    for table in copy.tables():
                        if table == PARTICIPATION or order not in copy.orders[table]:
                            continue
                        rows = self._of_poll(copy.orders[table][order])
                        if rows:
                            guesses.append(
                                {p["voter_id"]: self.resolve(r) for p, r in zip(voted, rows, strict=False)}
                            )
        return guesses

    def by_transaction(self) -> list[dict[str, Any]]:
        """PostgreSQL: the rows written by the transaction that wrote a who-voted row."""
        guess: dict[str, Any] = {}
        voted = self.participations(self.before, "ctid")
        for participation in voted:
            for table in self.before.tables():
                if table == PARTICIPATION:
                    continue
                for row in self._of_poll(self.before.rows(table)):
                    if row.get("_xmin") == participation.get("_xmin"):
                        guess[participation["voter_id"]] = self.resolve(row)
        return [guess] if voted and "_xmin" in voted[0] else []

    def by_weight(self, heavy: Participant) -> Any:
        """The one row of the closed copy whose number equals the only weight above one."""
        matches = [
            row
            for row in self.clear_rows()
            for key, value in row.items()
            if key not in ("id", "poll_id", "choice", "_xmin") and value == heavy.weight
        ]
        return _choice(matches[0]["choice"]) if len(matches) == 1 else None


PARTICIPATION = "conferences_participation"


def _choice(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


# -- the poll -----------------------------------------------------------------------------------------------


def _vote(world: Any) -> tuple[Poll, dict[int, Any], Participant]:
    """Ten voters (three member delegates, seven council members, one of them with two votes) answer a
    poll of three items; returns the poll, who voted what, and the voter with two votes."""
    board = world.user("board")
    conference = make_conference(world, start=False)
    for n in range(7):
        services.add_participant(
            actor=board,
            conference=conference,
            kind="council_member",
            full_name=f"Ủy viên {n + 1}",
            weight=2 if n == 0 else 1,
        )
    conference = services.start_conference(actor=board, conference=conference)
    for participant in conference.participants.all():
        services.check_in(actor=board, participant=participant)
    poll = services.create_poll(
        actor=board,
        conference=conference,
        kind="question",
        title="Thông qua ba nội dung",
        options=[("Báo cáo tổng kết", None), ("Chương trình năm tới", None), ("Quy chế sửa đổi", None)],
    )
    poll = services.open_poll(actor=board, poll=poll)
    options = [str(o.pk) for o in poll.options.order_by("position")]
    voters = list(conference.participants.filter(weight__gt=0).order_by("position_in_roll"))
    heavy = next(v for v in voters if v.weight == 2)
    truth: dict[int, Any] = {}
    answers = iter(ANSWER_SETS)
    for voter in voters:
        # The heavy voter casts the same ballot as the first voter: the tally cannot single them out.
        chosen = ANSWER_SETS[0] if voter.pk == heavy.pk else next(answers)
        truth[voter.pk] = dict(zip(options, chosen, strict=True))
    for voter in voters:
        services.cast_ballot(poll=poll, participant=voter, choice=truth[voter.pk])
    return poll, truth, heavy


def _server_key() -> bytes:
    return sealing.ballot_key()


@pytest.fixture
def copies(transactional_db, world, tmp_path) -> tuple[Attack, dict[int, Any], Participant]:
    """The vote, a copy of the database while the poll is open and one after it closed."""
    poll, truth, heavy = _vote(world)
    before = take_copy(tmp_path, "open")
    services.close_poll(actor=world.user("board"), poll=poll)
    after = take_copy(tmp_path, "closed")
    keys = [k for secret in _secrets_found([before, after]) for k in _keys_from(secret)]
    poll.refresh_from_db()
    # The result is still right: 11 votes, the heavy voter's ballot counted twice.
    assert poll.outcome is not None and poll.outcome.cast == 11
    return Attack(poll.pk, before, after, keys), truth, heavy


def test_no_seal_key_in_the_data_folder_or_the_database(copies) -> None:
    attack, _truth, _heavy = copies
    sealed = [v for t in attack.before.tables() for r in attack.before.rows(t) for v in r.values()]
    # The attack is sound: with the server's own key it opens what is sealed in the open copy.
    assert any(open_sealed(v, attack.poll_id, [_server_key()]) is not None for v in sealed)
    assert not [v for v in sealed if open_sealed(v, attack.poll_id, attack.keys) is not None]


def test_no_order_id_or_transaction_pairs_who_voted_with_what(copies) -> None:
    attack, truth, _heavy = copies
    guesses = attack.by_order() + attack.by_transaction()
    assert guesses, "the attack found rows to pair"
    assert not [g for g in guesses if g == truth]


def test_no_receipt_beside_a_clear_choice_after_closing(copies) -> None:
    attack, _truth, _heavy = copies
    assert attack.clear_rows(), "the closed copy shows the ballots"
    hexes = [r for r in attack.clear_rows() if any(re.fullmatch(r"[0-9a-f]{64}", str(v)) for v in r.values())]
    assert not hexes


def test_a_voter_with_a_unique_weight_is_not_singled_out(copies) -> None:
    attack, truth, heavy = copies
    assert attack.by_weight(heavy) != truth[heavy.pk]


@pytest.mark.django_db(transaction=True)
def test_changing_secret_key_while_a_poll_is_open_loses_no_ballot(world, settings) -> None:
    poll, truth, heavy = _vote(world)
    settings.SECRET_KEY = "a-new-secret-key-set-by-the-operator-during-the-vote"
    poll = services.close_poll(actor=world.user("board"), poll=poll)
    result = poll.outcome
    assert result is not None and result.cast == 11
    yes_on_first = result.options[0].yes
    assert yes_on_first == sum(
        heavy.weight if pk == heavy.pk else 1 for pk, c in truth.items() if next(iter(c.values())) == "Y"
    )
