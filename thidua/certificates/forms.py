from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.certificates.models import CertificateLayout, LayoutField, Printer


class LayoutForm(forms.ModelForm):
    class Meta:
        model = CertificateLayout
        fields = [
            "name",
            "award_type",
            "recipient_kind",
            "paper_width_mm",
            "paper_height_mm",
            "place",
            "background",
            "font",
        ]
        widgets = {
            "background": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
            "font": forms.ClearableFileInput(attrs={"accept": ".ttf"}),
        }


class FieldForm(forms.ModelForm):
    class Meta:
        model = LayoutField
        fields = [
            "x_mm",
            "y_mm",
            "width_mm",
            "align",
            "size_pt",
            "min_size_pt",
            "max_lines",
            "bold",
            "italic",
            "upper",
            "hidden",
        ]


FieldFormSet = forms.modelformset_factory(LayoutField, form=FieldForm, extra=0)


class PrinterForm(forms.ModelForm):
    class Meta:
        model = Printer
        fields = ["name", "dx_mm", "dy_mm", "scale"]


class PrintForm(forms.Form):
    """The printer whose offsets apply (none: the layout as it is)."""

    printer = forms.ModelChoiceField(
        label=_("printer"),
        queryset=Printer.objects.all(),
        required=False,
        empty_label=_("no offset"),
        error_messages={
            "invalid_choice": _("This printer is not in the list: choose one of the printers listed.")
        },
    )


class DefaultLayoutsForm(forms.Form):
    """The place printed before the date on the usual layouts being added."""

    place = forms.CharField(
        label=_("place printed before the date"),
        required=False,
        max_length=CertificateLayout._meta.get_field("place").max_length,
    )
