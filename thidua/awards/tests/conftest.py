from __future__ import annotations

import pytest

from thidua.awards.catalogue import seed_catalogue


@pytest.fixture(autouse=True)
def _catalogue(db):
    """The catalogue comes from a data migration; tests on a transactional database (live server)
    flush every table afterwards, so later tests of the same worker load it again (idempotent)."""
    seed_catalogue()
