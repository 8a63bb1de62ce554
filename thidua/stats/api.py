"""The statistics through the API (`/api/v1/statistics/`): the page's figures as JSON, with the page's
filters (year_from, year_to, block or unit; the last ten years by default) and through the page's door
(`stats.permissions.scope_from_query`): the board, administrators and observers read the province,
any block and any unit; a unit officer its own unit and its blocks; anyone else is refused (403).
`statistics/province-job/` starts the province's XLSX or DOCX as a job, as the page's buttons do."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.accounts import permissions as perms
from thidua.stats import jobs, queries
from thidua.stats.permissions import reads_province, scope_from_query


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


def _errors(form: Any) -> ValidationError:
    return ValidationError(
        {("non_field_errors" if k == "__all__" else k): [str(e) for e in v] for k, v in form.errors.items()}
    )


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
            raise _errors(form)
        return Response(statistics_json(scope, queries.statistics(scope)))


class ProvinceJobView(APIView):
    """The province's statistics as a file made by a job (the board, administrators and observers):
    answers the job's id; its page `/jobs/<id>/` follows the progress and offers the file."""

    @extend_schema(
        request=inline_serializer(
            "StatisticsProvinceJobRequest",
            {
                "fmt": serializers.ChoiceField(choices=list(jobs.FORMATS)),
                "year_from": serializers.IntegerField(required=False),
                "year_to": serializers.IntegerField(required=False),
            },
        ),
        responses={
            202: inline_serializer(
                "StatisticsProvinceJob",
                {"job": serializers.IntegerField(), "status": serializers.CharField()},
            )
        },
    )
    def post(self, request: Request) -> Response:
        perms.require(reads_province(request.user))
        query = QueryDict(mutable=True)
        for key in ("year_from", "year_to"):
            if request.data.get(key) not in (None, ""):
                query[key] = str(request.data[key])
        form, scope = scope_from_query(request.user, query)
        if scope is None:
            raise _errors(form)
        fmt = str(request.data.get("fmt", ""))
        if fmt not in jobs.FORMATS:
            raise ValidationError({"fmt": [_("Choose XLSX or DOCX.")]})
        job = jobs.start_province_statistics(
            actor=request.user, scope=scope, fmt=fmt, language=get_language() or "vi"
        )
        return Response({"job": job.pk, "status": job.status}, status=202)
