"""Pages of a block year's scoring: overview and progress, table editor, scorecard, review, ranking."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.accounts import permissions as perms
from thidua.blocks.models import BlockYear
from thidua.blocks.permissions import get_block_year_for_user
from thidua.lib.numbers import format_points
from thidua.orgs.forms import DateInput
from thidua.orgs.models import Unit
from thidua.scoring import cards, registration, results, services, spreadsheet
from thidua.scoring.models import (
    CardStatus,
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionKind,
    CriterionTarget,
    Evidence,
    Formula,
    Movement,
    MovementKind,
    RankingSnapshot,
    Registration,
    ReviewAssignment,
    Scorecard,
    ScoreEntry,
    ScoringRules,
    ScoringTable,
)
from thidua.scoring.permissions import (
    can_run_scoring,
    get_review_for_user,
    get_scorecard_for_user,
    get_table_for_user,
    reads_card,
)


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _decimal(text: str) -> Decimal | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(_("“%(value)s” is not a number; write e.g. 7,5.") % {"value": text}) from exc


def _overview_url(block_year: BlockYear) -> str:
    from django.urls import reverse

    return reverse("scoring:overview", args=[block_year.block_id, block_year.year])


@login_required
def overview(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The Scoring tab: table and covenant, the progress board, one's own card and reviews."""
    user: Any = request.user
    block_year = get_block_year_for_user(request.user, pk, year)
    run = can_run_scoring(request.user, block_year)
    covenant = (
        Covenant.objects.filter(block_year=block_year).prefetch_related("targets", "signatures__unit").first()
    )
    scorecards = {
        c.unit_id: c for c in Scorecard.objects.filter(block_year=block_year).select_related("table")
    }
    entries = ScoreEntry.objects.filter(scorecard__block_year=block_year, self_score__isnull=False)
    scored: dict[int, int] = {}
    for card_id in entries.values_list("scorecard_id", flat=True):
        scored[card_id] = scored.get(card_id, 0) + 1
    reviews = ReviewAssignment.objects.filter(scorecard__block_year=block_year).select_related(
        "reviewer", "scorecard"
    )
    reviews_by_card: dict[int, list[ReviewAssignment]] = {}
    for assignment in reviews:
        reviews_by_card.setdefault(assignment.scorecard_id, []).append(assignment)
    own = perms.own_unit_ids(request.user)
    progress = []
    for membership in block_year.memberships.all():
        card = scorecards.get(membership.unit_id)
        progress.append(
            {
                "unit": membership.unit,
                "card": card,
                "scored": scored.get(card.pk, 0) if card else 0,
                "reviews": reviews_by_card.get(card.pk, []) if card else [],
                "readable": card is not None and reads_card(request.user, card),
            }
        )
    tables = list(ScoringTable.objects.filter(block_year=block_year))
    snapshot = RankingSnapshot.objects.filter(block_year=block_year).first()
    member_ids = {m.unit_id for m in block_year.memberships.all()}
    my_unit_id = user.unit_id if perms.is_unit_officer(user) and user.unit_id in member_ids else None
    registrations = (
        Registration.objects.filter(block_year=block_year)
        .select_related("unit")
        .prefetch_related("movements")
    )
    if not (run or perms.sees_everything(user)):
        # Members see their own registration only.
        registrations = registrations.filter(unit_id__in=[my_unit_id] if my_unit_id else [])
    return render(
        request,
        "scoring/overview.html",
        {
            "block_year": block_year,
            "blk": block_year.block,
            "tab": "scoring",
            "run": run,
            "is_leader_officer": block_year.pk in perms.led_block_year_ids(request.user),
            "tables": tables,
            "covenant": covenant,
            "unsigned": cards.unsigned_members(covenant) if covenant else [],
            "can_sign": covenant is not None
            and covenant.status == CovenantStatus.SIGNING
            and perms.is_unit_officer(user)
            and user.unit_id in {m.unit_id for m in block_year.memberships.all()}
            and not covenant.signatures.filter(unit_id=user.unit_id).exists(),
            "progress": progress,
            "criteria_count": _criteria_count(scorecards),
            "my_reviews": [a for a in reviews if a.reviewer_id in own],
            "members": [m.unit for m in block_year.memberships.all()],
            "snapshot": snapshot,
            "years": list(
                BlockYear.objects.filter(block_id=pk).order_by("-year").values_list("year", flat=True)
            ),
            "table_form": TableForm(),
            "rules_form": RulesForm(instance=cards.rules_for(block_year)) if run else None,
            "late_after": cards.rules_for(block_year).self_scoring_deadline,
            "today": timezone.localdate(),
            "movements": Movement.objects.filter(block_year=block_year),
            "movement_kinds": MovementKind.choices,
            "registrations": registrations,
            "not_registered": registration.not_registered(block_year) if run else [],
            "my_registration": Registration.objects.filter(block_year=block_year, unit_id=my_unit_id).first()
            if my_unit_id
            else None,
            "can_register": my_unit_id is not None,
        },
    )


def _criteria_count(scorecards: dict[int, Scorecard]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for card in scorecards.values():
        if card.table_id not in counts:
            counts[card.table_id] = card.table.criteria.filter(kind=CriterionKind.NORMAL).count()
    return counts


class RulesForm(forms.ModelForm):
    """The block year's scoring settings ([U] items of law.md are settings with defaults)."""

    tie_break_text = forms.CharField(
        label=gettext_lazy("Tie-breaks, in order"),
        help_text=gettext_lazy("Comma-separated: total, penalty, bonus, group:II (a group's code)."),
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
            if key not in ("total", "penalty", "bonus") and not (key.startswith("group:") and len(key) > 6):
                raise forms.ValidationError(
                    _("“%(key)s” is not a tie-break; use total, penalty, bonus or group:<code>.")
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


@login_required
@require_POST
def year_action(request: HttpRequest, pk: int, year: int, action: str) -> HttpResponse:
    """The leader's and board's steps of the year, one service call each."""
    block_year = get_block_year_for_user(request.user, pk, year)
    if action == "sign":
        return _sign(request, block_year)
    if action == "register":
        return _register(request, block_year)
    perms.require(can_run_scoring(request.user, block_year))
    try:
        if action == "new_table":
            form = TableForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the table a name and a total of at least 1 point."))
            table = services.create_table(actor=request.user, block_year=block_year, **form.cleaned_data)
            return redirect("scoring:table", table_pk=table.pk)
        if action == "copy_table":
            source = ScoringTable.objects.filter(
                block_year__block=block_year.block, block_year__year__lt=year
            ).first()
            if source is None:
                raise ValidationError(_("No earlier year of this block has a scoring table to copy."))
            table = services.copy_table_forward(actor=request.user, table=source, to_block_year=block_year)
            return redirect("scoring:table", table_pk=table.pk)
        if action == "covenant":
            covenant = cards.create_covenant(
                actor=request.user, block_year=block_year, content=request.POST.get("content", "")
            )
            for position, line in enumerate(request.POST.get("targets", "").splitlines()):
                if line.strip():
                    cards.add_target(
                        actor=request.user, covenant=covenant, text=line.strip(), position=position
                    )
        elif action == "amend_covenant":
            covenant = get_object_or_404(Covenant, block_year=block_year, pk=request.POST.get("covenant"))
            cards.amend_covenant(actor=request.user, covenant=covenant, reason=request.POST.get("reason", ""))
        elif action == "open_covenant":
            covenant = get_object_or_404(Covenant, block_year=block_year, pk=request.POST.get("covenant"))
            table = get_object_or_404(ScoringTable, block_year=block_year, pk=request.POST.get("table"))
            cards.open_for_signing(actor=request.user, covenant=covenant, table=table)
        elif action == "movement":
            registration.add_movement(
                actor=request.user,
                block_year=block_year,
                name=request.POST.get("name", ""),
                kind=request.POST.get("kind", MovementKind.REGULAR),
                theme=request.POST.get("theme", ""),
                start=_date(request.POST.get("start", "")),
                end=_date(request.POST.get("end", "")),
            )
        elif action == "rules":
            rules_form = RulesForm(request.POST, instance=cards.rules_for(block_year))
            if not rules_form.is_valid():
                raise ValidationError(
                    [
                        f"{rules_form.fields[f].label}: {' '.join(str(m) for m in e)}"
                        for f, e in rules_form.errors.items()
                    ]
                )
            values = dict(rules_form.cleaned_data)
            values["tie_breaks"] = values.pop("tie_break_text")
            values["bands"] = values.pop("band_text")
            cards.update_rules(actor=request.user, rules=rules_form.instance, values=values)
            messages.success(request, _("Changes saved."))
        elif action == "open_cards":
            cards.open_scorecards(actor=request.user, block_year=block_year)
        elif action == "assign":
            card = get_object_or_404(Scorecard, block_year=block_year, pk=request.POST.get("card"))
            reviewer = get_object_or_404(block_year.memberships, unit_id=request.POST.get("reviewer")).unit
            cards.assign_reviewer(actor=request.user, card=card, reviewer=reviewer)
        elif action == "publish":
            results.publish_ranking(actor=request.user, block_year=block_year)
            return redirect("scoring:ranking", pk=pk, year=year)
        else:
            raise PermissionDenied
    except ValidationError as exc:
        _fail(request, exc)
    return redirect(_overview_url(block_year))


def _date(text: str) -> datetime.date | None:
    """A date typed dd/mm/yyyy (or yyyy-mm-dd from a date picker)."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if text:
        raise ValidationError(_("“%(value)s” is not a date; write it as dd/mm/yyyy.") % {"value": text})
    return None


def _register(request: HttpRequest, block_year: BlockYear) -> HttpResponse:
    """A member's officer registers its unit's targets and the titles it aims for."""
    user: Any = request.user
    perms.require(perms.is_unit_officer(user))
    try:
        registration.register(
            actor=user,
            block_year=block_year,
            unit=user.unit,
            targets=request.POST.get("targets", ""),
            titles=request.POST.get("titles", ""),
            movements=list(
                Movement.objects.filter(block_year=block_year, pk__in=request.POST.getlist("movements"))
            ),
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Your unit's registration has been recorded."))
    return redirect(_overview_url(block_year))


def _sign(request: HttpRequest, block_year: BlockYear) -> HttpResponse:
    user: Any = request.user
    perms.require(perms.is_unit_officer(user))
    covenant = get_object_or_404(Covenant, block_year=block_year, status=CovenantStatus.SIGNING)
    try:
        cards.sign_covenant(actor=user, covenant=covenant, unit=user.unit)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Your unit has signed the covenant."))
    return redirect(_overview_url(block_year))


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


def _tree(scoring_table: ScoringTable) -> list[Criterion]:
    """Groups followed by their criteria, then stand-alone, bonus and penalty items."""
    everything = list(scoring_table.criteria.order_by("position", "code"))
    ordered: list[Criterion] = []
    for item in (c for c in everything if c.parent_id is None):
        ordered.append(item)
        ordered.extend(c for c in everything if c.parent_id == item.pk)
    return ordered


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


def _card_rows(card: Scorecard, reviewer: ReviewAssignment | None = None) -> list[dict[str, Any]]:
    entries = {e.criterion_id: e for e in card.entries.prefetch_related("evidence")}
    review_scores = {s.criterion_id: s for s in reviewer.scores.all()} if reviewer else {}
    rows = []
    for criterion in _tree(card.table):
        if criterion.kind in (CriterionKind.BONUS, CriterionKind.PENALTY):
            continue
        if criterion.kind == CriterionKind.NORMAL and not cards.applies(criterion, card.unit_id):
            continue
        entry = entries.get(criterion.pk)
        rows.append(
            {
                "criterion": criterion,
                "entry": entry,
                "evidence": list(entry.evidence.all()) if entry else [],
                "review": review_scores.get(criterion.pk),
            }
        )
    return rows


@login_required
def scorecard(request: HttpRequest, card_pk: int) -> HttpResponse:
    card = get_scorecard_for_user(request.user, card_pk)
    own = perms.is_unit_officer(request.user) and card.unit_id in perms.own_unit_ids(request.user)
    rows = _card_rows(card)
    # Once verified scores exist, the member sees them (provisional) and may answer each (giải trình).
    final = next((r.final for r in results.card_results(card.block_year) if r.card.pk == card.pk), {})
    explanations: dict[int, list[Any]] = {}
    for explanation in card.explanations.select_related("submitted_by"):
        explanations.setdefault(explanation.criterion_id, []).append(explanation)
    for row in rows:
        row["final"] = final.get(row["criterion"].code)
        row["explanations"] = explanations.get(row["criterion"].pk, [])
    return render(
        request,
        "scoring/scorecard.html",
        {
            "card": card,
            "block_year": card.block_year,
            "rows": rows,
            "show_final": any(row["final"] is not None for row in rows),
            "can_explain": own and card.status == CardStatus.SUBMITTED,
            "editable": own and card.status == CardStatus.DRAFT,
            "missing": cards.missing_for_submission(card) if card.status == CardStatus.DRAFT else [],
            "run": can_run_scoring(request.user, card.block_year),
            "adjustments": card.adjustments.select_related("decided_by"),
        },
    )


@login_required
@require_POST
def score(request: HttpRequest, card_pk: int, criterion_pk: int) -> HttpResponse:
    """Save one self-score in place (htmx) and return the updated row."""
    card = get_scorecard_for_user(request.user, card_pk, write=True)
    criterion = get_object_or_404(Criterion, table=card.table, pk=criterion_pk)
    error = ""
    try:
        cards.set_self_score(
            actor=request.user,
            card=card,
            criterion=criterion,
            score=_decimal(request.POST.get("score", "")),
            comment=request.POST.get("comment", "").strip(),
            achieved=_decimal(request.POST.get("achieved", "")),
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    entry = (
        ScoreEntry.objects.filter(scorecard=card, criterion=criterion).prefetch_related("evidence").first()
    )
    row = {
        "criterion": criterion,
        "entry": entry,
        "evidence": list(entry.evidence.all()) if entry else [],
        "review": None,
    }
    return render(
        request,
        "scoring/partials/card_row.html",
        {"row": row, "card": card, "editable": True, "error": error, "posted": request.POST},
        status=422 if error else 200,
    )


@login_required
@require_POST
def card_action(request: HttpRequest, card_pk: int, action: str) -> HttpResponse:
    card = get_scorecard_for_user(request.user, card_pk)
    try:
        if action == "evidence":
            card = get_scorecard_for_user(request.user, card_pk, write=True)
            criterion = get_object_or_404(Criterion, table=card.table, pk=request.POST.get("criterion"))
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(_("Choose a file to upload."))
            cards.add_evidence(
                actor=request.user,
                card=card,
                criterion=criterion,
                name=upload.name or "file",
                content=upload.read(),
            )
        elif action == "xlsx":
            card = get_scorecard_for_user(request.user, card_pk, write=True)
            upload = request.FILES.get("file")
            if upload is None or not (upload.name or "").lower().endswith(".xlsx"):
                raise ValidationError(_("The file must be an Excel workbook (.xlsx)."))
            problems = spreadsheet.import_card(actor=request.user, card=card, upload=upload)
            if problems:
                messages.error(
                    request, _("Nothing was saved; correct these cells and import the file again.")
                )
                for problem in problems[:50]:
                    where = (
                        _("Row %(row)s, column %(column)s: ") % {"row": problem.row, "column": problem.column}
                        if problem.row
                        else ""
                    )
                    messages.error(request, where + problem.message)
            else:
                messages.success(request, _("The scores from the file have been saved."))
        elif action == "explain":
            card = get_scorecard_for_user(request.user, card_pk, write=True)
            criterion = get_object_or_404(Criterion, table=card.table, pk=request.POST.get("criterion"))
            cards.explain(
                actor=request.user, card=card, criterion=criterion, text=request.POST.get("text", "")
            )
            messages.success(request, _("Your explanation has been recorded."))
        elif action == "submit":
            card = get_scorecard_for_user(request.user, card_pk, write=True)
            cards.submit_scorecard(actor=request.user, card=card)
            messages.success(request, _("The scorecard has been submitted."))
        elif action == "adjust":
            perms.require(can_run_scoring(request.user, card.block_year))
            cards.add_adjustment(
                actor=request.user,
                card=card,
                kind=request.POST.get("kind", ""),
                points=_decimal(request.POST.get("points", "")) or Decimal(0),
                reason=request.POST.get("reason", ""),
                basis=request.POST.get("basis", ""),
            )
        elif action == "review_as_leader":
            perms.require(can_run_scoring(request.user, card.block_year))
            assignment = cards.leader_assignment(card, request.user)
            return redirect("scoring:review", review_pk=assignment.pk)
        else:
            raise PermissionDenied
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("scoring:scorecard", card_pk=card.pk)


@login_required
def scorecard_xlsx(request: HttpRequest, card_pk: int) -> HttpResponse:
    """The scorecard as XLSX, to fill in offline and import back."""
    card = get_scorecard_for_user(request.user, card_pk)
    response = HttpResponse(
        spreadsheet.export_card(card),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="phieu-cham-{card.unit.code}-{card.block_year.year}.xlsx"'
    )
    return response


@login_required
def evidence_file(request: HttpRequest, evidence_pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("entry__scorecard"), pk=evidence_pk)
    get_scorecard_for_user(request.user, evidence.entry.scorecard_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


@login_required
def review(request: HttpRequest, review_pk: int) -> HttpResponse:
    assignment = get_review_for_user(request.user, review_pk)
    card = assignment.scorecard
    rules = cards.rules_for(card.block_year)
    rows = _card_rows(card, assignment)
    # Other reviewers' submitted scores: before one's own submission only if the year's rules allow it.
    if rules.reviewers_see_other_reviews or assignment.submitted_at is not None:
        others: dict[int, list[str]] = {}
        for other in (
            card.reviews.exclude(pk=assignment.pk)
            .filter(submitted_at__isnull=False)
            .prefetch_related("scores")
        ):
            for other_score in other.scores.all():
                others.setdefault(other_score.criterion_id, []).append(
                    f"{other.reviewer}: {format_points(other_score.score)}"
                )
        for row in rows:
            row["others"] = others.get(row["criterion"].pk, [])
    return render(
        request,
        "scoring/review.html",
        {
            "assignment": assignment,
            "card": card,
            "block_year": card.block_year,
            "rows": rows,
            "show_self": rules.reviewers_see_self_score,
            "gap": rules.justification_gap,
            "editable": assignment.submitted_at is None and card.status == CardStatus.SUBMITTED,
        },
    )


@login_required
@require_POST
def review_score(request: HttpRequest, review_pk: int) -> HttpResponse:
    """Save the scores typed on the page; with "submit", then submit the review (one transaction)."""
    assignment = get_review_for_user(request.user, review_pk, write=True)
    try:
        with transaction.atomic():
            for key in request.POST:
                value = request.POST.get(key, "")
                if not key.startswith("score-") or not value.strip():
                    continue
                criterion = get_object_or_404(
                    Criterion, table=assignment.scorecard.table, pk=int(key.removeprefix("score-"))
                )
                cards.set_review_score(
                    actor=request.user,
                    assignment=assignment,
                    criterion=criterion,
                    score=_decimal(value) or Decimal(0),
                    justification=request.POST.get(f"why-{criterion.pk}", ""),
                )
            if request.POST.get("action") == "submit":
                cards.submit_review(actor=request.user, assignment=assignment)
                messages.success(request, _("The review has been submitted."))
            else:
                messages.success(request, _("Review scores saved."))
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("scoring:review", review_pk=review_pk)


@login_required
def ranking(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The published ranking for everyone; the provisional one for the board and the leader."""
    block_year = get_block_year_for_user(request.user, pk, year)
    run = can_run_scoring(request.user, block_year)
    snapshot = RankingSnapshot.objects.filter(block_year=block_year).first()
    rows = results.ranking_rows(block_year) if run else (snapshot.rows if snapshot else [])
    for index, row in enumerate(rows):
        # What put the next member below this one ("ahead on"), or that they share the rank.
        below = rows[index + 1] if index + 1 < len(rows) else None
        row["ahead_on"] = "" if below is None else results.tie_break_label(below["separated_by"]) or _("tied")
    chart = {"labels": [r["unit"] for r in rows], "totals": [float(r["total"]) for r in rows]}
    return render(
        request,
        "scoring/ranking.html",
        {
            "block_year": block_year,
            "blk": block_year.block,
            "tab": "scoring",
            "rows": rows,
            "snapshot": snapshot,
            "provisional": run,
            "recount_ok": results.recount_matches(snapshot) if snapshot and run else None,
            "chart": chart,
            "tie_breaks": [
                results.tie_break_label(t.key) for t in results.tie_breaks_for(cards.rules_for(block_year))
            ],
            "years": list(
                BlockYear.objects.filter(block_id=pk).order_by("-year").values_list("year", flat=True)
            ),
        },
    )
