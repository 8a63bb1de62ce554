from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

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


def _field_label(object_type: str, name: str) -> str:
    """The Vietnamese label of field `name` of the model `object_type` ("orgs.unit"); the name itself
    when the model or the field is unknown (an export, a removed field)."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    try:
        model = apps.get_model(object_type)
        field = model._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return name
    label = getattr(field, "verbose_name", name)
    text = str(label)
    return text[:1].upper() + text[1:]


def _show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        # "Yes"/"No" alone are a ballot's answers (Tán thành / Không tán thành); a plain fact is Có / Không.
        return pgettext("boolean", "Yes") if value else pgettext("boolean", "No")
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


@register.filter
def audit_changes(entry: Any) -> list[tuple[str, str, str]]:
    """The change an audit entry records, as (field label, before, after) rows, only the fields that
    differ, labelled with the model's Vietnamese field names instead of the stored JSON keys."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    rows = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        if old == new and entry.before and entry.after:
            continue
        rows.append((_field_label(entry.object_type, key), _show(old), _show(new)))
    return rows


@register.filter
def object_kind(object_type: str) -> str:
    """The Vietnamese name of the kind of object an audit entry is about ("Đơn vị" for orgs.unit)."""
    from django.apps import apps

    try:
        name = str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type
    return name[:1].upper() + name[1:]
