"""Forms of the awards pages: history records, the eligibility check, batches, settings."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import (
    AwardCategory,
    AwardRecord,
    AwardType,
    Case,
    CaseKind,
    Discipline,
    EligibilitySettings,
    Initiative,
    MaternityLeave,
    PerformanceRating,
)
from thidua.awards.services import SETTINGS_FIELDS
from thidua.blocks.models import Block
from thidua.orgs.forms import DateInput
from thidua.orgs.models import Unit

YEAR_WIDGET = forms.NumberInput(attrs={"inputmode": "numeric", "min": 1945, "max": 2100})


class AwardRecordForm(forms.ModelForm):
    class Meta:
        model = AwardRecord
        fields = [
            "award_type",
            "year",
            "commendation_type",
            "decision_number",
            "decision_date",
            "decision_authority",
            "note",
        ]
        widgets = {"decision_date": DateInput(), "year": YEAR_WIDGET}

    def __init__(self, *args: Any, collective: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipient = ["collective", "both"] if collective else ["individual", "both"]
        self.fields["award_type"].queryset = AwardType.objects.filter(recipient__in=recipient)  # type: ignore[attr-defined]
        if self.instance.awarded_as_id:  # the name the decision used (issue 12 item 7)
            self.initial["award_type"] = self.instance.awarded_as_id


class LocalAwardForm(forms.ModelForm):
    """An entry of the province's own catalogue (issue 12 item 7): the service fills a local name's
    kind, recipient and level from its legal title or form."""

    # Our own message: Django's Vietnamese catalogue has none for its slug check.
    code = forms.RegexField(
        label=_("code"),
        regex=r"^[A-Za-z0-9_]+$",
        max_length=30,
        error_messages={
            "invalid": _(
                "Write the code with letters without accents, digits and underscores only, e.g. CO_TD_UBND_XS."
            )
        },
    )

    class Meta:
        model = AwardType
        fields = [
            "code",
            "name",
            "short_name",
            "name_en",
            "category",
            "legal_form",
            "kind",
            "recipient",
            "level",
            "article",
            "rules_note",
        ]
        labels = {"article": _("basis (article or document)")}
        help_texts = {
            "code": _("Capitals, digits and underscores, e.g. CO_TD_UBND_XS; it never changes."),
            "legal_form": _(
                "With rules: its history and eligibility are those of this title or form (a local name always has one). Empty: no rules, a person checks it."
            ),
        }
        widgets = {"rules_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            c for c in AwardCategory.choices if c[0] != AwardCategory.LEGAL
        ]
        self.fields["legal_form"].queryset = AwardType.objects.filter(category=AwardCategory.LEGAL)  # type: ignore[attr-defined]
        for name in ("kind", "recipient", "level", "short_name", "name_en"):
            self.fields[name].required = False
        if self.instance.pk:
            self.fields["code"].disabled = True

    def clean_code(self) -> str:
        """Codes are written in capitals ("bk_ct_ubnd" is kept as BK_CT_UBND)."""
        return str(self.cleaned_data["code"]).upper()

    def _post_clean(self) -> None:
        """The service validates the entry (it fills a local name's fields first)."""


class RatingForm(forms.ModelForm):
    class Meta:
        model = PerformanceRating
        fields = ["year", "rating", "note"]
        widgets = {"year": YEAR_WIDGET}


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["title", "kind", "level", "year", "recognised_by", "decision_number", "evidence"]
        widgets = {"year": YEAR_WIDGET}


class DisciplineForm(forms.ModelForm):
    class Meta:
        model = Discipline
        fields = ["level", "start", "end", "decision_number", "note"]
        widgets = {"start": DateInput(), "end": DateInput()}


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["kind", "opened_on", "closed_on", "description"]
        widgets = {"opened_on": DateInput(), "closed_on": DateInput()}


class MaternityForm(forms.ModelForm):
    class Meta:
        model = MaternityLeave
        fields = ["start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}


# kind in the URL -> (model, form, for units too)
RECORD_KINDS: dict[str, tuple[Any, Any, bool]] = {
    "award": (AwardRecord, AwardRecordForm, True),
    "rating": (PerformanceRating, RatingForm, True),
    "initiative": (Initiative, InitiativeForm, False),
    "discipline": (Discipline, DisciplineForm, True),
    "case": (Case, CaseForm, True),
    "maternity": (MaternityLeave, MaternityForm, False),
}


def _this_year() -> int:
    return timezone.localdate().year


class CheckForm(forms.Form):
    award_type = forms.ModelChoiceField(
        queryset=AwardType.objects.none(), label=_("Title or form"), to_field_name="code"
    )
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100, widget=YEAR_WIDGET)
    on = forms.DateField(
        label=_("Dossier received on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: 31/12 of the year."),
    )

    def __init__(self, *args: Any, collective: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipient = ["collective", "both"] if collective else ["individual", "both"]
        self.fields["award_type"].queryset = AwardType.objects.filter(recipient__in=recipient)  # type: ignore[attr-defined]


class BatchForm(forms.Form):
    year = forms.IntegerField(
        # From the first year of the catalogue's Decree 91/2017 versions (R-VER-03).
        label=_("Year"),
        min_value=2018,
        max_value=2100,
        initial=_this_year,
        widget=YEAR_WIDGET,
    )
    # The batch decides the Law's titles and forms; the province's own entries are checked one by one.
    award_type = forms.ModelChoiceField(
        queryset=AwardType.objects.filter(category=AwardCategory.LEGAL),
        label=_("Title or form"),
        required=False,
        empty_label=_("All titles and forms"),
    )
    block = forms.ModelChoiceField(
        queryset=Block.objects.none(), label=_("Block"), required=False, empty_label=_("—")
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("Unit"), required=False, empty_label=_("—")
    )
    on = forms.DateField(
        label=_("Dossier received on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: 31/12 of the year."),
    )

    def __init__(self, *args: Any, blocks: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = blocks  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("block") and data.get("unit"):
            raise forms.ValidationError(
                _("Choose a block or a unit, not both (neither: the whole province).")
            )
        return data


class SettingsForm(forms.ModelForm):
    class Meta:
        model = EligibilitySettings
        fields = SETTINGS_FIELDS
        widgets = {"valid_from": DateInput(), "cstdcs_both_from": DateInput()}

    def clean_blocking_case_kinds(self) -> list[str]:
        value = self.cleaned_data["blocking_case_kinds"]
        if not isinstance(value, list) or any(kind not in CaseKind.values for kind in value):
            raise forms.ValidationError(
                _('Write a list of case kinds, e.g. ["investigation", "complaint"]; allowed: %(kinds)s.')
                % {"kinds": ", ".join(CaseKind.values)}
            )
        return value


def default_year() -> int:
    today = timezone.localdate()
    return today.year if today >= datetime.date(today.year, 11, 1) else today.year - 1


class HistoryImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX or CSV file"), help_text=_("Use the template offered on this page."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("The file must be an Excel workbook (.xlsx) or a CSV file (.csv)."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
