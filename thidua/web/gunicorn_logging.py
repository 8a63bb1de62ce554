"""Gunicorn's access log without credentials: a delegate's personal voting link (/v/<token>/) is
written as /v/…/, so that a log line cannot be replayed to vote or tie a device to a delegate."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

VOTING_LINK = re.compile(r"/v/[^/\s?]+/")


def mask(text: Any) -> Any:
    return VOTING_LINK.sub("/v/…/", text) if isinstance(text, str) else text


class MaskingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask(value) for key, value in atoms.items()}
