from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.blocks import services
from thidua.blocks.models import Block, BlockKind, RotationMethod, deputy_title, leader_title
from thidua.orgs.models import Unit


class BlockForm(forms.ModelForm):
    class Meta:
        model = Block
        fields = services.BLOCK_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.kind == BlockKind.CLUSTER:
            # A cụm's settings in its own words: Cụm trưởng, Cụm phó (issue 12 item 5).
            self.fields["rotation_method"].choices = [  # type: ignore[attr-defined]
                (RotationMethod.DEPUTY_SUCCEEDS, _("This year's cluster deputy leads the cluster next year")),
                (
                    RotationMethod.LONGEST_WAITING,
                    _("The member that has waited longest leads the cluster next"),
                ),
            ]
            self.fields["rotation_gap_years"].label = _("years before a cluster leader may lead again")
            self.fields["rotation_gap_years"].help_text = _(
                "1 (the default) means no unit leads the cluster two years running; 0 allows it."
            )
            self.fields["deputy_required"].label = _("a cluster deputy is required")
            self.fields["deputy_required"].help_text = _(
                "Ticked: each year needs at least one cluster deputy. Unticked (the default): a year may have "
                "a cluster leader and no cluster deputy."
            )


class PostedYearForm(forms.Form):
    """The year of a block-year form being filled in, read first to offer the units of that year (a
    wrong year offers the current one, and BlockYearForm's own year field says what is wrong)."""

    year = forms.IntegerField(required=False, min_value=1945, max_value=2100)


class BlockYearForm(forms.Form):
    """Members, leader and deputies of one year. Cross-field rules live in services.set_block_year.

    The deputies are chosen in order, one select each (Khối phó 1, Khối phó 2, ...): `deputy_count`
    selects, at least three and one more than the year already has."""

    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)
    members = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), label=_("Members"), widget=forms.CheckboxSelectMultiple
    )
    leader = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Leader (Khối trưởng)"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self, *args: Any, units: Any, kind: str, deputies: list[Unit] | None = None, **kwargs: Any
    ) -> None:
        initial = dict(kwargs.pop("initial", None) or {})
        deputies = list(deputies or [])
        self.deputy_count = max(3, len(deputies) + 1)
        for index, unit in enumerate(deputies, start=1):
            initial[f"deputy_{index}"] = unit
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for name in ("members", "leader"):
            self.fields[name].queryset = units  # type: ignore[attr-defined]
        self.fields["leader"].label = leader_title(kind)  # Khối trưởng / Cụm trưởng
        for index in range(1, self.deputy_count + 1):
            self.fields[f"deputy_{index}"] = forms.ModelChoiceField(
                queryset=units, label=deputy_title(kind, index), required=False
            )

    def deputy_fields(self) -> list[forms.BoundField]:
        return [self[f"deputy_{index}"] for index in range(1, self.deputy_count + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(f"deputy_{index}") for index in range(1, self.deputy_count + 1)]
        deputies = [unit for unit in chosen if unit is not None]
        if len({unit.pk for unit in deputies}) != len(deputies):
            self.add_error(None, _("The same unit is chosen twice as a deputy."))
        data["deputies"] = deputies
        return data


class FlagHandoverForm(forms.Form):
    """The handover of the traditional flag noted on the year (issue 12 item 10)."""

    flag_handed_by = forms.ModelChoiceField(
        label=_("handed over by"), queryset=Unit.objects.none(), required=False
    )
    flag_received_by = forms.ModelChoiceField(
        label=_("received by"), queryset=Unit.objects.none(), required=False
    )
    flag_handed_on = forms.DateField(
        label=_("date of the handover"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Empty when not known."),
    )
    flag_note = forms.CharField(label=_("note"), max_length=255, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("flag_handed_by", "flag_received_by"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = units
