from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.documents.services import MAX_TEMPLATE_BYTES
from thidua.documents.styles import DocType


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=_("Word template (.docx)"))
    note = forms.CharField(label=_("What changed"), max_length=500, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(_("The file must be a Word document (.docx)."))
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("The file is too large for a template (at most 5 MB)."))
        return upload


class RegisterFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    doc_type = forms.ChoiceField(
        label=_("Document type"), required=False, choices=[("", _("All types")), *DocType.choices]
    )
