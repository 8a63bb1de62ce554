"""Forms of the conference pages: shape and single-field checks only; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.awards.models import AwardType
from thidua.blocks.models import BlockKind
from thidua.conferences.models import (
    SELECT_KINDS,
    CommentStatus,
    ComparisonChoice,
    Conference,
    FileKind,
    Participant,
    ParticipantKind,
    Poll,
    PollKind,
    poll_kind_choices,
)
from thidua.conferences.services import CONFERENCE_FIELDS
from thidua.orgs.models import Person, Unit

# The shares an officer picks for a quorum or a passing threshold, in the words of the papers
# ("quá 1/2", "từ 2/3 trở lên", "100 %"), each mapped to the stored fraction and comparison
# (voting-scoring.md C1; the model keeps numerator, denominator and comparison).
RULE_PRESETS: list[tuple[str, int, int, Any]] = [
    (ComparisonChoice.MORE_THAN, 1, 2, _("more than 1/2 (over 50 %)")),
    (ComparisonChoice.AT_LEAST, 1, 2, _("at least 1/2 (50 %)")),
    (ComparisonChoice.MORE_THAN, 2, 3, _("more than 2/3")),
    (ComparisonChoice.AT_LEAST, 2, 3, _("at least 2/3")),
    (ComparisonChoice.AT_LEAST, 3, 4, _("at least 3/4 (75 %)")),
    (ComparisonChoice.AT_LEAST, 4, 5, _("at least 4/5 (80 %)")),
    (ComparisonChoice.AT_LEAST, 9, 10, _("at least 9/10 (90 %)")),
    (ComparisonChoice.AT_LEAST, 1, 1, _("100 % (all of them)")),
]


def rule_value(comparison: str, numerator: int, denominator: int) -> str:
    return f"{comparison!s}:{numerator}/{denominator}"


def parse_rule(value: str) -> tuple[str, int, int]:
    """ "at_least:2/3" -> ("at_least", 2, 3); the value is one of the field's choices."""
    comparison, fraction = value.split(":", 1)
    numerator, denominator = fraction.split("/", 1)
    return comparison, int(numerator), int(denominator)


def rule_label(comparison: str, numerator: int, denominator: int) -> str:
    """The words of a share that is not one of the presets (set through the API): "từ 3/5 trở lên"."""
    for c, p, q, label in RULE_PRESETS:
        if (c, p, q) == (comparison, numerator, denominator):
            return str(label)
    if comparison == ComparisonChoice.AT_LEAST:
        return _("at least %(p)s/%(q)s") % {"p": numerator, "q": denominator}
    return _("more than %(p)s/%(q)s") % {"p": numerator, "q": denominator}


class RuleField(forms.ChoiceField):
    """A quorum or threshold chosen in words; the law's usual share is marked and preselected, and a
    share already stored that is not a preset (e.g. set through the API) is kept as a choice."""

    def __init__(
        self, *, default: tuple[str, int, int], current: tuple[str, int, int] | None = None, **kwargs: Any
    ) -> None:
        choices = []
        for comparison, p, q, label in RULE_PRESETS:
            text = str(label)
            if (comparison, p, q) == default:
                text = _("%(rule)s — the usual rule") % {"rule": text}
            choices.append((rule_value(comparison, p, q), text))
        if current is not None and current not in [(c, p, q) for c, p, q, _label in RULE_PRESETS]:
            choices.append((rule_value(*current), rule_label(*current)))
        super().__init__(choices=choices, initial=rule_value(*(current or default)), **kwargs)


def _model_default(model: Any, prefix: str) -> tuple[str, int, int]:
    meta = model._meta
    return (
        meta.get_field(f"{prefix}_comparison").default,
        meta.get_field(f"{prefix}_numerator").default,
        meta.get_field(f"{prefix}_denominator").default,
    )


def _current(instance: Any, prefix: str) -> tuple[str, int, int] | None:
    if not instance.pk:
        return None
    return (
        getattr(instance, f"{prefix}_comparison"),
        getattr(instance, f"{prefix}_numerator"),
        getattr(instance, f"{prefix}_denominator"),
    )


def _rule_into_fields(cleaned: dict[str, Any], field: str, prefix: str) -> None:
    """Replace the chosen rule in the cleaned data by the three stored fields the services take."""
    value = cleaned.pop(field, None)
    if value:
        comparison, numerator, denominator = parse_rule(value)
        cleaned[f"{prefix}_comparison"] = comparison
        cleaned[f"{prefix}_numerator"] = numerator
        cleaned[f"{prefix}_denominator"] = denominator


class DateTimeInput(forms.DateTimeInput):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}, **kwargs)


class ConferenceForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("date and time"),
        input_formats=["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M"],
        widget=DateTimeInput(),
        required=False,
        help_text=_("Empty when not known."),
    )

    class Meta:
        model = Conference
        fields = [name for name in CONFERENCE_FIELDS if not name.startswith("quorum_")]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, block_year: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # R-VOTE-01 (Bắc Ninh QĐ 86/2025 Art 8(4)(b); law.md §4.4: "commonly at least 2/3 present").
        self.fields["quorum_rule"] = RuleField(
            label=_("quorum: voting delegates present"),
            default=_model_default(Conference, "quorum"),
            current=_current(self.instance, "quorum"),
            help_text=_(
                "The share of the roll's votes that must be present (in person or by written proxy) "
                "before a poll can open."
            ),
        )
        self.order_fields([*self.Meta.fields[: self.Meta.fields.index("minutes_copies") + 1], "quorum_rule"])
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Empty: a title from the kind and the year.")
        host = self.fields["host"]
        assert isinstance(host, forms.ModelChoiceField)
        block_year = block_year or (self.instance.block_year if self.instance.block_year_id else None)
        host.queryset = (
            Unit.objects.filter(memberships__block_year=block_year).order_by("name_sort")
            if block_year is not None
            else Unit.objects.none()
        )
        # An older form without the field keeps the default number of copies.
        self.fields["minutes_copies"].required = False

    def clean_minutes_copies(self) -> int:
        copies = self.cleaned_data.get("minutes_copies")
        if copies is None:
            return int(
                self.instance.minutes_copies if self.instance.pk else Conference.minutes_copies.field.default
            )
        return int(copies)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _rule_into_fields(data, "quorum_rule", "quorum")
        return data


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["kind", "unit", "full_name", "position", "weight", "user"]

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member_ids = conference.block_year.memberships.values_list("unit_id", flat=True)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=member_ids)  # type: ignore[attr-defined]
        self.fields["unit"].required = False

        self.fields["user"].queryset = User.objects.filter(unit_id__in=member_ids).order_by("username")  # type: ignore[attr-defined]
        self.fields["kind"].initial = ParticipantKind.DELEGATE


class ProxyForm(forms.Form):
    voter = forms.ModelChoiceField(label=_("absent voter"), queryset=Participant.objects.none())
    holder = forms.ModelChoiceField(label=_("proxy holder"), queryset=Participant.objects.none())
    authorisation = forms.FileField(label=_("written authorisation"))
    note = forms.CharField(label=_("note"), required=False, max_length=255)

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roll = conference.participants.select_related("unit")
        self.fields["voter"].queryset = roll.filter(weight__gt=0)  # type: ignore[attr-defined]
        self.fields["holder"].queryset = roll.exclude(kind=ParticipantKind.GUEST)  # type: ignore[attr-defined]


class PollForm(forms.ModelForm):
    class Meta:
        model = Poll
        fields = [
            "kind",
            "mode",
            "title",
            "description",
            "max_choices",
            "ranks_to_fill",
            "threshold_base",
            "yes_answers",
            "allow_self_vote",
            "tie_break",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, block_kind: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if block_kind is None:
            block_kind = (
                self.instance.conference.block_year.block.kind if self.instance.pk else BlockKind.BLOCK
            )
        # R-VOTE-02, R-VOTE-03: the share is chosen in words, stored as an exact fraction.
        self.fields["threshold_rule"] = RuleField(
            label=_("votes needed to pass"),
            default=_model_default(Poll, "threshold"),
            current=_current(self.instance, "threshold"),
        )
        self.fields["threshold_base"].label = _("counted on")
        self.order_fields([*self.Meta.fields[: self.Meta.fields.index("threshold_base")], "threshold_rule"])
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Empty: a question from the kind and the year.")
        self.fields["kind"].choices = [c for c in poll_kind_choices(block_kind) if c[0] != PollKind.PROPOSALS]  # type: ignore[attr-defined]
        if not self.instance.pk:
            for name in ("max_choices", "ranks_to_fill"):
                self.fields[name].required = False
                self.fields[name].initial = None
                self.fields[name].help_text = _("Empty: 3 for the leading unit and ranks, 1 otherwise.")
        if self.instance.pk:
            self.fields["kind"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _rule_into_fields(data, "threshold_rule", "threshold")
        return data


class PaperResultForm(forms.Form):
    """The counted paper ballots: ballots cast, invalid ones, and the votes or answers of each option."""

    cast = forms.IntegerField(label=_("ballots cast"), min_value=0)
    invalid = forms.IntegerField(label=_("invalid ballots"), min_value=0, initial=0)

    def __init__(self, *args: Any, poll: Poll, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.rows: list[tuple[Any, list[str]]] = []
        for option in poll.options.all():
            if poll.kind in SELECT_KINDS:
                name = f"votes_{option.pk}"
                self.fields[name] = forms.IntegerField(label=option.label, min_value=0, initial=0)
                self.rows.append((option, [name]))
            else:
                names = []
                for answer, label in (("Y", _("yes")), ("N", _("no")), ("A", _("abstain"))):
                    name = f"answer_{option.pk}_{answer}"
                    self.fields[name] = forms.IntegerField(label=label, min_value=0, initial=0)
                    names.append(name)
                self.rows.append((option, names))

    def counts(self) -> dict[str, Any]:
        data = self.cleaned_data
        if self.poll.kind in SELECT_KINDS:
            return {"votes": {option.pk: data[names[0]] for option, names in self.rows}}
        return {
            "answers": {
                option.pk: {answer: data[f"answer_{option.pk}_{answer}"] for answer in ("Y", "N", "A")}
                for option, _names in self.rows
            }
        }


class FileForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"), choices=[c for c in FileKind.choices if c[0] != FileKind.DRAFT_REPORT]
    )
    file = forms.FileField(label=_("file"))
    caption = forms.CharField(label=_("caption"), required=False, max_length=255)


class ReportUploadForm(forms.Form):
    file = forms.FileField(label=_("Word file (.docx)"))


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("heading"), max_length=255)
    text = forms.CharField(label=_("text"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("answer"), choices=[c for c in CommentStatus.choices if c[0] != CommentStatus.PENDING]
    )
    answer = forms.CharField(
        label=_("leader's answer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposalForm(forms.Form):
    """One award proposal: a title or form for a unit (a member or its sub-unit) or for a person."""

    award_type: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("title or form"), queryset=Unit.objects.none()
    )
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none(), required=False)
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("person"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units: set[int] = set()
        for member in conference.block_year.memberships.values_list("unit_id", flat=True):
            units |= Unit.objects.tree_ids(member)
        self.fields["award_type"].queryset = AwardType.objects.all()  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=units)  # type: ignore[attr-defined]
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(positions__unit_id__in=units).distinct()
        )
        self.fields["unit"].help_text = _("For a collective title or form.")
        self.fields["person"].help_text = _("For an individual title or form.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("unit")) == bool(data.get("person")):
            raise forms.ValidationError(_("Choose either a unit or a person."))
        return data


class RecordedMinutesForm(forms.Form):
    """What the paper minutes of a summary conference say (issue 12 item 1); rows one a line."""

    minutes_number = forms.CharField(label=_("minutes number"), max_length=60, required=False)
    held_on = forms.DateField(
        label=_("held on"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Empty when the minutes do not say: shown as unknown."),
    )
    place = forms.CharField(label=_("place"), max_length=255, required=False)
    chair = forms.CharField(label=_("chair"), max_length=255, required=False)
    by_acclamation = forms.BooleanField(label=_("decided by acclamation"), required=False)
    standings = forms.CharField(
        label=_("standings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "SO-TC; 1; 12"}),
        help_text=_("One unit a line: unit code or name; rank; votes (empty or ? when unknown)."),
    )
    proposals = forms.CharField(
        label=_("approved award proposals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "CO_TD_TINH; SO-TC; 10; 0; 0"}),
        help_text=_(
            "One proposal a line: award code; unit, or a person by national ID or full name; in favour; "
            "against; abstaining (counts empty when unknown)."
        ),
    )
    counts = forms.CharField(
        label=_("approved proposals given as numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "CO_TD_TINH; 2"}),
        help_text=_(
            "When the minutes give only numbers (e.g. 2 units for the province's flag): one line a title "
            "or form, award code; number."
        ),
    )
    next_leader = forms.ModelChoiceField(
        label=_("next year's leader"), queryset=Unit.objects.none(), required=False
    )
    next_deputies = forms.CharField(
        label=_("next year's deputies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One unit a line, in the order of the minutes (deputy 1, deputy 2, ...)."),
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leader_field = self.fields["next_leader"]
        assert isinstance(leader_field, forms.ModelChoiceField)
        leader_field.queryset = members


class MinutesScanForm(forms.Form):
    """The scanned paper minutes, attached after the results are recorded."""

    scan = forms.FileField(label=_("scanned minutes"))


# -- the small forms of the one-click actions (one view per action, issue 14 item 4) ----------------


class ConfirmNamesForm(forms.Form):
    """Opening the conference: the stand-in names the officer saw and confirmed (empty: none shown)."""

    confirm_names = forms.CharField(required=False)


class ConfirmAbsentForm(forms.Form):
    """Opening a poll: the absent voters the officer saw and confirmed (empty: none shown)."""

    confirm_absent = forms.CharField(required=False)


class PickForm(forms.Form):
    """One row of the page by its number: a proxy to remove, a section, a comment, a voter."""

    pk = forms.IntegerField(min_value=1)

    def __init__(self, *args: Any, field: str, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[field] = self.fields.pop("pk")
        self.fields[field].required = required
        self.field_name = field

    @property
    def picked(self) -> int | None:
        """The number posted, or None when it is missing (or, if required, not a number)."""
        return self.cleaned_data[self.field_name] if self.is_valid() else None


class RenameForm(forms.Form):
    """A roll entry's name and position; spaces are collapsed, emptiness is the service's to refuse."""

    full_name = forms.CharField(required=False, strip=False)
    position = forms.CharField(required=False, strip=False)

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_position(self) -> str:
        return " ".join(self.cleaned_data["position"].split())


class LinksForm(forms.Form):
    """Whom to issue voting links to: one participant's number, or empty for all voters."""

    participant = forms.CharField(required=False)


class VoidForm(forms.Form):
    reason = forms.CharField(required=False)


class WrittenOpinionForm(forms.Form):
    """The absent voter and the signed letter; the choice is read like a ballot's."""

    voter = forms.IntegerField(min_value=1)
    document = forms.FileField(required=False)


class AcclamationForm(forms.Form):
    """The agreed options: a place typed beside each agreed candidate (empty: not agreed), or a tick
    beside each approved item."""

    def __init__(self, *args: Any, poll: Poll, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.options = list(poll.options.order_by("position", "id"))
        for option in self.options:
            if poll.is_select:
                self.fields[f"place_{option.pk}"] = forms.CharField(required=False)
            else:
                self.fields[f"agree_{option.pk}"] = forms.BooleanField(required=False)

    def outcome(self) -> tuple[list[int], list[int] | None]:
        """The chosen options and, for candidates, their places; a place not a whole number is refused."""
        chosen: list[int] = []
        places: list[int] = []
        for option in self.options:
            if self.poll.is_select:
                value = self.cleaned_data[f"place_{option.pk}"].strip()
                if not value:
                    continue
                if not value.isdecimal():
                    raise ValidationError(
                        _("%(label)s: the place must be a whole number from 1.") % {"label": option.label}
                    )
                chosen.append(option.pk)
                places.append(int(value))
            elif self.cleaned_data[f"agree_{option.pk}"]:
                chosen.append(option.pk)
        return chosen, (places if self.poll.is_select else None)
