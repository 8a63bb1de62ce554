"""The `thidua` console command for users and operators.

thidua demo [--no-serve] [--port N]   create the database, load the demo data, serve it
thidua serve [--host H] [--port N]    migrate, then serve with gunicorn (a production server) and
                                      a job worker beside it (THIDUA_EMBEDDED_WORKER=0: run them apart)
thidua worker                         run queued jobs (as many as you like, on any machine)
thidua <django command> ...           any management command, e.g. `thidua verify_audit`
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()


def control_socket_args(data_dir: object) -> list[str]:
    """Gunicorn 25+ opens a control socket, by default one path per user (~/.gunicorn/gunicorn.ctl),
    which two instances of one user would share. Each instance gets its own in its data folder, or
    none when that path is too long for a Unix socket (about 100 bytes)."""
    path = os.path.join(str(data_dir), "gunicorn.ctl")
    if len(path.encode()) > 100:
        return ["--no-control-socket"]
    return ["--control-socket", path]


def _serve(host: str, port: int, workers: int) -> None:
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    _start_worker()
    print(f"thidua: http://{host}:{port}/  (data in {settings.DATA_DIR}; Ctrl+C to stop)", flush=True)
    os.execvp(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "thidua.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--logger-class",
            "thidua.web.gunicorn_logging.MaskingLogger",
            *control_socket_args(settings.DATA_DIR),
            *_limits(),
        ],
    )


def _start_worker() -> None:
    """Jobs whose worker died are recovered, then one worker process is started beside the web server:
    a process of its own survives gunicorn restarting its web workers, and stops when the server does
    (it watches its parent: `exec` below keeps this process id for gunicorn's master)."""
    from django.conf import settings

    from thidua.jobs.services import reap_dead_jobs

    reap_dead_jobs()
    if (
        not settings.THIDUA_EMBEDDED_WORKER
        or settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend"
    ):
        return
    subprocess.Popen(
        [sys.executable, "-m", "thidua.cli", "worker", "--verbosity", "0", "--parent-pid", str(os.getpid())]
    )


def _limits() -> list[str]:
    """Bounded work per request (issue 11): a worker silent for longer than the timeout is restarted
    (with threads this watches the worker, not each request: the inputs themselves are bounded, see
    thidua.lib.xlsx), and the request line and headers are capped. Bodies are capped by Django
    (THIDUA_MAX_REQUEST_MB), as gunicorn has no body limit."""
    from django.conf import settings

    return [
        "--timeout",
        str(settings.THIDUA_REQUEST_TIMEOUT),
        "--graceful-timeout",
        "30",
        "--limit-request-line",
        "8190",
        "--limit-request-fields",
        "100",
        "--limit-request-field_size",
        "8190",
    ]


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("demo", "serve"):
        parser = argparse.ArgumentParser(prog=f"thidua {argv[0]}")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        if argv[0] == "demo":
            parser.add_argument("--no-serve", action="store_true", help="load the demo data without serving")
        args = parser.parse_args(argv[1:])
        _setup()
        if argv[0] == "demo":
            from django.core.management import call_command

            print("thidua: creating or updating the database (migrations)...", flush=True)
            call_command("migrate", interactive=False, verbosity=0)
            print("thidua: loading the demo data...", flush=True)
            call_command("load_demo")
            if args.no_serve:
                return
        _serve(args.host, args.port, args.workers)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thidua", *argv])


if __name__ == "__main__":
    main()
