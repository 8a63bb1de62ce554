"""The forms of the Reports tab: the news draft, the leader's sections of the summary report and
the conference a summary is sent to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from thidua.blocks.models import BlockYear
from thidua.conferences.models import Conference


class NewsForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 24}))


class SummaryForm(forms.Form):
    """The sections the leader writes (outputs.md §5.1, "Đánh giá chung" and "Phương hướng")."""

    strengths = forms.CharField(
        label=gettext_lazy("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    limitations = forms.CharField(
        label=gettext_lazy("Limitations and shortcomings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    lessons = forms.CharField(
        label=gettext_lazy("Lessons learnt"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    direction = forms.CharField(
        label=gettext_lazy("Next year's direction and tasks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class SummarySendForm(forms.Form):
    """The conference whose members comment on the summary being sent (none: sent without one)."""

    conference = forms.ModelChoiceField(
        label=gettext_lazy("Conference discussing the draft"),
        queryset=Conference.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a conference of the same block year.")},
    )

    def __init__(self, *args: Any, block_year: BlockYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["conference"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Conference.objects.filter(block_year=block_year)
