"""Loaded by pytest before Django (`-p thidua.testenv`): tests keep their files in throw-away folders.

The folders are made once, by the process that starts pytest (xdist's workers inherit the variables),
and removed when it exits: CI runs on the machine a session leaves behind, and test databases, media
and backups left in /tmp by every run once filled its disk (SQLite then answers "disk I/O error").
"""

import atexit
import os
import shutil
import tempfile

_made: list[str] = []


def _folder(variable: str, prefix: str, leaf: str = "") -> None:
    """Set `variable` to a new throw-away folder (or a file `leaf` inside it) unless it is set."""
    if variable in os.environ:
        return
    folder = tempfile.mkdtemp(prefix=prefix)
    _made.append(folder)
    os.environ[variable] = os.path.join(folder, leaf) if leaf else folder


@atexit.register
def _remove_folders() -> None:
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)


_folder("THIDUA_DATA_DIR", "thidua-test-")
# The ballot key lives outside the data folder (docs/security.md), in its own throw-away folder.
_folder("THIDUA_BALLOT_KEY_FILE", "thidua-test-keys-", "ballot_key")
# The audit checkpoint key lives outside the data directory (the settings refuse it inside).
_folder("THIDUA_AUDIT_KEY_FILE", "thidua-key-", "audit_key")
_folder("THIDUA_AUDIT_ANCHOR_DIR", "thidua-anchor-")
# Live-server threads must not keep connections open, or PostgreSQL cannot drop the test database.
os.environ.setdefault("THIDUA_DB_CONN_MAX_AGE", "0")
# Jobs run inside the request that enqueues them; the worker's own tests choose the database queue.
os.environ.setdefault("THIDUA_TASKS_BACKEND", "immediate")
