"""Load and fault benchmark of secret voting against the real production server (gunicorn).

    .venv/bin/python bench/voting_load.py --db sqlite
    .venv/bin/python bench/voting_load.py --db postgres      # needs PostgreSQL at 127.0.0.1:5432
                                            # database THIDUA_BENCH_VOTING_DB (thidua_bench_voting)
    .venv/bin/python bench/voting_load.py --db sqlite --fault

A conference with N delegates (default 300) and an open secret poll is set up in a throw-away
database; gunicorn serves it as `thidua serve` does (2 workers x 4 threads on this 2-core machine).
N client threads then do what a delegate's phone does, all at once: open the personal link (which
sets the session), load the ballot page, post the ballot, and load `/bench/floor/`, a minimal Django
view served by the same gunicorn workers (bench/voting_floor.py). Printed: ballots per second and
the p50 / p99 latency of posting a ballot, beside the baselines measured in the same run: the p50 /
p99 of loading the ballot page (a read of the same data through the same stack) and of the minimal
view (the stack's own floor), with the ratios.

--fault kills the whole server with SIGKILL while the ballots are coming in, restarts it, and lets
every delegate whose request failed try again. It then checks against the database that every
acknowledged ballot (a receipt was returned) is counted, none twice, and that a retry of a ballot
that had been stored before the crash is refused as already cast.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = os.environ.get("THIDUA_BENCH_VOTING_DB", "thidua_bench_voting")  # dropped and recreated


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_environment(db: str) -> dict[str, str]:
    env = dict(os.environ)
    data_dir = tempfile.mkdtemp(prefix="thidua-bench-voting-")
    env["THIDUA_DATA_DIR"] = data_dir
    # The ballot and audit keys live outside the data folder (docs/security.md); server and checker
    # share them. The audit checkpoints too: a throw-away run leaves nothing in the user's folders.
    keys = Path(tempfile.mkdtemp(prefix="thidua-bench-keys-"))
    env["THIDUA_BALLOT_KEY_FILE"] = str(keys / "ballot_key")
    env["THIDUA_AUDIT_KEY_FILE"] = str(keys / "audit_key")
    env["THIDUA_AUDIT_ANCHOR_DIR"] = str(keys / "anchor")
    env["THIDUA_DB_CONN_MAX_AGE"] = "60"
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    return env


def setup_conference(env: dict[str, str], delegates: int) -> tuple[int, list[str], int]:
    """Migrate, then build a block of `delegates` members, a conference in session with everyone
    checked in, and an open secret poll with five candidates. Returns (poll id, tokens, option id)."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from django.utils import timezone

    from thidua.accounts.models import Role, User
    from thidua.blocks.models import Block
    from thidua.blocks.services import set_block_year
    from thidua.conferences import services
    from thidua.orgs.models import Unit, UnitLevel

    board = User.objects.create(username="bench-board", role=Role.BOARD_OFFICER)
    province = Unit.objects.create(
        code="BENCH", name="Tỉnh thử tải", kind="state_agency", level=UnitLevel.PROVINCE
    )
    units = Unit.objects.bulk_create(
        Unit(code=f"B{i:04d}", name=f"Đơn vị thử tải {i:04d}", kind="state_agency", level=UnitLevel.PROVINCE)
        for i in range(delegates)
    )
    units = list(Unit.objects.filter(code__startswith="B0").order_by("code"))
    block = Block.objects.create(
        code="BENCH-K", name="Khối thử tải", level=UnitLevel.PROVINCE, managing_body=province
    )
    block_year = set_block_year(
        actor=board, block=block, year=2026, members=units, leader=units[0], deputies=[units[1]]
    )
    conference = services.create_conference(
        actor=board,
        block_year=block_year,
        kind="summary",
        starts_at=timezone.now(),
        place="Hội trường",
        chair="Chủ trì",
        secretary="Thư ký",
    )
    services.start_conference(actor=board, conference=conference)
    tokens = []
    for participant in conference.participants.all():
        services.check_in(actor=board, participant=participant)
        tokens.append(services.issue_link(actor=board, participant=participant))
    poll = services.create_poll(
        actor=board,
        conference=conference,
        kind="ranking",
        max_choices=1,
        ranks_to_fill=1,
        options=[(str(unit), unit) for unit in units[:5]],
    )
    services.open_poll(actor=board, poll=poll)
    option = poll.options.order_by("position").first()
    assert option is not None
    from django.db import connections

    connections.close_all()
    return poll.pk, tokens, option.pk


class Server:
    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "voting_floor:application",
                "--pythonpath",
                str(ROOT / "bench"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--logger-class",
                "thidua.web.gunicorn_logging.MaskingLogger",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/accounts/login/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL the master and its workers at once: no graceful shutdown, transactions cut short."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@dataclass
class Delegate:
    token: str
    cookies: dict[str, str] = field(default_factory=dict)
    receipt: str = ""
    already_cast: bool = False
    attempts: int = 0
    page_seconds: list[float] = field(default_factory=list)
    floor_seconds: list[float] = field(default_factory=list)
    cast_seconds: list[float] = field(default_factory=list)


def _request(port: int, method: str, path: str, delegate: Delegate, body: str = "") -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in delegate.cookies.items())}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}/v/"
        headers["Origin"] = f"http://127.0.0.1:{port}"
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            delegate.cookies[key] = rest.split(";", 1)[0]
    text = response.read().decode()
    conn.close()
    return response.status, text


RECEIPT = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")
ACKNOWLEDGED = threading.Semaphore(0)  # released once per receipt: the fault run kills after a third


def vote(port: int, poll_id: int, option_id: int, delegate: Delegate) -> None:
    """What a phone does: open the link, load the ballot page, post the ballot."""
    delegate.attempts += 1
    _request(port, "GET", f"/v/{delegate.token}/", delegate)
    started = time.perf_counter()
    status, page = _request(port, "GET", "/v/", delegate)
    delegate.page_seconds.append(time.perf_counter() - started)
    started = time.perf_counter()
    floor_status, _floor = _request(port, "GET", "/bench/floor/", delegate)
    if floor_status == 200:
        delegate.floor_seconds.append(time.perf_counter() - started)
    voter = re.search(r'name="voter" value="(\d+)"', page)
    if status != 200 or voter is None:
        if "đã được bỏ" in page:  # the page says this vote has been cast
            delegate.already_cast = True
            return
        raise RuntimeError(f"ballot page: {status}")
    body = urlencode(
        {
            "csrfmiddlewaretoken": delegate.cookies.get("csrftoken", ""),
            "voter": voter.group(1),
            "choice": option_id,
        }
    )
    started = time.perf_counter()
    status, answer = _request(port, "POST", f"/vote/{poll_id}/", delegate, body)
    elapsed = time.perf_counter() - started
    found = RECEIPT.search(answer)
    if status == 200 and found:
        delegate.cast_seconds.append(elapsed)
        delegate.receipt = found.group(0)
        ACKNOWLEDGED.release()
    elif status == 400 and "đã được bỏ" in answer:
        delegate.already_cast = True
    else:
        raise RuntimeError(f"cast: {status}")


def run_all(
    port: int, poll_id: int, option_id: int, delegates: list[Delegate], retry_until: float = 0
) -> float:
    barrier = threading.Barrier(len(delegates))

    def run(delegate: Delegate) -> None:
        barrier.wait()
        while True:
            try:
                vote(port, poll_id, option_id, delegate)
                return
            except (OSError, RuntimeError, http.client.HTTPException):
                if time.time() > retry_until:
                    return
                time.sleep(0.2)

    threads = [threading.Thread(target=run, args=(d,)) for d in delegates]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def count_in_database(poll_id: int) -> tuple[int, int, set[str]]:
    """Who-voted rows, votes and receipt hashes once the poll is closed (closing unseals the box and
    writes the ballots and the receipts apart; issue 11)."""
    from django.db import connections

    from thidua.accounts.models import User
    from thidua.conferences import services
    from thidua.conferences.models import Ballot, Participation, Poll, Receipt

    connections.close_all()
    services.close_poll(actor=User.objects.get(username="bench-board"), poll=Poll.objects.get(pk=poll_id))
    hashes = set(Receipt.objects.filter(poll_id=poll_id).values_list("hash", flat=True))
    return (
        Participation.objects.filter(poll_id=poll_id).count(),
        Ballot.objects.filter(poll_id=poll_id).count(),
        hashes,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--delegates", type=int, default=300)
    parser.add_argument("--fault", action="store_true", help="SIGKILL the server mid-poll and restart it")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    env = prepare_environment(args.db)
    poll_id, tokens, option_id = setup_conference(env, args.delegates)
    from thidua.conferences import sealing

    server = Server(env, free_port())
    server.start()
    delegates = [Delegate(token) for token in tokens]
    try:
        if not args.fault:
            seconds = run_all(server.port, poll_id, option_id, delegates)
        else:
            restarted = threading.Event()

            def restart() -> None:
                # Mid-poll: once a third of the ballots have been acknowledged, kill, then restart.
                for _ in range(args.delegates // 3):
                    ACKNOWLEDGED.acquire()
                server.kill()
                print(
                    f"killed the server (SIGKILL) after {args.delegates // 3} acknowledged ballots",
                    flush=True,
                )
                server.start()
                restarted.set()

            threading.Thread(target=restart).start()
            seconds = run_all(server.port, poll_id, option_id, delegates, retry_until=time.time() + 120)
            restarted.wait(60)
    finally:
        server.kill()
    participations, ballots, hashes = count_in_database(poll_id)
    acknowledged = [d for d in delegates if d.receipt]
    already = [d for d in delegates if d.already_cast]
    lost = [d for d in acknowledged if sealing.receipt_hash(poll_id, d.receipt) not in hashes]
    casts = [s for d in delegates for s in d.cast_seconds]
    pages = [s for d in delegates for s in d.page_seconds]
    floors = [s for d in delegates for s in d.floor_seconds]
    print(
        f"database: {args.db}; delegates: {args.delegates}; server: gunicorn 2 workers x 4 threads; fault run: {args.fault}"
    )
    if not args.fault:
        print(
            f"ballots accepted: {len(acknowledged)} in {seconds:.2f} s = {len(acknowledged) / seconds:.1f} ballots/s"
        )
        print(
            f"post a ballot   p50 {1000 * statistics.median(casts):7.1f} ms   p99 {1000 * percentile(casts, 0.99):7.1f} ms"
        )
        print(
            f"baseline: load the ballot page p50 {1000 * statistics.median(pages):7.1f} ms   p99 {1000 * percentile(pages, 0.99):7.1f} ms"
        )
        print(
            f"floor: a minimal Django view p50 {1000 * statistics.median(floors):7.1f} ms   p99 {1000 * percentile(floors, 0.99):7.1f} ms"
        )
        print(f"ratio post/page p50 {statistics.median(casts) / statistics.median(pages):.2f}")
        print(
            f"ratio post/floor p50 {statistics.median(casts) / statistics.median(floors):.2f}; "
            f"page/floor p50 {statistics.median(pages) / statistics.median(floors):.2f}"
        )
    else:
        retried = sum(1 for d in delegates if d.attempts > 1)
        print(
            f"acknowledged: {len(acknowledged)}; stored before the crash, unacknowledged, refused on retry as already cast: {len(already)}"
        )
        print(
            f"delegates who retried after the crash: {retried}; delegates without a ballot: {args.delegates - len(acknowledged) - len(already)}"
        )
        print(
            f"in the database: {participations} who-voted rows, {ballots} ballots; acknowledged but missing: {len(lost)}"
        )
    ok = not lost and participations == ballots == len(acknowledged) + len(already)
    print("CHECK:", "every acknowledged ballot counted, none twice" if ok else "FAILED")
    shutil.rmtree(env["THIDUA_DATA_DIR"], ignore_errors=True)
    shutil.rmtree(Path(env["THIDUA_BALLOT_KEY_FILE"]).parent, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
