from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.http import QueryDict
from django.utils.safestring import SafeString

from thidua.lib.numbers import format_number, format_points

register = template.Library()


@register.filter
def bs(field: BoundField) -> SafeString:
    """Render a form field's widget with the Bootstrap class its kind needs."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple) and not isinstance(
        widget, forms.CheckboxSelectMultiple
    ):
        css = "form-select"
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        css = ""
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def minutes(value: Any) -> int:
    """Whole minutes of a timedelta (the lockout cool-off), at least 1."""
    try:
        return max(1, int(value.total_seconds() // 60))
    except AttributeError:
        return 15


@register.filter
def number(value: Any, decimals: int | None = None) -> str:
    """Vietnamese number format for amounts and scores: {{ 1234.5|number }} -> 1.234,5."""
    return format_number(value, decimals)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """mapping[key] in a template, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def points(value: Any) -> str:
    """Scores without trailing zeros, the Vietnamese way: 99,5 · 100 · 2,25."""
    from decimal import Decimal, InvalidOperation

    if value in (None, ""):
        return ""
    try:
        return format_points(Decimal(str(value)))
    except InvalidOperation:
        return str(value)
