"""Admin helpers: the admin may look at domain records, but changes go through the audited services."""

from __future__ import annotations

from typing import Any


class ViewOnlyAdmin:
    """Mixin for ModelAdmin: list and view only. Units, people and blocks change through the pages,
    whose services check the rules and write the audit log; the admin would bypass both."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
