"""The acting user at the services' seam (issue 14 item 5)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from thidua.accounts.models import Role
from thidua.accounts.types import user_of
from thidua.testing import make_user


@pytest.mark.django_db
def test_a_required_by_key_takes_a_user_and_refuses_the_system_or_anonymous() -> None:
    board = make_user("board", Role.BOARD_OFFICER)
    assert user_of(board) is board
    for actor in (None, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            user_of(actor)
