from __future__ import annotations

import datetime
from types import SimpleNamespace

from gunicorn.config import Config

from thidua.web.gunicorn_logging import MaskingLogger


def test_access_log_masks_voting_links() -> None:
    logger = MaskingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/v/SECRETtoken123_-x/",
        "PATH_INFO": "/v/SECRETtoken123_-x/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "http://host/v/SECRETtoken123_-x/",
    }
    atoms = logger.atoms(
        SimpleNamespace(status="302 Found", sent=0, headers=[]),
        SimpleNamespace(headers=[]),
        environ,
        datetime.timedelta(0),
    )
    assert "SECRET" not in " ".join(str(v) for v in atoms.values())
    assert atoms["r"] == "GET /v/…/ HTTP/1.1"
    # Other addresses are kept as they are.
    environ.update(RAW_URI="/vote/3/", PATH_INFO="/vote/3/", HTTP_REFERER="-")
    assert (
        logger.atoms(
            SimpleNamespace(status="200 OK", sent=1, headers=[]),
            SimpleNamespace(headers=[]),
            environ,
            datetime.timedelta(0),
        )["U"]
        == "/vote/3/"
    )
