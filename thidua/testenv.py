"""Loaded by pytest before Django (`-p thidua.testenv`): tests keep their files in a throw-away directory."""

import os
import tempfile

os.environ.setdefault("THIDUA_DATA_DIR", tempfile.mkdtemp(prefix="thidua-test-"))
# Live-server threads must not keep connections open, or PostgreSQL cannot drop the test database.
os.environ.setdefault("THIDUA_DB_CONN_MAX_AGE", "0")
# Jobs run inside the request that enqueues them; the worker's own tests choose the database queue.
os.environ.setdefault("THIDUA_TASKS_BACKEND", "immediate")
