"""Loaded by pytest before Django (`-p thidua.testenv`): tests keep their files in a throw-away directory."""

import os
import tempfile

os.environ.setdefault("THIDUA_DATA_DIR", tempfile.mkdtemp(prefix="thidua-test-"))
# The ballot key lives outside the data folder (docs/security.md), in its own throw-away folder.
os.environ.setdefault(
    "THIDUA_BALLOT_KEY_FILE", os.path.join(tempfile.mkdtemp(prefix="thidua-test-keys-"), "ballot_key")
)
# Live-server threads must not keep connections open, or PostgreSQL cannot drop the test database.
os.environ.setdefault("THIDUA_DB_CONN_MAX_AGE", "0")
# The audit checkpoint key lives outside the data directory (the settings refuse it inside).
os.environ.setdefault(
    "THIDUA_AUDIT_KEY_FILE", os.path.join(tempfile.mkdtemp(prefix="thidua-key-"), "audit_key")
)
os.environ.setdefault("THIDUA_AUDIT_ANCHOR_DIR", tempfile.mkdtemp(prefix="thidua-anchor-"))
# Jobs run inside the request that enqueues them; the worker's own tests choose the database queue.
os.environ.setdefault("THIDUA_TASKS_BACKEND", "immediate")
