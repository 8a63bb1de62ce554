"""The gunicorn application of bench/voting_load.py: thidua's own WSGI application plus one minimal
Django view, `/bench/floor/`, that answers "ok" through the same middleware (sessions, CSRF, locale,
CSP, axes) in the same workers. Its latency is the floor of the stack: the request cycle of Django
on gunicorn with nothing of thidua's own work; the benchmark gives the ballot's cost as a ratio to it.
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

import thidua.urls  # noqa: E402


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


thidua.urls.urlpatterns.insert(0, path("bench/floor/", floor))
application = WSGIHandler()
