"""Scorecards (self-scores, evidence, spreadsheet, giải trình) and reviews."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts import permissions as perms
from thidua.lib.numbers import format_points
from thidua.lib.uploads import serve_stored_file
from thidua.orgs.models import Unit
from thidua.scoring import spreadsheet
from thidua.scoring.forms import (
    AdjustmentForm,
    CardImportForm,
    EvidenceForm,
    ExplanationForm,
    ReplaceEvidenceForm,
    ReviewForm,
    SelfScoreForm,
)
from thidua.scoring.models import (
    CardStatus,
    Criterion,
    CriterionKind,
    Evidence,
    ReviewAssignment,
    Scorecard,
    ScoreEntry,
)
from thidua.scoring.permissions import (
    can_run_scoring,
    get_review_for_user,
    get_scorecard_for_user,
)
from thidua.scoring.services.cards import (
    add_evidence,
    applies,
    missing_for_submission,
    remove_evidence,
    replace_evidence,
    set_self_score,
    submit_scorecard,
)
from thidua.scoring.services.ranking import card_results
from thidua.scoring.services.reviews import (
    add_adjustment,
    explain,
    leader_assignment,
    save_review,
)
from thidua.scoring.services.year import rules_for
from thidua.scoring.views.helpers import _fail, _form_refused, _tree


def _card_rows(card: Scorecard, reviewer: ReviewAssignment | None = None) -> list[dict[str, Any]]:
    entries = {e.criterion_id: e for e in card.entries.prefetch_related("evidence")}
    review_scores = {s.criterion_id: s for s in reviewer.scores.all()} if reviewer else {}
    rows = []
    for criterion in _tree(card.table):
        if criterion.kind in (CriterionKind.BONUS, CriterionKind.PENALTY):
            continue
        if criterion.kind == CriterionKind.NORMAL and not applies(criterion, card.unit_id):
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
    own = perms.is_unit_officer(request.user) and card.unit_id in Unit.objects.own_ids(request.user)
    rows = _card_rows(card)
    # Once verified scores exist, the member sees them (provisional) and may answer each (giải trình).
    final = next((r.final for r in card_results(card.block_year) if r.card.pk == card.pk), {})
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
            "missing": missing_for_submission(card) if card.status == CardStatus.DRAFT else [],
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
    form = SelfScoreForm(request.POST)
    if form.is_valid():
        try:
            set_self_score(
                actor=request.user,
                card=card,
                criterion=criterion,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                achieved=form.cleaned_data["achieved"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(str(message) for errors in form.errors.values() for message in errors)
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
def evidence_add(request: HttpRequest, card_pk: int) -> HttpResponse:
    card = get_scorecard_for_user(request.user, card_pk, write=True)
    form = EvidenceForm(request.POST, request.FILES, card=card)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("scoring:scorecard", card_pk=card.pk)
    upload = form.cleaned_data["file"]
    try:
        add_evidence(
            actor=request.user,
            card=card,
            criterion=form.cleaned_data["criterion"],
            name=upload.name or "file",
            content=upload,
        )
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("scoring:scorecard", card_pk=card.pk)


@login_required
@require_POST
def scorecard_import(request: HttpRequest, card_pk: int) -> HttpResponse:
    """The scorecard filled in offline, imported all or nothing, each refused cell named."""
    card = get_scorecard_for_user(request.user, card_pk, write=True)
    form = CardImportForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("scoring:scorecard", card_pk=card.pk)
    try:
        problems = spreadsheet.import_card(actor=request.user, card=card, upload=form.cleaned_data["file"])
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("scoring:scorecard", card_pk=card.pk)
    if problems:
        messages.error(request, _("Nothing was saved; correct these cells and import the file again."))
        for problem in problems[:50]:
            where = (
                _("Row %(row)s, column %(column)s: ") % {"row": problem.row, "column": problem.column}
                if problem.row
                else ""
            )
            messages.error(request, where + problem.message)
    else:
        messages.success(request, _("The scores from the file have been saved."))
    return redirect("scoring:scorecard", card_pk=card.pk)


@login_required
@require_POST
def explanation_add(request: HttpRequest, card_pk: int) -> HttpResponse:
    card = get_scorecard_for_user(request.user, card_pk, write=True)
    form = ExplanationForm(request.POST, card=card)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("scoring:scorecard", card_pk=card.pk)
    try:
        explain(
            actor=request.user,
            card=card,
            criterion=form.cleaned_data["criterion"],
            text=form.cleaned_data["text"],
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Your explanation has been recorded."))
    return redirect("scoring:scorecard", card_pk=card.pk)


@login_required
@require_POST
def scorecard_submit(request: HttpRequest, card_pk: int) -> HttpResponse:
    card = get_scorecard_for_user(request.user, card_pk, write=True)
    try:
        submit_scorecard(actor=request.user, card=card)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The scorecard has been submitted."))
    return redirect("scoring:scorecard", card_pk=card.pk)


@login_required
@require_POST
def adjustment_add(request: HttpRequest, card_pk: int) -> HttpResponse:
    """A line of the bonus and penalty ledger, by those who run the year."""
    card = get_scorecard_for_user(request.user, card_pk)
    perms.require(can_run_scoring(request.user, card.block_year))
    form = AdjustmentForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("scoring:scorecard", card_pk=card.pk)
    try:
        add_adjustment(
            actor=request.user,
            card=card,
            kind=form.cleaned_data["kind"],
            points=form.cleaned_data["points"] or Decimal(0),
            reason=form.cleaned_data["reason"],
            basis=form.cleaned_data["basis"],
        )
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("scoring:scorecard", card_pk=card.pk)


@login_required
@require_POST
def review_as_leader(request: HttpRequest, card_pk: int) -> HttpResponse:
    """The leader's verifying review of a card (the deputy's for the leader's own card)."""
    card = get_scorecard_for_user(request.user, card_pk)
    perms.require(can_run_scoring(request.user, card.block_year))
    try:
        assignment = leader_assignment(card, request.user)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("scoring:scorecard", card_pk=card.pk)
    return redirect("scoring:review", review_pk=assignment.pk)


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
    """A download; shown inline only when asked for and its bytes are an image or a PDF (lib.uploads)."""
    evidence = get_object_or_404(Evidence.objects.select_related("entry__scorecard"), pk=evidence_pk)
    get_scorecard_for_user(request.user, evidence.entry.scorecard_id)
    return serve_stored_file(evidence, inline=request.GET.get("inline") == "1")


def _evidence_for_writer(request: HttpRequest, evidence_pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("entry__criterion"), pk=evidence_pk)
    get_scorecard_for_user(request.user, evidence.entry.scorecard_id, write=True)
    return evidence


@login_required
@require_POST
def evidence_remove(request: HttpRequest, evidence_pk: int) -> HttpResponse:
    """Remove an evidence file while the card is a draft (issue 15 item 9)."""
    evidence = _evidence_for_writer(request, evidence_pk)
    try:
        remove_evidence(actor=request.user, evidence=evidence)
        messages.success(request, _("The evidence file has been removed."))
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("scoring:scorecard", card_pk=evidence.entry.scorecard_id)


@login_required
@require_POST
def evidence_replace(request: HttpRequest, evidence_pk: int) -> HttpResponse:
    """Put another file in the place of an evidence file while the card is a draft."""
    evidence = _evidence_for_writer(request, evidence_pk)
    form = ReplaceEvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("scoring:scorecard", card_pk=evidence.entry.scorecard_id)
    upload = form.cleaned_data["file"]
    try:
        replace_evidence(actor=request.user, evidence=evidence, name=upload.name or "file", content=upload)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The evidence file has been replaced."))
    return redirect("scoring:scorecard", card_pk=evidence.entry.scorecard_id)


@login_required
def review(request: HttpRequest, review_pk: int) -> HttpResponse:
    assignment = get_review_for_user(request.user, review_pk)
    card = assignment.scorecard
    rules = rules_for(card.block_year)
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
    form = ReviewForm(request.POST, assignment=assignment)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("scoring:review", review_pk=review_pk)
    try:
        save_review(actor=request.user, assignment=assignment, scores=form.scores(), submit=form.submit)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request, _("The review has been submitted.") if form.submit else _("Review scores saved.")
        )
    return redirect("scoring:review", review_pk=review_pk)
