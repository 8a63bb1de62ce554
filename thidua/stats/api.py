"""The statistics through the API (`/api/v1/statistics/`): the page's figures as JSON, with the page's
filters (year_from, year_to, block or unit; the last ten years by default) and through the page's door
(`stats.permissions.scope_from_query`): the board, administrators and observers read the province,
any block and any unit; a unit officer its own unit and its blocks; anyone else is refused (403)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.stats import queries
from thidua.stats.permissions import scope_from_query


def statistics_json(scope: queries.Scope, stats: dict[str, Any]) -> dict[str, Any]:
    """The figures with plain keys (the page's rows use the ORM's lookups)."""
    return {
        "scope": {
            "label": scope.label,
            "year_from": scope.year_from,
            "year_to": scope.year_to,
            "block": scope.block.pk if scope.block else None,
            "unit": scope.unit.pk if scope.unit else None,
        },
        "totals": stats["totals"],
        "awards": stats["awards"],
        "ratings": [
            {
                "year": r["year"],
                "rating": r["rating"],
                "label": r["label"],
                "units": r["units"],
                "of": r["of"],
            }
            for r in stats["ratings"]
        ],
        "rankings": [
            {
                "year": r["block_year__year"],
                "block": r["block_year__block__name"],
                "rank": r["rank"],
                "unit": r["unit__name"],
            }
            for r in stats["rankings"]
        ],
        "leading_units": [
            {"unit_id": r["unit_id"], "unit": r["unit__name"], "years_leading": r["times"]}
            for r in stats["leaders"]
        ],
        "scores": stats["scores"],
        "proposals": stats["proposals"],
    }


class StatisticsView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("year_from", OpenApiTypes.INT),
            OpenApiParameter("year_to", OpenApiTypes.INT),
            OpenApiParameter("block", OpenApiTypes.INT, description="a block's id (not with unit)"),
            OpenApiParameter("unit", OpenApiTypes.INT, description="a unit's id (not with block)"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        form, scope = scope_from_query(request.user, request.query_params)
        if scope is None:
            raise ValidationError(
                {
                    ("non_field_errors" if k == "__all__" else k): [str(e) for e in v]
                    for k, v in form.errors.items()
                }
            )
        return Response(statistics_json(scope, queries.statistics(scope)))
