"""Statistics across years, each one SQL aggregate (values + annotate) over the history.

A `Scope` is the province, a unit (with its sub-units) or a block (its members of each year and their
sub-units). An award counts as one "lượt" (seed 003: "537 lượt tập thể, 2.347 lượt cá nhân"): a
collective's award when it is for a unit, an individual's when it is for a person; voided records
(a cancelled decision) never count. A person belongs to the unit of any of their positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from thidua.awards.models import AwardRecord, AwardType, PerformanceRating, RatingLevel
from thidua.blocks.models import Block, Membership, Standing
from thidua.orgs.models import Gender, Position, Unit
from thidua.proposals.models import DossierLine, LineResult
from thidua.scoring.models import Movement, RankingSnapshot
from thidua.stats.models import AwardYearFigures


@dataclass(frozen=True)
class Scope:
    """What the statistics cover: `unit` or `block` (not both), or the province; years inclusive."""

    year_from: int
    year_to: int
    unit: Unit | None = None
    block: Block | None = None

    @property
    def label(self) -> str:
        if self.block is not None:
            return self.block.name
        if self.unit is not None:
            return self.unit.name
        return str(_province_label())


def _province_label() -> str:
    from django.utils.translation import gettext

    return gettext("The whole province")


def owner_filter(scope: Scope) -> Q:
    """Awards (or proposal lines) of the scope's owners: a unit of it or a person holding a position in it.

    For a block, the members of each year (and their sub-units) own that year's records.
    """
    if scope.unit is not None:
        return _owned_by(Q(pk=scope.unit.pk) | Q(parent_id=scope.unit.pk))
    if scope.block is not None:
        members: dict[int, list[int]] = {}
        for year, unit_id in Membership.objects.filter(
            block_year__block=scope.block, block_year__year__range=(scope.year_from, scope.year_to)
        ).values_list("block_year__year", "unit_id"):
            members.setdefault(year, []).append(unit_id)
        condition = Q(pk__in=[])
        for year, unit_ids in sorted(members.items()):
            condition |= Q(year=year) & _owned_by(Q(pk__in=unit_ids) | Q(parent_id__in=unit_ids))
        return condition
    return Q()


def _owned_by(units: Q) -> Q:
    unit_ids = Unit.objects.filter(units).values("pk")
    return Q(unit_id__in=unit_ids) | Q(
        person_id__in=Position.objects.filter(unit_id__in=unit_ids).values("person_id")
    )


def awards(scope: Scope) -> QuerySet[AwardRecord]:
    """The counted award records of the scope (not voided, in the years)."""
    return AwardRecord.objects.filter(
        owner_filter(scope), voided_at__isnull=True, year__range=(scope.year_from, scope.year_to)
    )


CELL_KEYS = ("award_type_id", "collective", "individual", "women", "men")


def award_cells(scope: Scope) -> list[dict[str, Any]]:
    """Per year and title or form: the collective lượt, the individual lượt and of those the women's
    and the men's, ordered by year and award type id.

    The province's come from `AwardYearFigures`, each year counted again only when its version
    (bumped by the triggers of migration 0004 on any counted change) differs from the one it was
    counted at; a unit's or a block's (a small part of the history) are counted directly.
    """
    if scope.unit is None and scope.block is None:
        return _province_cells(scope.year_from, scope.year_to)
    return _grouped_cells(awards(scope))


def _grouped_cells(records: QuerySet[AwardRecord]) -> list[dict[str, Any]]:
    """The one grouped aggregate behind the award figures.

    Grouped by (year, award type) only, the gender counted by conditional counts, so that SQLite
    reads the counted records in the order of the partial covering index `stats_award_counted`
    (migration 0003) and aggregates them as it goes, looking up each individual's gender by the
    person's primary key, with no sorting.
    """
    rows = (
        records.order_by()
        .values("year", "award_type_id")
        .annotate(
            collective=Count("id", filter=Q(unit__isnull=False)),
            individual=Count("id", filter=Q(person__isnull=False)),
            women=Count("id", filter=Q(person__gender=Gender.FEMALE)),
            men=Count("id", filter=Q(person__gender=Gender.MALE)),
        )
        .order_by("year", "award_type_id")
    )
    return list(rows)


def _province_cells(year_from: int, year_to: int) -> list[dict[str, Any]]:
    kept = {f.year: f for f in AwardYearFigures.objects.filter(year__range=(year_from, year_to))}
    stale = [year for year in range(year_from, year_to + 1) if year not in kept or not kept[year].valid]
    if stale:
        kept.update(_recompute(stale))
    return [
        {"year": year, **dict(zip(CELL_KEYS, cell, strict=True))}
        for year in sorted(kept)
        for cell in kept[year].cells or []
    ]


def _recompute(years: list[int]) -> dict[int, AwardYearFigures]:
    """Count the years again and keep their figures with the version they were counted at.

    The years' rows exist (committed) before their versions are read and the count starts, so a
    write committed after that bumps a version the figures are not kept for: the next request counts
    that year again. When the database refuses the writes the figures are returned, just not kept.
    """
    try:
        with transaction.atomic():
            AwardYearFigures.objects.bulk_create(
                [AwardYearFigures(year=year) for year in years], ignore_conflicts=True
            )
        versions = dict(AwardYearFigures.objects.filter(year__in=years).values_list("year", "version"))
    except DatabaseError:
        versions = {}
    fresh: dict[int, list[list[int]]] = {year: [] for year in years}
    for row in _grouped_cells(AwardRecord.objects.filter(voided_at__isnull=True, year__in=years)):
        fresh[row["year"]].append([row[k] for k in CELL_KEYS])
    now = timezone.now()
    try:
        with transaction.atomic():
            for year, version in versions.items():
                AwardYearFigures.objects.filter(year=year, version=version).update(
                    cells=fresh[year], computed_version=version, computed_at=now
                )
    except DatabaseError:
        pass
    return {
        year: AwardYearFigures(year=year, version=0, computed_version=0, cells=cells)
        for year, cells in fresh.items()
    }


def totals_by_year(scope: Scope, cells: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Per year: collective and individual lượt, and of the individuals the women and the men."""
    by_year: dict[int, dict[str, Any]] = {}
    for cell in award_cells(scope) if cells is None else cells:
        row = by_year.setdefault(
            cell["year"], {"year": cell["year"], "collective": 0, "individual": 0, "women": 0, "men": 0}
        )
        for key in ("collective", "individual", "women", "men"):
            row[key] += cell[key]
    return [by_year[year] for year in sorted(by_year)]


def award_counts(scope: Scope, cells: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Lượt per year, title or form, level, recipient kind and gender ("" for collectives and for
    individuals of unknown gender), ordered by year, the catalogue's order and gender."""
    types = {t["id"]: t for t in AwardType.objects.values("id", "code", "short_name", "level", "position")}
    result = []
    for cell in award_cells(scope) if cells is None else cells:
        kind = types[cell["award_type_id"]]
        unknown = cell["individual"] - cell["women"] - cell["men"]
        for gender, collective, individual in (
            ("", cell["collective"], unknown),
            (Gender.FEMALE.value, 0, cell["women"]),
            (Gender.MALE.value, 0, cell["men"]),
        ):
            if collective or individual:
                result.append(
                    {
                        "year": cell["year"],
                        "code": kind["code"],
                        "name": kind["short_name"],
                        "level": kind["level"],
                        "gender": gender,
                        "collective": collective,
                        "individual": individual,
                        "_order": (cell["year"], kind["position"], kind["id"], gender),
                    }
                )
    result.sort(key=lambda r: r["_order"])
    for row in result:
        del row["_order"]
    return result


def unit_ratings(scope: Scope) -> list[dict[str, Any]]:
    """Per year and rating: how many of the scope's units were rated (a block: its members of that
    year, not their sub-units; seed 000's "6/6 đơn vị hoàn thành xuất sắc nhiệm vụ"), and of how many."""
    ratings = PerformanceRating.objects.filter(
        unit__isnull=False, year__range=(scope.year_from, scope.year_to)
    )
    if scope.block is not None:
        ratings = ratings.filter(
            Exists(
                Membership.objects.filter(
                    block_year__block=scope.block,
                    block_year__year=OuterRef("year"),
                    unit_id=OuterRef("unit_id"),
                )
            )
        )
    elif scope.unit is not None:
        ratings = ratings.filter(Q(unit=scope.unit) | Q(unit__parent=scope.unit))
    rows = list(ratings.values("year", "rating").annotate(units=Count("id")).order_by("year", "rating"))
    if scope.block is not None:
        sizes = dict(
            Membership.objects.filter(
                block_year__block=scope.block, block_year__year__range=(scope.year_from, scope.year_to)
            )
            .values("block_year__year")
            .annotate(n=Count("id"))
            .values_list("block_year__year", "n")
        )
        for row in rows:
            row["of"] = sizes.get(row["year"], 0)
    labels = dict(RatingLevel.choices)
    for row in rows:
        row["label"] = str(labels.get(row["rating"], row["rating"]))
        row.setdefault("of", None)
    return rows


def rankings(scope: Scope) -> list[dict[str, Any]]:
    """The honoured places (suy tôn) of each block year: year, block, rank, unit."""
    standings = Standing.objects.filter(block_year__year__range=(scope.year_from, scope.year_to), rank__lte=3)
    if scope.block is not None:
        standings = standings.filter(block_year__block=scope.block)
    if scope.unit is not None:
        standings = standings.filter(unit=scope.unit)
    return list(
        standings.values("block_year__year", "block_year__block__name", "rank", "unit__name").order_by(  # type: ignore[arg-type]
            "block_year__year", "block_year__block__name", "rank"
        )
    )


def leading_units(scope: Scope) -> list[dict[str, Any]]:
    """Units by the number of years they led their block (rank 1), most first."""
    standings = Standing.objects.filter(block_year__year__range=(scope.year_from, scope.year_to), rank=1)
    if scope.block is not None:
        standings = standings.filter(block_year__block=scope.block)
    if scope.unit is not None:
        standings = standings.filter(unit=scope.unit)
    return list(
        standings.values("unit_id", "unit__name").annotate(times=Count("id")).order_by("-times", "unit__name")
    )


def member_scores(scope: Scope) -> list[dict[str, Any]]:
    """Each member's published total and rank per year (the latest published ranking of a block year).

    The published rankings are frozen JSON, one per block year: a few dozen, never one per award.
    """
    snapshots = RankingSnapshot.objects.filter(block_year__year__range=(scope.year_from, scope.year_to))
    if scope.block is not None:
        snapshots = snapshots.filter(block_year__block=scope.block)
    latest: dict[int, RankingSnapshot] = {}
    for snapshot in snapshots.select_related("block_year").order_by("block_year_id", "published_at"):
        latest[snapshot.block_year_id] = snapshot
    result = []
    for snapshot in latest.values():
        for row in snapshot.rows:
            if scope.unit is not None and row.get("unit_id") != scope.unit.pk:
                continue
            result.append(
                {
                    "year": snapshot.block_year.year,
                    "unit": row.get("unit", ""),
                    "total": row.get("total", ""),
                    "rank": row.get("rank"),
                }
            )
    result.sort(key=lambda r: (r["unit"], r["year"]))
    return result


def proposals_vs_decisions(scope: Scope) -> list[dict[str, Any]]:
    """Per year: lines proposed (each dossier's current version), awarded, refused, pending."""
    lines = DossierLine.objects.filter(
        owner_filter(scope), year__range=(scope.year_from, scope.year_to)
    ).filter(version=F("dossier__version"))
    return list(
        lines.values("year")
        .annotate(
            proposed=Count("id"),
            awarded=Count("id", filter=Q(result=LineResult.AWARDED)),
            refused=Count("id", filter=Q(result=LineResult.NOT_AWARDED)),
            pending=Count("id", filter=Q(result=LineResult.PENDING)),
        )
        .order_by("year")
    )


def movements(scope: Scope) -> QuerySet[Movement]:
    rows = Movement.objects.filter(block_year__year__range=(scope.year_from, scope.year_to))
    if scope.block is not None:
        rows = rows.filter(block_year__block=scope.block)
    if scope.unit is not None:
        rows = rows.filter(block_year__memberships__unit=scope.unit)
    return rows


def statistics(scope: Scope) -> dict[str, Any]:
    """Everything the page, the API and the export show."""
    cells = award_cells(scope)
    return {
        "totals": totals_by_year(scope, cells),
        "awards": award_counts(scope, cells),
        "ratings": unit_ratings(scope),
        "rankings": rankings(scope),
        "leaders": leading_units(scope),
        "scores": member_scores(scope),
        "proposals": proposals_vs_decisions(scope),
    }
