"""Loaded by pytest before Django (`-p thidua.testenv`): tests keep their files in a throw-away directory."""

import os
import tempfile

os.environ.setdefault("THIDUA_DATA_DIR", tempfile.mkdtemp(prefix="thidua-test-"))
