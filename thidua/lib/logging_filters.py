"""Logging filters named in settings.LOGGING."""

from __future__ import annotations

import logging


class NoTracebackBelow500(logging.Filter):
    """Django's `django.request` logger attaches the exception (a full traceback) to every 4xx
    answer, e.g. each ordinary 403 and 404. Keep the one-line warning, drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
