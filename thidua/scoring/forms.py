"""The forms of a scoring year's steps: shape and single-field rules only; the services hold the rest."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards.models import AwardType
from thidua.blocks.models import BlockYear
from thidua.orgs.forms import DateInput
from thidua.orgs.models import Unit
from thidua.scoring.models import (
    AdjustmentKind,
    Covenant,
    Criterion,
    CriterionKind,
    Movement,
    MovementKind,
    ReviewAssignment,
    Scorecard,
    ScoringRules,
    ScoringTable,
)


class RulesForm(forms.ModelForm):
    """The block year's scoring settings ([U] items of law.md are settings with defaults)."""

    tie_break_text = forms.CharField(
        label=gettext_lazy("Tie-breaks, in order"),
        help_text=gettext_lazy(
            "Comma-separated: total, penalty, bonus, group:II (a group's code), vote (the conference's vote)."
        ),
    )
    band_text = forms.CharField(
        label=gettext_lazy("Classification bands"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One per line: the lowest total, then the name. For example: 90 Xuất sắc"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tie_break_text"].initial = ", ".join(self.instance.tie_breaks or [])
        self.fields["band_text"].initial = "\n".join(
            f"{low} {name}" for low, name in self.instance.bands or []
        )

    def clean_tie_break_text(self) -> list[str]:
        keys = [key.strip() for key in self.cleaned_data["tie_break_text"].split(",") if key.strip()]
        for key in keys:
            if key not in ("total", "penalty", "bonus", "vote") and not (
                key.startswith("group:") and len(key) > 6
            ):
                raise forms.ValidationError(
                    _("“%(key)s” is not a tie-break; use total, penalty, bonus, vote or group:<code>.")
                    % {"key": key}
                )
        return keys

    def clean_band_text(self) -> list[list[str]]:
        bands = []
        for line in self.cleaned_data["band_text"].splitlines():
            if not line.strip():
                continue
            low, _sep, name = line.strip().partition(" ")
            try:
                Decimal(low.replace(",", "."))
            except InvalidOperation:
                raise forms.ValidationError(
                    _("“%(line)s”: start with the lowest total, e.g. 90 Xuất sắc.") % {"line": line}
                ) from None
            if not name.strip():
                raise forms.ValidationError(
                    _("“%(line)s”: give the band a name after the number.") % {"line": line}
                )
            bands.append([low.replace(",", "."), name.strip()])
        return bands

    class Meta:
        model = ScoringRules
        fields = [
            "final_method",
            "reviewers_see_self_score",
            "justification_gap",
            "self_scoring_deadline",
            "review_deadline",
            "explanation_deadline",
        ]
        widgets = {
            name: DateInput() for name in ("self_scoring_deadline", "review_deadline", "explanation_deadline")
        }


class TableForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=255, initial=gettext_lazy("Scoring table"))
    total_points = forms.DecimalField(
        label=gettext_lazy("Total points"), initial=100, min_value=1, decimal_places=2
    )


class MovementForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=255)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=MovementKind.choices, initial=MovementKind.REGULAR, required=False
    )
    theme = forms.CharField(label=gettext_lazy("Theme (thematic movements)"), required=False)
    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("Until"), required=False)

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or MovementKind.REGULAR


class RegistrationForm(forms.Form):
    """A member's registration: its targets, notes, movements and a number for each title or form of
    the catalogue (`count_<code>`; an empty box registers none)."""

    targets = forms.CharField(label=gettext_lazy("Targets"), required=False)
    titles = forms.CharField(
        label=gettext_lazy("Notes on the titles (names, sub-units), one per line"), required=False
    )
    movements = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Movements"),
        queryset=Movement.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose movements of this block year.")},
    )

    def __init__(self, *args: Any, block_year: BlockYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["movements"].queryset = Movement.objects.filter(block_year=block_year)  # type: ignore[attr-defined]
        self.award_types = list(AwardType.objects.all())
        for award_type in self.award_types:
            self.fields[f"count_{award_type.code}"] = forms.IntegerField(
                label=str(award_type),
                min_value=0,
                required=False,
                error_messages={
                    "invalid": gettext_lazy("Write a whole number, e.g. 3."),
                    "min_value": gettext_lazy("A registered number cannot be negative."),
                },
            )

    def title_counts(self) -> dict[AwardType, int]:
        """The numbers given, by award type (after `is_valid`)."""
        return {
            award_type: self.cleaned_data[f"count_{award_type.code}"]
            for award_type in self.award_types
            if self.cleaned_data[f"count_{award_type.code}"] is not None
        }


class CovenantForm(forms.Form):
    content = forms.CharField(label=gettext_lazy("Content"), widget=forms.Textarea)
    # Not stripped: a target's position is its line's number, blank lines included.
    targets = forms.CharField(
        label=gettext_lazy("Targets, one per line"), widget=forms.Textarea, required=False, strip=False
    )

    def clean_targets(self) -> list[str]:
        return cast("list[str]", self.cleaned_data["targets"].splitlines())


class CovenantAmendForm(forms.Form):
    covenant = forms.ModelChoiceField(
        label=gettext_lazy("Covenant"),
        queryset=Covenant.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Choose a covenant of this year.")},
    )
    reason = forms.CharField(label=gettext_lazy("Reason for the amendment"), required=False)

    def __init__(self, *args: Any, block_year: BlockYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["covenant"].queryset = Covenant.objects.filter(block_year=block_year)  # type: ignore[attr-defined]


class CovenantOpenForm(forms.Form):
    covenant = forms.ModelChoiceField(
        label=gettext_lazy("Covenant"),
        queryset=Covenant.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Choose a covenant of this year.")},
    )
    table = forms.ModelChoiceField(
        label=gettext_lazy("Scoring table"),
        queryset=ScoringTable.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Choose a scoring table of this year.")},
    )

    def __init__(self, *args: Any, block_year: BlockYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["covenant"].queryset = Covenant.objects.filter(block_year=block_year)  # type: ignore[attr-defined]
        self.fields["table"].queryset = ScoringTable.objects.filter(block_year=block_year)  # type: ignore[attr-defined]


class ReviewerForm(forms.Form):
    card = forms.ModelChoiceField(
        label=gettext_lazy("Scorecard"),
        queryset=Scorecard.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Choose a scorecard of this year.")},
    )
    reviewer = forms.ModelChoiceField(
        label=gettext_lazy("Reviewer"),
        queryset=Unit.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Choose a member of the block this year.")},
    )

    def __init__(self, *args: Any, block_year: BlockYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["card"].queryset = Scorecard.objects.filter(block_year=block_year)  # type: ignore[attr-defined]
        self.fields["reviewer"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=block_year.memberships.values("unit_id")
        )


class PointsField(forms.Field):
    """Points or an amount typed the Vietnamese way (7,5) or with a dot (7.5); empty is None."""

    default_error_messages = {"invalid": gettext_lazy("“%(value)s” is not a number; write e.g. 7,5.")}

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip().replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        return number


class AmendForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for the amendment"), required=False)


class TargetsForm(forms.Form):
    """Each member's target for a criterion scored by formula (`target-<unit id>`; empty: unchanged)."""

    def __init__(self, *args: Any, table: ScoringTable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = [m.unit for m in table.block_year.memberships.select_related("unit")]
        for unit in self.members:
            self.fields[f"target-{unit.pk}"] = PointsField(label=str(unit), required=False)

    def targets(self) -> dict[Unit, Decimal]:
        return {
            unit: self.cleaned_data[f"target-{unit.pk}"]
            for unit in self.members
            if self.cleaned_data[f"target-{unit.pk}"] is not None
        }


class SelfScoreForm(forms.Form):
    score = PointsField(label=gettext_lazy("Self-score"), required=False)
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False)
    achieved = PointsField(label=gettext_lazy("Achieved"), required=False)


class _CriterionOfCard(forms.Form):
    criterion = forms.ModelChoiceField(
        label=gettext_lazy("Criterion"),
        queryset=Criterion.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Choose a criterion of this scorecard.")},
    )

    def __init__(self, *args: Any, card: Scorecard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = Criterion.objects.filter(table=card.table)  # type: ignore[attr-defined]


class EvidenceForm(_CriterionOfCard):
    file = forms.FileField(
        label=gettext_lazy("Evidence file"),
        error_messages={"required": gettext_lazy("Choose a file to upload.")},
    )


class ReplaceEvidenceForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Evidence file"),
        error_messages={"required": gettext_lazy("Choose a file to upload.")},
    )


class ExplanationForm(_CriterionOfCard):
    text = forms.CharField(label=gettext_lazy("Explanation"), required=False)


class CardImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file"),
        error_messages={"required": gettext_lazy("The file must be an Excel workbook (.xlsx).")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("The file must be an Excel workbook (.xlsx)."))
        return upload


class AdjustmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AdjustmentKind.choices)
    points = PointsField(label=gettext_lazy("Points"), required=False)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False)
    basis = forms.CharField(label=gettext_lazy("Basis"), required=False)


class ReviewForm(forms.Form):
    """A reviewer's scores (`score-<criterion id>`) and reasons (`why-<criterion id>`); an empty score is
    left as it was."""

    # The page's two buttons: Save, or "submit" (save, then submit the review).
    action = forms.CharField(required=False)

    def __init__(self, *args: Any, assignment: ReviewAssignment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(assignment.scorecard.table.criteria.filter(kind=CriterionKind.NORMAL))
        for criterion in self.criteria:
            self.fields[f"score-{criterion.pk}"] = PointsField(label=criterion.code, required=False)
            self.fields[f"why-{criterion.pk}"] = forms.CharField(label=criterion.code, required=False)

    @property
    def submit(self) -> bool:
        return bool(self.cleaned_data["action"] == "submit")

    def scores(self) -> list[tuple[Criterion, Decimal, str]]:
        return [
            (criterion, self.cleaned_data[f"score-{criterion.pk}"], self.cleaned_data[f"why-{criterion.pk}"])
            for criterion in self.criteria
            if self.cleaned_data[f"score-{criterion.pk}"] is not None
        ]
