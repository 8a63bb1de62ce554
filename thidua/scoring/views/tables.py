"""The scoring-table editor."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts import permissions as perms
from thidua.orgs.models import Unit
from thidua.scoring import services
from thidua.scoring.models import (
    Criterion,
    CriterionKind,
    CriterionTarget,
    Formula,
    ScoringTable,
)
from thidua.scoring.permissions import (
    can_run_scoring,
    get_table_for_user,
)
from thidua.scoring.views.helpers import _decimal, _fail, _tree


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "kind",
            "parent",
            "code",
            "text",
            "max_points",
            "step",
            "evidence_required",
            "formula",
            "guidance",
            "applies_to",
        ]
        widgets = {
            "text": forms.TextInput(),
            "guidance": forms.Textarea(attrs={"rows": 2}),
            "applies_to": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, table: ScoringTable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = table.criteria.filter(kind=CriterionKind.GROUP)  # type: ignore[attr-defined]
        members = Unit.objects.filter(memberships__block_year=table.block_year).order_by("name_sort")
        self.fields["applies_to"].queryset = members  # type: ignore[attr-defined]
        self.fields["formula"].required = False

    def clean_formula(self) -> str:
        return self.cleaned_data.get("formula") or Formula.NONE


@login_required
def table(request: HttpRequest, table_pk: int) -> HttpResponse:
    """The scoring-table editor: the tree, the problems that block freezing, an add form (htmx)."""
    scoring_table = get_table_for_user(request.user, table_pk)
    editable = can_run_scoring(request.user, scoring_table.block_year) and not scoring_table.is_frozen
    form = CriterionForm(table=scoring_table)
    if request.method == "POST":
        perms.require(editable)
        form = CriterionForm(request.POST, table=scoring_table)
        if form.is_valid():
            try:
                services.add_criterion(actor=request.user, table=scoring_table, **form.cleaned_data)
            except ValidationError as exc:
                from thidua.lib.forms import add_service_errors

                add_service_errors(form, exc)
            else:
                form = CriterionForm(table=scoring_table, initial={"kind": request.POST.get("kind")})
    members = [m.unit for m in scoring_table.block_year.memberships.select_related("unit")]
    targets = {
        (t.criterion_id, t.unit_id): t.target
        for t in CriterionTarget.objects.filter(criterion__table=scoring_table)
    }
    formula_rows = [
        (c, [(unit, targets.get((c.pk, unit.pk))) for unit in members])
        for c in scoring_table.criteria.filter(formula=Formula.PROPORTIONAL)
    ]
    context = {
        "formula_rows": formula_rows,
        "table": scoring_table,
        "block_year": scoring_table.block_year,
        "criteria": _tree(scoring_table),
        "problems": services.table_problems(scoring_table),
        "editable": editable,
        "can_amend": scoring_table.is_frozen and can_run_scoring(request.user, scoring_table.block_year),
        "form": form,
    }
    # django-htmx sets request.htmx: an in-place edit gets only the table's body back.
    template = "scoring/partials/table_body.html" if getattr(request, "htmx", False) else "scoring/table.html"
    return render(request, template, context)


@login_required
@require_POST
def table_action(request: HttpRequest, table_pk: int, action: str) -> HttpResponse:
    scoring_table = get_table_for_user(request.user, table_pk, write=True)
    try:
        if action == "freeze":
            services.freeze_table(actor=request.user, table=scoring_table)
            messages.success(request, _("The scoring table is frozen."))
        elif action == "amend":
            amended = services.amend_table(
                actor=request.user, table=scoring_table, reason=request.POST.get("reason", "")
            )
            return redirect("scoring:table", table_pk=amended.pk)
        elif action == "remove":
            criterion = get_object_or_404(Criterion, table=scoring_table, pk=request.POST.get("criterion"))
            services.remove_criterion(actor=request.user, criterion=criterion)
        elif action == "targets":
            criterion = get_object_or_404(Criterion, table=scoring_table, pk=request.POST.get("criterion"))
            with transaction.atomic():
                for membership in scoring_table.block_year.memberships.select_related("unit"):
                    value = _decimal(request.POST.get(f"target-{membership.unit_id}", ""))
                    if value is not None:
                        services.set_member_target(
                            actor=request.user, criterion=criterion, unit=membership.unit, target=value
                        )
            messages.success(request, _("Targets saved."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("scoring:table", table_pk=table_pk)
