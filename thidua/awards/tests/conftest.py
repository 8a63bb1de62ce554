from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _catalogue(db):
    """The catalogue comes from a data migration; tests on a transactional database (live server)
    flush every table afterwards, so later tests of the same worker load it again (idempotent)."""
    from thidua.awards.catalogue import seed_catalogue

    seed_catalogue()
