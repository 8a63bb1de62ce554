from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.accounts.types import Actor
from thidua.blocks.models import Block
from thidua.orgs.models import Unit
from thidua.stats.jobs import FORMATS


class StatisticsFilter(forms.Form):
    """The page's filters: the years and the province, a block or a unit."""

    year_from = forms.IntegerField(label=_("From year"), min_value=1945, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), min_value=1945, max_value=2100)
    block = forms.ModelChoiceField(
        label=_("Block"), queryset=Block.objects.none(), required=False, empty_label=_("All blocks")
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        block = self.fields["block"]
        unit = self.fields["unit"]
        assert isinstance(block, forms.ModelChoiceField) and isinstance(unit, forms.ModelChoiceField)
        block.queryset = Block.objects.visible_to(user).order_by("name")
        unit.queryset = Unit.objects.visible_to(user).order_by("name_sort")

    @staticmethod
    def defaults() -> dict[str, int]:
        year = datetime.date.today().year
        return {"year_from": year - 9, "year_to": year}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            raise forms.ValidationError(_("The first year must not be after the last year."))
        if data.get("block") and data.get("unit"):
            raise forms.ValidationError(_("Choose a block or a unit, not both."))
        return data


class ProvinceFilesForm(forms.Form):
    """The file of the province's statistics a job makes."""

    fmt = forms.ChoiceField(
        label=_("File"),
        choices=[(fmt, fmt.upper()) for fmt in FORMATS],
        error_messages={
            "required": _("Choose the XLSX or the DOCX file."),
            "invalid_choice": _("Choose the XLSX or the DOCX file."),
        },
    )
