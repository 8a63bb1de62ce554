"""The `thidua` console command for users and operators.

thidua demo [--no-serve] [--port N]   create the database, load the demo data, serve it
thidua serve [--host H] [--port N]    migrate, then serve with gunicorn (a production server)
thidua <django command> ...           any management command, e.g. `thidua verify_audit`
"""

from __future__ import annotations

import argparse
import os
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()


def _serve(host: str, port: int, workers: int) -> None:
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
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
            *_limits(),
        ],
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

            call_command("migrate", interactive=False, verbosity=0)
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
