from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.blocks import services
from thidua.blocks.models import Block
from thidua.orgs.models import Unit


class BlockForm(forms.ModelForm):
    class Meta:
        model = Block
        fields = services.BLOCK_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class BlockYearForm(forms.Form):
    """Members, leader and deputies of one year. Cross-field rules live in services.set_block_year."""

    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)
    members = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), label=_("Members"), widget=forms.CheckboxSelectMultiple
    )
    leader = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Leader (Khối trưởng)"))
    deputies = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), label=_("Deputies (Khối phó)"), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("members", "leader", "deputies"):
            self.fields[name].queryset = units  # type: ignore[attr-defined]
