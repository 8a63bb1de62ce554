from __future__ import annotations

import pytest
from django.apps import apps

from thidua.awards.catalogue import seed_catalogue
from thidua.stats.circular_02_2023 import seed_forms


@pytest.fixture(autouse=True)
def _data(db):
    """The catalogue and the forms come from data migrations; a transactional test (live server)
    flushes them for later tests of the worker, so load them again (idempotent)."""
    seed_catalogue()
    seed_forms(apps)
