from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _catalogue(db):
    from thidua.awards.catalogue import seed_catalogue

    seed_catalogue()
