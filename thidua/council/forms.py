"""Forms of the council pages: shape and single-field checks only; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import YEAR_VALIDATORS
from thidua.council.models import Council, CouncilMember, MemberRole, SessionLine
from thidua.orgs.models import Person, Unit
from thidua.proposals.models import Dossier, DossierStatus

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class CouncilForm(forms.Form):
    body = forms.ModelChoiceField(label=_("issuing body"), queryset=Unit.objects.filter(parent__isnull=True))
    year = forms.IntegerField(label=_("year"), validators=YEAR_VALIDATORS)
    name = forms.CharField(label=_("name"), max_length=255)


# The add-member list shows at most this many people: a province holds tens of thousands.
MEMBER_CHOICES = 50


class MemberForm(forms.Form):
    """Any person may sit on the council (members come from the Party committee, the Front and the
    unions as well as the body's own units). Shown, the list holds the people matching the page's
    search (`q`: name or ID number), else the people of the body's own units, at most
    `MEMBER_CHOICES`; posted, any person is accepted."""

    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.order_by("full_name"))
    role = forms.ChoiceField(label=_("role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)

    def __init__(self, *args: Any, council: Council | None = None, q: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound or council is None:
            return
        people = Person.objects.exclude(pk__in=council.members.values("person_id"))
        if q.strip():
            people = people.search(q)
        else:
            people = people.filter(positions__unit_id__in=Unit.objects.tree_ids(council.body_id)).distinct()
        field = self.fields["person"]
        field.queryset = people.order_by("full_name", "pk")[:MEMBER_CHOICES]  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    date = forms.DateField(
        label=_("date"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    place = forms.CharField(label=_("place"), max_length=255)


def dossiers_for(council: Council) -> Any:
    """The dossiers sent to this council's body and waiting for its vote."""
    return Dossier.objects.filter(status=DossierStatus.FOR_COUNCIL, receiving_body=council.body).order_by(
        "-id"
    )


class PutDossierForm(forms.Form):
    dossier = forms.ModelChoiceField(label=_("dossier sent to the council"), queryset=Dossier.objects.none())

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = dossiers_for(council)  # type: ignore[attr-defined]


class OpenForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("members present"),
        queryset=CouncilMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = council.members.select_related("person")  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: f"{m.person.full_name} ({m.get_role_display()})"  # type: ignore[attr-defined]


COUNT_FIELDS = ("yes", "no", "abstain", "written_yes", "written_no")


class CountsForm(forms.Form):
    """Five numbers per line: paper votes in favour, against, abstaining, and absent members' written
    opinions in favour and against (NĐ 98 Art 30(7))."""

    def __init__(self, *args: Any, lines: list[SessionLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        labels = {
            "yes": _("in favour"),
            "no": _("against"),
            "abstain": _("abstaining"),
            "written_yes": _("written, in favour"),
            "written_no": _("written, against"),
        }
        for line in lines:
            values = {
                "yes": line.votes_yes,
                "no": line.votes_no,
                "abstain": line.votes_abstain,
                "written_yes": line.written_yes,
                "written_no": line.written_no,
            }
            for key in COUNT_FIELDS:
                self.fields[f"{key}_{line.pk}"] = forms.IntegerField(
                    label=labels[key],
                    min_value=0,
                    initial=values[key] if values[key] is not None else 0,
                    widget=forms.NumberInput(
                        attrs={"class": "form-control form-control-sm", "style": "width:5rem"}
                    ),
                )

    def counts(self) -> dict[int, tuple[int, ...]]:
        return {
            line.pk: tuple(int(self.cleaned_data[f"{key}_{line.pk}"]) for key in COUNT_FIELDS)
            for line in self.lines
        }

    def fields_of(self, line: SessionLine) -> list[Any]:
        return [self[f"{key}_{line.pk}"] for key in COUNT_FIELDS]
