"""The scoring-table editor."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts import permissions as perms
from thidua.lib.forms import add_service_errors
from thidua.orgs.models import Unit
from thidua.scoring.forms import AmendForm, TargetsForm
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
from thidua.scoring.services.tables import (
    add_criterion,
    amend_table,
    freeze_table,
    frozen_refusal,
    remove_criterion,
    set_member_targets,
    stale_year_criteria,
    table_problems,
    update_criterion,
)
from thidua.scoring.views.helpers import _fail, _form_refused, _tree


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
        groups = table.criteria.filter(kind=CriterionKind.GROUP)
        if self.instance.pk:
            groups = groups.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = groups  # type: ignore[attr-defined]
        for name in ("max_points", "step"):
            value = self.initial.get(name)
            if isinstance(value, Decimal):
                # 6, not 6.00, in the number field of the edit form
                self.initial[name] = (
                    value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
                )
        members = Unit.objects.filter(memberships__block_year=table.block_year).order_by("name_sort")
        self.fields["applies_to"].queryset = members  # type: ignore[attr-defined]
        self.fields["formula"].required = False

    def clean_formula(self) -> str:
        return self.cleaned_data.get("formula") or Formula.NONE


@login_required
def table(request: HttpRequest, table_pk: int) -> HttpResponse:
    """The scoring-table editor: the tree, the problems that block freezing, an add form (htmx)."""
    scoring_table = get_table_for_user(request.user, table_pk)
    editable = _editable(request, scoring_table)
    form = CriterionForm(table=scoring_table)
    if request.method == "POST":
        perms.require(editable)
        form = CriterionForm(request.POST, table=scoring_table)
        if form.is_valid():
            try:
                add_criterion(actor=request.user, table=scoring_table, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                # The next row starts as the same kind as the one just added.
                form = CriterionForm(table=scoring_table, initial={"kind": form.cleaned_data["kind"]})
    return _render_editor(request, scoring_table, form=form)


@login_required
def criterion_edit(request: HttpRequest, table_pk: int, criterion_pk: int) -> HttpResponse:
    """Edit one criterion in its row (htmx swaps the table's body); saved through `update_criterion`.

    GET shows the row as a form, POST saves it: the table comes back with the row as it now reads and
    the problems recomputed, or, when the change is refused, with the form and the reason."""
    scoring_table = get_table_for_user(request.user, table_pk)
    perms.require(can_run_scoring(request.user, scoring_table.block_year))
    criterion = get_object_or_404(Criterion, table=scoring_table, pk=criterion_pk)
    if scoring_table.is_frozen:
        # Frozen since the page was opened: say so instead of a bare 403.
        status = _refused(request) if request.method == "POST" else 200
        return _render_editor(request, scoring_table, refusal=frozen_refusal(scoring_table), status=status)
    if request.method != "POST":
        edit_form = CriterionForm(instance=criterion, table=scoring_table, prefix="edit")
        return _render_editor(request, scoring_table, edit_form=edit_form, editing=criterion)
    edit_form = CriterionForm(request.POST, instance=criterion, table=scoring_table, prefix="edit")
    if edit_form.is_valid():
        try:
            # The form has written its values onto `criterion`; the service reloads it for the audit.
            saved = update_criterion(actor=request.user, criterion=criterion, **edit_form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(edit_form, exc)
        else:
            if not getattr(request, "htmx", False):
                messages.success(request, _("Changes to %(code)s saved.") % {"code": saved.code})
                return redirect("scoring:table", table_pk=table_pk)
            return _render_editor(request, scoring_table, saved=saved)
    return _render_editor(
        request, scoring_table, edit_form=edit_form, editing=criterion, status=_refused(request)
    )


def _refused(request: HttpRequest) -> int:
    # htmx gets 200 so that it swaps the form with the reason in (the add form answers the same way);
    # a plain form post says 422.
    return 200 if getattr(request, "htmx", False) else 422


def _editable(request: HttpRequest, scoring_table: ScoringTable) -> bool:
    return can_run_scoring(request.user, scoring_table.block_year) and not scoring_table.is_frozen


def _render_editor(
    request: HttpRequest,
    scoring_table: ScoringTable,
    *,
    form: CriterionForm | None = None,
    edit_form: CriterionForm | None = None,
    editing: Criterion | None = None,
    saved: Criterion | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    members = [m.unit for m in scoring_table.block_year.memberships.select_related("unit")]
    targets = {
        (t.criterion_id, t.unit_id): t.target
        for t in CriterionTarget.objects.filter(criterion__table=scoring_table)
    }
    formula_rows = [
        (c, [(unit, targets.get((c.pk, unit.pk))) for unit in members])
        for c in scoring_table.criteria.filter(formula=Formula.PROPORTIONAL)
    ]
    stale_year, stale_criteria = stale_year_criteria(scoring_table)
    context = {
        "stale_year": stale_year,
        "stale_criteria": stale_criteria,
        "formula_rows": formula_rows,
        "table": scoring_table,
        "block_year": scoring_table.block_year,
        "criteria": _tree(scoring_table),
        "problems": table_problems(scoring_table),
        "editable": _editable(request, scoring_table),
        "can_amend": scoring_table.is_frozen and can_run_scoring(request.user, scoring_table.block_year),
        "form": form or CriterionForm(table=scoring_table),
        "edit_form": edit_form,
        "editing": editing,
        "saved": saved,
        "refusal": refusal,
    }
    # django-htmx sets request.htmx: an in-place change gets only the table's body back.
    template = "scoring/partials/table_body.html" if getattr(request, "htmx", False) else "scoring/table.html"
    return render(request, template, context, status=status)


@login_required
@require_POST
def table_freeze(request: HttpRequest, table_pk: int) -> HttpResponse:
    scoring_table = get_table_for_user(request.user, table_pk, write=True)
    try:
        freeze_table(actor=request.user, table=scoring_table)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The scoring table is frozen."))
    return redirect("scoring:table", table_pk=table_pk)


@login_required
@require_POST
def table_amend(request: HttpRequest, table_pk: int) -> HttpResponse:
    """A new draft version of a frozen table, with the reason."""
    scoring_table = get_table_for_user(request.user, table_pk, write=True)
    form = AmendForm(request.POST)
    form.is_valid()  # one optional text field: always valid
    try:
        amended = amend_table(actor=request.user, table=scoring_table, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("scoring:table", table_pk=table_pk)
    return redirect("scoring:table", table_pk=amended.pk)


@login_required
@require_POST
def criterion_remove(request: HttpRequest, table_pk: int, criterion_pk: int) -> HttpResponse:
    scoring_table = get_table_for_user(request.user, table_pk, write=True)
    criterion = get_object_or_404(Criterion, table=scoring_table, pk=criterion_pk)
    try:
        remove_criterion(actor=request.user, criterion=criterion)
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("scoring:table", table_pk=table_pk)


@login_required
@require_POST
def criterion_targets(request: HttpRequest, table_pk: int, criterion_pk: int) -> HttpResponse:
    """Each member's target for a criterion scored by formula, all or none."""
    scoring_table = get_table_for_user(request.user, table_pk, write=True)
    criterion = get_object_or_404(Criterion, table=scoring_table, pk=criterion_pk)
    form = TargetsForm(request.POST, table=scoring_table)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("scoring:table", table_pk=table_pk)
    try:
        set_member_targets(actor=request.user, criterion=criterion, targets=form.targets())
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Targets saved."))
    return redirect("scoring:table", table_pk=table_pk)
