"""Smoke run of a deployment on several machines (issue 14 item 7), on one host:

    two app servers (A on :8101, B on :8102), each with its own data folder as on its own machine,
    one job worker (C, a third data folder), PostgreSQL, Redis (cache, sessions, throttling) and an
    S3-compatible object store (moto's server standing in for an on-premise MinIO) for the files.

What it proves, over real HTTP:
  1. a login on A is a session on B (sessions in Redis, not in a server's memory or folder);
  2. a job asked for on B (a decision's PDF) is run by the worker C, which none of the web servers is;
  3. the file the worker wrote is downloaded from A and from B (shared storage, not a local folder),
     and is in the bucket;
  4. the audit chain verifies afterwards.

Needs PostgreSQL at 127.0.0.1:5432 (user postgres), Redis at 127.0.0.1:6379, LibreOffice (the PDF),
and the test extras (`pip install -e '.[test]'`: moto's server). Run from the project's root:

    .venv/bin/python docs/deploy/smoke_two_servers.py

It creates and drops its own database (thidua_smoke) and uses Redis database 15. Exit 0 when every
check holds; the output ends with one line per check.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DB = "thidua_smoke"
S3_PORT = 5011
PORTS = {"A": 8101, "B": 8102}


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)


def wait_http(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


class Browser:
    """One user's browser; its cookies go to both servers (cookies are per host, not per port), as
    to two app servers behind one load balancer."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, url: str) -> tuple[int, str, bytes]:
        response = self.opener.open(url, timeout=60)
        return response.status, response.geturl(), response.read()

    def post(self, url: str, data: dict[str, str]) -> tuple[int, str, bytes]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers={"X-CSRFToken": self.csrf(), "Referer": url})
        response = self.opener.open(request, timeout=60)
        return response.status, response.geturl(), response.read()


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="thidua-smoke-"))
    keys = work / "keys"  # the same key files on every machine (docs/security.md)
    keys.mkdir()
    common = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "THIDUA_EMBEDDED_WORKER": "0",
        "THIDUA_STORAGE": "s3",
        "THIDUA_S3_BUCKET": "thidua-smoke",
        "THIDUA_S3_ENDPOINT_URL": f"http://127.0.0.1:{S3_PORT}",
        "THIDUA_S3_REGION": "us-east-1",
        "THIDUA_S3_ACCESS_KEY": "smoke",
        "THIDUA_S3_SECRET_KEY": "smoke-secret",
        "THIDUA_BALLOT_KEY_FILE": str(keys / "ballot_key"),
        "THIDUA_AUDIT_KEY_FILE": str(keys / "audit_key"),
        "THIDUA_AUDIT_ANCHOR_DIR": str(work / "anchors"),
    }
    common.pop("THIDUA_DATA_DIR", None)

    def machine(name: str) -> dict[str, str]:
        return {**common, "THIDUA_DATA_DIR": str(work / f"machine-{name}")}

    processes: list[subprocess.Popen[bytes]] = []
    logs = work / "logs"
    logs.mkdir()

    def start(name: str, *args: str) -> None:
        out = (logs / f"{name}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [str(BIN / "thidua"), *args],
                env=machine(name[0]),
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                start_new_session=True,
            )
        )

    checks: list[str] = []
    try:
        psql(f"DROP DATABASE IF EXISTS {DB}")
        psql(f"CREATE DATABASE {DB}")
        subprocess.run(["redis-cli", "-n", "15", "FLUSHDB"], check=True, capture_output=True)
        s3 = subprocess.Popen(
            [str(BIN / "moto_server"), "-p", str(S3_PORT)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        processes.append(s3)
        wait_http(f"http://127.0.0.1:{S3_PORT}/")
        import boto3

        bucket = boto3.client(
            "s3",
            endpoint_url=common["THIDUA_S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="smoke",
            aws_secret_access_key="smoke-secret",
        )
        bucket.create_bucket(Bucket="thidua-smoke")

        print("migrating and loading the demo (machine A) ...", flush=True)
        for command in (["migrate", "--no-input", "-v", "0"], ["load_demo"]):
            subprocess.run([str(BIN / "thidua"), *command], env=machine("A"), check=True, cwd=ROOT)

        for name, port in PORTS.items():
            start(name, "serve", "--port", str(port), "--workers", "2")
        start("C-worker", "worker")
        for port in PORTS.values():
            wait_http(f"http://127.0.0.1:{port}/accounts/login/")
        a, b = (f"http://127.0.0.1:{p}" for p in PORTS.values())

        user = Browser()
        user.get(f"{a}/accounts/login/")
        status, where, _ = user.post(
            f"{a}/accounts/login/", {"username": "bantdkt", "password": "demo2026", "next": "/"}
        )
        assert "/accounts/login/" not in where, "login on A failed"
        status, where, page = user.get(f"{b}/")
        assert status == 200 and "/accounts/login/" not in where, "the session of A is not known on B"
        checks.append("1. logged in on A, the same session is served by B (sessions in Redis)")

        status, _, body = user.get(f"{b}/api/v1/decisions/")
        listed = json.loads(body)
        ours = [d for d in listed.get("results", listed) if not d["external"] and d["dossier"]]
        assert ours, "no decision of a dossier in the demo"
        decision = int(ours[0]["id"])
        status, where, _ = user.post(f"{b}/proposals/decisions/{decision}/pdf/", {})
        job = int(re.search(r"/jobs/(\d+)/", where).group(1))  # type: ignore[union-attr]
        deadline = time.monotonic() + 300
        while True:
            _, _, page = user.get(f"{a}/jobs/{job}/")
            if f"/jobs/{job}/download/".encode() in page:
                break
            assert b"alert-danger" not in page, "the PDF job failed: see the worker's log"
            assert time.monotonic() < deadline, "the worker did not finish the job in 5 minutes"
            time.sleep(1)
        checks.append(f"2. the PDF job of decision {decision}, asked for on B, was run by the worker C")

        pdfs = []
        for server in (a, b):
            _, _, content = user.get(f"{server}/jobs/{job}/download/")
            pdfs.append(content)
        assert pdfs[0][:5] == b"%PDF-" and pdfs[0] == pdfs[1], "A and B do not serve the same PDF"
        objects = bucket.list_objects_v2(Bucket="thidua-smoke").get("Contents", [])
        assert any(o["Size"] == len(pdfs[0]) for o in objects), "the PDF is not in the shared bucket"
        local = [p for p in work.glob("machine-*/media/**/*") if p.is_file()]
        assert not local, f"files were written to a machine's own folder: {local}"
        checks.append(
            f"3. the worker's PDF ({len(pdfs[0]):,} bytes) is downloaded from A and from B and is in the "
            f"bucket ({len(objects)} objects); no machine wrote a file to its own folder"
        )

        done = subprocess.run(
            [str(BIN / "thidua"), "verify_audit"], env=machine("B"), capture_output=True, text=True, cwd=ROOT
        )
        assert done.returncode == 0, done.stdout + done.stderr
        checks.append("4. the audit chain verifies (thidua verify_audit on B)")
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        subprocess.run(["redis-cli", "-n", "15", "FLUSHDB"], capture_output=True)
        for check in checks:
            print(check)
        if len(checks) < 4:
            print(f"logs kept in {logs}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if len(checks) == 4 else 1


if __name__ == "__main__":
    raise SystemExit(main())
