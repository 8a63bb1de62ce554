from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.orgs import services
from thidua.orgs.models import LineageKind, Person, Unit


class DateInput(forms.DateInput):
    """Vietnamese dates typed as dd/mm/yyyy (the vi formats module parses them)."""

    def __init__(self) -> None:
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = services.UNIT_FIELDS
        widgets = {"active_from": DateInput(), "active_to": DateInput()}

    def __init__(self, *args: Any, parents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class LineageForm(forms.Form):
    predecessors = forms.ModelMultipleChoiceField(queryset=Unit.objects.none(), label=_("Predecessor units"))
    kind = forms.ChoiceField(choices=LineageKind.choices, label=_("Kind"))
    date = forms.DateField(label=_("Effective date"), widget=DateInput())
    decision = forms.CharField(label=_("Decision"), required=False, max_length=200)
    inherits_history = forms.BooleanField(
        label=_("The successor inherits the predecessors' award history"), required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["predecessors"].queryset = units  # type: ignore[attr-defined]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = services.PERSON_FIELDS
        widgets = {"birth_date": DateInput()}

    def clean_national_id(self) -> str | None:
        value = (self.cleaned_data.get("national_id") or "").strip()
        if value and (not value.isdecimal() or len(value) != 12):
            raise forms.ValidationError(_("The national ID number must have exactly 12 digits."))
        return value or None


class NewPersonForm(PersonForm):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"))
    position_title = forms.CharField(label=_("Position"), max_length=150)
    position_start = forms.DateField(label=_("In this position since"), widget=DateInput())
    allow_duplicate = forms.BooleanField(
        label=_("I have checked: this is a different person"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("New unit"))
    title = forms.CharField(label=_("Position"), max_length=150)
    start = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX file"), help_text=_("Use the template offered on this page."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("The file must be an Excel workbook (.xlsx)."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
