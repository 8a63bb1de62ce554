"""State changes of the award history, the catalogue's settings and base salaries, and the cash
amounts. Every change is atomic and audited; role checks belong to the permission door."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.awards.audit_actions import AwardAction
from thidua.awards.models import (
    AwardCategory,
    AwardRecord,
    AwardType,
    AwardTypeVersion,
    BaseSalary,
    Case,
    Discipline,
    EligibilitySettings,
    Initiative,
    InitiativeUse,
    MaternityLeave,
    PerformanceRating,
)
from thidua.awards.rules import settings_on
from thidua.lib.fields import apply_fields

HISTORY_FIELDS: dict[type[models.Model], list[str]] = {
    AwardRecord: [
        "award_type",
        "person",
        "unit",
        "year",
        "decision_number",
        "decision_date",
        "decision_authority",
        "commendation_type",
        "note",
    ],
    PerformanceRating: ["person", "unit", "year", "rating", "note"],
    Initiative: ["person", "title", "kind", "level", "year", "recognised_by", "decision_number", "evidence"],
    Discipline: ["person", "unit", "level", "start", "end", "decision_number", "note"],
    Case: ["person", "unit", "kind", "opened_on", "closed_on", "description"],
    MaternityLeave: ["person", "start", "end"],
}


def _check_recipient(obj: models.Model) -> None:
    """A title for individuals goes to a person, one for collectives to a unit (law.md §3)."""
    if not isinstance(obj, AwardRecord) or not obj.award_type_id:
        return
    award_type = obj.award_type
    if obj.person_id and not award_type.for_individuals:
        raise ValidationError(
            {"award_type": _("%(award)s is awarded to collectives, not to a person.") % {"award": award_type}}
        )
    if obj.unit_id and not award_type.for_collectives:
        raise ValidationError(
            {"award_type": _("%(award)s is awarded to individuals, not to a unit.") % {"award": award_type}}
        )


@transaction.atomic
def add_history_record(*, actor: Actor, model: type[models.Model], **values: Any) -> Any:
    """Record an award, rating, initiative, discipline, case or maternity leave."""
    obj = model()
    apply_fields(obj, values, HISTORY_FIELDS[model])
    _check_recipient(obj)
    obj.full_clean()
    obj.save()
    record(actor=actor, action=AwardAction.of_history(model, "create"), obj=obj, after=snapshot(obj))
    return obj


@transaction.atomic
def update_history_record(*, actor: Actor, obj: Any, **values: Any) -> Any:
    before = snapshot(obj)
    apply_fields(obj, values, HISTORY_FIELDS[type(obj)])
    _check_recipient(obj)
    obj.full_clean()
    obj.save()
    record(
        actor=actor,
        action=AwardAction.of_history(type(obj), "update"),
        obj=obj,
        before=before,
        after=snapshot(obj),
    )
    return obj


@transaction.atomic
def delete_history_record(*, actor: Actor, obj: Any) -> None:
    before = snapshot(obj)
    record(actor=actor, action=AwardAction.of_history(type(obj), "delete"), obj=obj, before=before)
    obj.delete()


@transaction.atomic
def link_initiative(*, actor: Actor, initiative: Initiative, award_record: AwardRecord) -> InitiativeUse:
    """R-GEN-05 (CV 5007/BNV-TĐKT §III.5.c): cite an initiative as the ground of an award. In strict mode
    (the default) an initiative grounds one award only; otherwise one title and one form at most."""
    if award_record.person_id != initiative.person_id:
        raise ValidationError(_("The initiative is not the award holder's."))
    day = award_record.decision_date or datetime.date(award_record.year, 12, 31)
    strict = settings_on(day).initiative_strict
    for use in initiative.uses.select_related("award_record__award_type"):
        if use.award_record_id == award_record.pk:
            raise ValidationError(_("This initiative is already cited by this award."))
        if strict or use.award_record.award_type.kind == award_record.award_type.kind:
            raise ValidationError(
                _("%(initiative)s already grounds %(award)s; an initiative may be used once.")
                % {"initiative": initiative, "award": use.award_record}
            )
    use = InitiativeUse.objects.create(initiative=initiative, award_record=award_record)
    record(
        actor=actor,
        action=AwardAction.INITIATIVE_USE,
        obj=initiative,
        after={"award_record_id": award_record.pk},
    )
    return use


# -- the province's own catalogue (issue 12 item 7, R-CAT-01) ------------------------------------------

LOCAL_FIELDS = [
    "code",
    "name",
    "name_en",
    "short_name",
    "category",
    "legal_form",
    "kind",
    "recipient",
    "level",
    "article",
    "rules_note",
]


@transaction.atomic
def save_local_award(*, actor: Actor, award_type: AwardType | None = None, **values: Any) -> AwardType:
    """R-CAT-01: add an entry to the province's catalogue, or change one the board added. An entry with
    rules refers to the legal title or form it is and takes its kind, recipient and level, so that its
    history and eligibility are the legal one's (always for a local name, "Cờ thi đua xuất sắc của UBND
    tỉnh"; a sector's flag may be a ministry's Cờ thi đua); an entry without rules (a Party award, a Huân
    chương, ...) says what people check. The shipped titles and forms of the Law are not changed here,
    and a code never changes."""
    entry = award_type or AwardType()
    if entry.pk and not entry.is_local:
        raise ValidationError(
            _(
                "%(award)s is a title or form of the Law, shipped with thidua; add a local name for it instead."
            )
            % {"award": entry}
        )
    before = snapshot(entry) if entry.pk else None
    if entry.pk:
        values.pop("code", None)
    apply_fields(entry, values, LOCAL_FIELDS)
    entry.code = entry.code.strip().upper()
    legal = entry.legal_form
    if entry.category == AwardCategory.LEGAL:
        raise ValidationError(
            {
                "category": _(
                    "The Law's titles and forms are already in the catalogue: choose what the province adds."
                )
            }
        )
    if entry.category == AwardCategory.LOCAL_NAME and legal is None:
        raise ValidationError(
            {"legal_form": _("A local name refers to the legal title or form it is: choose it.")}
        )
    if legal is not None:
        if legal.is_local:
            raise ValidationError(
                {"legal_form": _("Choose a title or form of the Law, not another local entry.")}
            )
        entry.kind, entry.recipient, entry.level = legal.kind, legal.recipient, legal.level
        entry.article = entry.article or legal.article
    entry.name_en = entry.name_en or entry.name
    entry.short_name = entry.short_name or entry.name[:30]
    if not entry.pk:
        last = AwardType.objects.order_by("-position").values_list("position", flat=True).first() or 0
        entry.position = last + 10
    entry.full_clean()
    entry.save()
    record(
        actor=actor,
        action=AwardAction.AWARDTYPE_UPDATE if before else AwardAction.AWARDTYPE_CREATE,
        obj=entry,
        before=before,
        after=snapshot(entry),
    )
    return entry


SETTINGS_FIELDS = [
    field.name for field in EligibilitySettings._meta.get_fields() if field.name not in ("id", "recorded_at")
]


@transaction.atomic
def save_settings(*, actor: Actor, **values: Any) -> EligibilitySettings:
    """Record the eligibility settings from `valid_from` on (a new row, or the row of that date)."""
    valid_from = values["valid_from"]
    settings = EligibilitySettings.objects.filter(valid_from=valid_from).first() or EligibilitySettings()
    before = snapshot(settings) if settings.pk else None
    apply_fields(settings, values, SETTINGS_FIELDS)
    settings.full_clean()
    settings.save()
    record(
        actor=actor,
        action=AwardAction.ELIGIBILITYSETTINGS_SAVE,
        obj=settings,
        before=before,
        after=snapshot(settings),
    )
    return settings


@transaction.atomic
def save_base_salary(*, actor: Actor, valid_from: datetime.date, amount: int, citation: str) -> BaseSalary:
    salary = BaseSalary.objects.filter(valid_from=valid_from).first() or BaseSalary(valid_from=valid_from)
    before = snapshot(salary) if salary.pk else None
    salary.amount, salary.citation = amount, citation
    salary.full_clean()
    salary.save()
    record(actor=actor, action=AwardAction.BASESALARY_SAVE, obj=salary, before=before, after=snapshot(salary))
    return salary


# -- cash (R-MONEY-01) --------------------------------------------------------------------------------


@dataclass
class CashAmount:
    coefficient: Decimal
    base_salary: int
    base_citation: str
    exact: Decimal
    amount: int
    step: int
    version: AwardTypeVersion


def round_up(value: Decimal, step: int) -> int:
    """Up to the next multiple of `step` (exact Decimal arithmetic; D8)."""
    return int((value / step).to_integral_value(rounding=ROUND_CEILING)) * step


def cash_amount(*, award_type: AwardType, decision_date: datetime.date, collective: bool) -> CashAmount:
    """R-MONEY-01 (NĐ 152/2025 Art 49-50, 54): coefficient × the base salary in force on the decision
    date, rounded up to the rounding step (10,000 VND by default, D8). A local name is paid as its legal
    title or form (R-CAT-01)."""
    award_type = award_type.legal_form or award_type
    version = AwardTypeVersion.objects.filter(award_type=award_type).in_force_on(decision_date).first()
    if version is None:
        raise ValidationError(
            _(
                "No version of %(award)s is in force on %(date)s; the catalogue's versions start on 01/01/2018."
            )
            % {"award": award_type, "date": decision_date.strftime("%d/%m/%Y")}
        )
    coefficient = version.coefficient_for(collective)
    if coefficient is None:
        raise ValidationError(
            _("%(award)s has no cash coefficient for a %(recipient)s.")
            % {"award": award_type, "recipient": _("collective") if collective else _("person")}
        )
    salary = BaseSalary.objects.filter(valid_from__lte=decision_date).order_by("-valid_from").first()
    if salary is None:
        raise ValidationError(
            _("No base salary is recorded on %(date)s.") % {"date": decision_date.strftime("%d/%m/%Y")}
        )
    step = settings_on(decision_date).rounding_step
    exact = coefficient * salary.amount
    return CashAmount(
        coefficient, salary.amount, salary.citation, exact, round_up(exact, step), step, version
    )
