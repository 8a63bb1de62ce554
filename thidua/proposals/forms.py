"""Forms of the proposal pages: shape and single-field checks only; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.awards.models import AwardLevel, AwardType
from thidua.orgs.models import Person, Unit
from thidua.proposals.models import Appraisal, DossierKind, EntryKind, Holiday, PaperKind
from thidua.proposals.rules import BASES

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        **kwargs,
    )


def all_bases() -> list[tuple[str, Any]]:
    seen: dict[str, Any] = {}
    for code, choices in BASES.items():
        for key, label in choices:
            seen.setdefault(key, f"{code}: {label}")
    return [("", "—"), *seen.items()]


class DossierForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=255)
    proposing_unit = forms.ModelChoiceField(label=_("proposing unit"), queryset=Unit.objects.none())
    receiving_body = forms.ModelChoiceField(
        label=_("receiving body"), queryset=Unit.objects.filter(parent__isnull=True)
    )
    year = forms.IntegerField(label=_("year"), min_value=1945, max_value=2100)
    kind = forms.ChoiceField(label=_("kind"), choices=DossierKind.choices)
    signer_title = forms.CharField(
        label=_("signer's title"),
        max_length=120,
        required=False,
        help_text=_("E.g. Giám đốc, or Phó Giám đốc (signs KT. for the head); empty: Thủ trưởng đơn vị."),
    )
    signer_name = forms.CharField(label=_("signer"), max_length=120, required=False)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.all()
        if not perms.is_board(user):
            units = units.filter(id__in=Unit.objects.own_ids(user))
        self.fields["proposing_unit"].queryset = units  # type: ignore[attr-defined]


class LineForm(forms.Form):
    award_type = forms.ModelChoiceField(label=_("title or form"), queryset=AwardType.objects.all())
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("collective"), queryset=Unit.objects.none(), required=False)
    basis = forms.ChoiceField(label=_("basis"), choices=all_bases, required=False)
    wording = forms.CharField(label=_("wording on the certificate"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        readable = Unit.objects.people_readable_ids(user)
        people = Person.objects.all()
        units = Unit.objects.all()
        if readable is not None:
            people = people.filter(positions__unit_id__in=readable).distinct()
            units = units.filter(id__in=readable)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("person")) == bool(data.get("unit")):
            raise forms.ValidationError(_("Choose either a person or a collective."))
        return data


class LineEditForm(forms.Form):
    basis = forms.ChoiceField(label=_("basis"), choices=all_bases, required=False)
    wording = forms.CharField(label=_("wording on the certificate"), max_length=500, required=False)


class AttachmentForm(forms.Form):
    """A paper for the dossier's current version, for the whole dossier or one of its lines."""

    kind = forms.ChoiceField(label=_("kind of paper"), choices=PaperKind.choices)
    line = forms.TypedChoiceField(label=_("for the line"), coerce=int, required=False, empty_value=None)
    file = forms.FileField(label=_("file"))
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = {line.pk: line for line in lines}
        self.fields["line"].choices = [  # type: ignore[attr-defined]
            ("", _("The whole dossier")),
            *[(line.pk, str(line)) for line in lines],
        ]

    def clean_line(self) -> Any:
        pk = self.cleaned_data.get("line")
        return self.lines.get(pk) if pk else None


class AchievementReportForm(forms.Form):
    """The three sections of a line's báo cáo thành tích; in section III a line "year | title or form |
    decision" prints as a row of the table."""

    profile = forms.CharField(label=_("I. profile"), widget=forms.Textarea(attrs={"rows": 7}), required=False)
    achievements = forms.CharField(label=_("II. achievements"), widget=forms.Textarea(attrs={"rows": 12}))
    awards = forms.CharField(
        label=_("III. awards received"),
        widget=forms.Textarea(attrs={"rows": 7}),
        required=False,
        help_text=_("One award a line: year | title or form | number, date and authority of the decision."),
    )


class SignerForm(forms.Form):
    signer_title = forms.CharField(label=_("signer's title"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("signer"), max_length=120, required=False)


class ReplaceForm(forms.Form):
    file = forms.FileField(label=_("file"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for line in lines:
            self.fields[f"line_{line.pk}"] = forms.CharField(
                label=_("Reason for %(line)s") % {"line": line}, max_length=500, required=False
            )

    def line_reasons(self) -> dict[int, str]:
        return {
            int(name.removeprefix("line_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("line_") and value
        }


class AppraiseForm(forms.Form):
    appraisal = forms.ChoiceField(
        label=_("appraisal"),
        choices=[
            (Appraisal.ELIGIBLE, Appraisal.ELIGIBLE.label),
            (Appraisal.NOT_ELIGIBLE, Appraisal.NOT_ELIGIBLE.label),
        ],
    )
    reason = forms.CharField(label=_("reason"), max_length=500, required=False)


DEFAULT_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết "
    "một số điều của Luật Thi đua, khen thưởng;"
)


DECISION_INITIAL = {"bases": DEFAULT_BASES, "signer_title": "CHỦ TỊCH"}


class DecisionForm(forms.Form):
    award_type = forms.ModelChoiceField(label=_("title or form"), queryset=AwardType.objects.none())
    number = forms.CharField(
        label=_("number"),
        max_length=60,
        required=False,
        help_text=_("Leave empty: the register gives the next number when the decision is issued."),
    )
    date = date_field(_("date"))
    signer_title = forms.CharField(label=_("signer's title"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("signer"), max_length=120, required=False)
    bases = forms.CharField(
        label=_("legal bases (Căn cứ)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, award_types: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", DECISION_INITIAL)
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = award_types  # type: ignore[attr-defined]


class ExternalDecisionForm(forms.Form):
    award_type = forms.ModelChoiceField(label=_("title or form"), queryset=AwardType.objects.all())
    year = forms.IntegerField(label=_("year of the awards"), min_value=1945, max_value=2100)
    number = forms.CharField(label=_("number"), max_length=60)
    date = date_field(_("date"))
    authority = forms.CharField(label=_("deciding authority"), max_length=300, required=False)
    unit = forms.ModelChoiceField(label=_("collective"), queryset=Unit.objects.all(), required=False)
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.all(), required=False)
    scan = forms.FileField(label=_("scanned decision"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("person")) == bool(data.get("unit")):
            raise forms.ValidationError(_("Choose either a person or a collective."))
        return data


class FundEntryForm(forms.Form):
    level = forms.ChoiceField(label=_("issuing level"), choices=AwardLevel.choices)
    kind = forms.ChoiceField(label=_("kind"), choices=EntryKind.choices)
    day = date_field(_("date"))
    amount = forms.IntegerField(label=_("amount (VND)"), min_value=1)
    description = forms.CharField(label=_("description"), max_length=300)


class DeadlineForm(forms.Form):
    """Setting the deadline of a year and kind again replaces it (services.set_deadline)."""

    year = forms.IntegerField(label=_("year"), min_value=1945, max_value=2100)
    kind = forms.ChoiceField(label=_("kind"), choices=DossierKind.choices)
    due = date_field(_("due"))


class HolidayForm(forms.ModelForm):
    day = date_field(_("day"))

    class Meta:
        model = Holiday
        fields = ["day", "name"]
