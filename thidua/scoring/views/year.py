"""The Scoring tab of a block year: overview, progress, settings, the year's actions and the ranking."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.accounts import permissions as perms
from thidua.awards.models import AwardType
from thidua.blocks.models import BlockYear
from thidua.blocks.permissions import get_block_year_for_user
from thidua.orgs.forms import DateInput
from thidua.orgs.models import Unit
from thidua.scoring.models import (
    Covenant,
    CovenantStatus,
    CriterionKind,
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
    reads_card,
    reads_score_table,
    visible_registrations,
)
from thidua.scoring.services.cards import open_scorecards
from thidua.scoring.services.covenant import (
    amend_covenant,
    create_covenant,
    open_for_signing,
    sign_covenant,
    unsigned_members,
)
from thidua.scoring.services.ranking import (
    publish_ranking,
    ranking_rows,
    recount_matches,
    tie_break_label,
    tie_breaks_for,
)
from thidua.scoring.services.registration import add_movement, not_registered, register
from thidua.scoring.services.reviews import assign_reviewer
from thidua.scoring.services.tables import copy_table_forward, create_table
from thidua.scoring.services.year import rules_for, update_rules
from thidua.scoring.views.helpers import _date, _fail, _overview_url


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
    own = Unit.objects.own_ids(request.user)
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
    # Those who run the year and observers see every registration; a member's people their own.
    registrations = (
        visible_registrations(user)
        .filter(block_year=block_year)
        .select_related("unit")
        .prefetch_related("movements", "title_counts__award_type")
        .order_by("unit__name_sort")
    )
    my_registration = (
        Registration.objects.filter(block_year=block_year, unit_id=my_unit_id).first() if my_unit_id else None
    )
    return render(
        request,
        "scoring/overview.html",
        {
            "block_year": block_year,
            "blk": block_year.block,
            "tab": "scoring",
            "run": run,
            "reads_score_table": reads_score_table(request.user, block_year),
            "is_leader_officer": block_year.pk in BlockYear.objects.led_ids(request.user),
            "tables": tables,
            "covenant": covenant,
            "unsigned": unsigned_members(covenant) if covenant else [],
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
            "rules_form": RulesForm(instance=rules_for(block_year)) if run else None,
            "late_after": rules_for(block_year).self_scoring_deadline,
            "today": timezone.localdate(),
            "movements": Movement.objects.filter(block_year=block_year),
            "movement_kinds": MovementKind.choices,
            "registrations": registrations,
            "not_registered": not_registered(block_year) if run or perms.sees_everything(user) else [],
            "my_registration": my_registration,
            "can_register": my_unit_id is not None,
            "title_rows": _title_rows(my_registration) if my_unit_id else [],
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
            table = create_table(actor=request.user, block_year=block_year, **form.cleaned_data)
            return redirect("scoring:table", table_pk=table.pk)
        if action == "copy_table":
            source = ScoringTable.objects.filter(
                block_year__block=block_year.block, block_year__year__lt=year
            ).first()
            if source is None:
                raise ValidationError(_("No earlier year of this block has a scoring table to copy."))
            table = copy_table_forward(actor=request.user, table=source, to_block_year=block_year)
            return redirect("scoring:table", table_pk=table.pk)
        if action == "covenant":
            create_covenant(
                actor=request.user,
                block_year=block_year,
                content=request.POST.get("content", ""),
                targets=request.POST.get("targets", "").splitlines(),
            )
        elif action == "amend_covenant":
            covenant = get_object_or_404(Covenant, block_year=block_year, pk=request.POST.get("covenant"))
            amend_covenant(actor=request.user, covenant=covenant, reason=request.POST.get("reason", ""))
        elif action == "open_covenant":
            covenant = get_object_or_404(Covenant, block_year=block_year, pk=request.POST.get("covenant"))
            table = get_object_or_404(ScoringTable, block_year=block_year, pk=request.POST.get("table"))
            open_for_signing(actor=request.user, covenant=covenant, table=table)
        elif action == "movement":
            add_movement(
                actor=request.user,
                block_year=block_year,
                name=request.POST.get("name", ""),
                kind=request.POST.get("kind", MovementKind.REGULAR),
                theme=request.POST.get("theme", ""),
                start=_date(request.POST.get("start", "")),
                end=_date(request.POST.get("end", "")),
            )
        elif action == "rules":
            rules_form = RulesForm(request.POST, instance=rules_for(block_year))
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
            update_rules(actor=request.user, rules=rules_form.instance, values=values)
            messages.success(request, _("Changes saved."))
        elif action == "open_cards":
            open_scorecards(actor=request.user, block_year=block_year)
        elif action == "assign":
            card = get_object_or_404(Scorecard, block_year=block_year, pk=request.POST.get("card"))
            reviewer = get_object_or_404(block_year.memberships, unit_id=request.POST.get("reviewer")).unit
            assign_reviewer(actor=request.user, card=card, reviewer=reviewer)
        elif action == "publish":
            publish_ranking(actor=request.user, block_year=block_year)
            return redirect("scoring:ranking", pk=pk, year=year)
        else:
            raise PermissionDenied
    except ValidationError as exc:
        _fail(request, exc)
    return redirect(_overview_url(block_year))


def _title_rows(current: Registration | None) -> list[tuple[Any, int]]:
    """Every title and form of the catalogue with the number the member registered (0 if none)."""
    counts = {t.award_type_id: t.number for t in current.title_counts.all()} if current else {}
    return [(award_type, counts.get(award_type.pk, 0)) for award_type in AwardType.objects.all()]


def _title_counts(request: HttpRequest) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for award_type in AwardType.objects.all():
        text = request.POST.get(f"count_{award_type.code}", "").strip()
        if not text:
            continue
        if not text.isdecimal():
            raise ValidationError(
                _("“%(value)s” for %(award)s is not a whole number.") % {"value": text, "award": award_type}
            )
        counts[award_type] = int(text)
    return counts


def _register(request: HttpRequest, block_year: BlockYear) -> HttpResponse:
    """A member's officer registers its unit's targets and the titles it aims for."""
    user: Any = request.user
    perms.require(perms.is_unit_officer(user))
    try:
        register(
            actor=user,
            block_year=block_year,
            unit=user.unit,
            targets=request.POST.get("targets", ""),
            titles=request.POST.get("titles", ""),
            movements=list(
                Movement.objects.filter(block_year=block_year, pk__in=request.POST.getlist("movements"))
            ),
            title_counts=_title_counts(request),
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
        sign_covenant(actor=user, covenant=covenant, unit=user.unit)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Your unit has signed the covenant."))
    return redirect(_overview_url(block_year))


@login_required
def ranking(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The published ranking for everyone; before publication, the provisional one for the board and the
    leader. Once published, the board sees the published rows too (never labelled provisional at the same
    time, issue 15 item 8), with the recount saying whether the scores have changed since."""
    block_year = get_block_year_for_user(request.user, pk, year)
    run = can_run_scoring(request.user, block_year)
    snapshot = RankingSnapshot.objects.filter(block_year=block_year).first()
    if snapshot is not None:
        rows = snapshot.rows
    else:
        rows = ranking_rows(block_year) if run else []
    for index, row in enumerate(rows):
        # What put the next member below this one ("ahead on"), or that they share the rank.
        below = rows[index + 1] if index + 1 < len(rows) else None
        row["ahead_on"] = "" if below is None else tie_break_label(below["separated_by"]) or _("tied")
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
            "provisional": run and snapshot is None,
            "recount_ok": recount_matches(snapshot) if snapshot and run else None,
            "chart": chart,
            "tie_breaks": [tie_break_label(t.key) for t in tie_breaks_for(rules_for(block_year))],
            "years": list(
                BlockYear.objects.filter(block_id=pk).order_by("-year").values_list("year", flat=True)
            ),
        },
    )
