from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _catalogue(db):
    """The catalogue comes from a data migration that a transactional test flushes."""
    from thidua.awards.catalogue import seed_catalogue

    seed_catalogue()
