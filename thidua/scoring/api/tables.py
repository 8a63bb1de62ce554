"""API for scoring tables and their criteria: read by whoever sees the block year, built by those who
run its scoring (the board and the year's leader officer), through `scoring.services.tables` and the door of
`scoring.permissions`, like the table editor page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.accounts.types import Actor
from thidua.blocks.models import BlockYear
from thidua.orgs.api import as_drf_error
from thidua.orgs.models import Unit
from thidua.scoring.api.common import BLOCK_YEAR_FILTER, body_id, call_service, is_write
from thidua.scoring.models import Criterion, ScoringTable
from thidua.scoring.permissions import get_scoring_year_for_user, get_table_for_user
from thidua.scoring.services.tables import (
    add_criterion,
    amend_table,
    copy_table_forward,
    create_table,
    freeze_table,
    remove_criterion,
    set_member_target,
    stale_year_criteria,
    table_problems,
    update_criterion,
    update_table,
)


class TargetSerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text=gettext_lazy("A member unit of the block year."))
    target = serializers.DecimalField(max_digits=14, decimal_places=2)


class CriterionSerializer(serializers.ModelSerializer):
    applies_to = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Unit.objects.all(),
        required=False,
        help_text=gettext_lazy("Member units it is limited to; empty: every member."),
    )
    targets = serializers.SerializerMethodField()

    class Meta:
        model = Criterion
        fields = [
            "id",
            "table",
            "parent",
            "kind",
            "code",
            "text",
            "guidance",
            "max_points",
            "step",
            "evidence_required",
            "formula",
            "position",
            "applies_to",
            "targets",
        ]
        read_only_fields = ["table"]
        validators: list[Any] = []  # the services check codes, sums and steps with clear messages

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "applies_to" in self.fields:
            # Unknown for units the caller cannot see (the service's refusal names the units).
            self.fields["applies_to"].child_relation.queryset = Unit.objects.visible_to(request.user)  # type: ignore[attr-defined]

    @extend_schema_field(TargetSerializer(many=True))
    def get_targets(self, obj: Criterion) -> list[dict[str, Any]]:
        rows = [{"unit": t.unit_id, "target": t.target} for t in obj.targets.all()]
        return list(TargetSerializer(rows, many=True).data)


class CriterionCreateSerializer(CriterionSerializer):
    class Meta(CriterionSerializer.Meta):
        read_only_fields: list[str] = []


class TableSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    problems = serializers.SerializerMethodField(
        help_text=gettext_lazy("What stops the table from being frozen; empty when it adds up.")
    )
    stale_year_criteria = serializers.SerializerMethodField(
        help_text=gettext_lazy("Codes of the criteria that still name the year the table was copied from.")
    )

    class Meta:
        model = ScoringTable
        fields = [
            "id",
            "block_year",
            "version",
            "name",
            "total_points",
            "status",
            "frozen_at",
            "copied_from",
            "amendment_reason",
            "criteria",
            "problems",
            "stale_year_criteria",
        ]
        read_only_fields = [
            "block_year",
            "version",
            "status",
            "frozen_at",
            "copied_from",
            "amendment_reason",
        ]
        validators: list[Any] = []

    def get_problems(self, obj: ScoringTable) -> list[str]:
        return [] if obj.is_frozen else table_problems(obj)

    def get_stale_year_criteria(self, obj: ScoringTable) -> list[str]:
        return [c.code for c in stale_year_criteria(obj)[1]]


class TableCreateSerializer(TableSerializer):
    class Meta(TableSerializer.Meta):
        read_only_fields = ["version", "status", "frozen_at", "copied_from", "amendment_reason"]


class AmendSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class CopyForwardSerializer(serializers.Serializer):
    block_year = serializers.IntegerField(
        help_text=gettext_lazy("The later block year to copy the table to.")
    )


def _tables_of(user: Actor) -> QuerySet[ScoringTable]:
    return ScoringTable.objects.filter(block_year__in=BlockYear.objects.visible_to(user))


@extend_schema_view(list=extend_schema(parameters=[BLOCK_YEAR_FILTER]))
class TableViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Scoring tables of the block years the caller may see. Filter: `block_year`.

    Those who run the year's scoring create a table (`block_year`, `name`, `total_points`), rename a
    draft or change its total, and POST `{id}/freeze/`, `{id}/amend/` (a new draft version, with a
    `reason`) and `{id}/copy-forward/` (a draft copy in a later `block_year`). Criteria are edited
    through `criteria`. A frozen table is refused with a 400 that says to amend it."""

    serializer_class = TableSerializer

    def get_serializer_class(self) -> Any:
        return TableCreateSerializer if self.action == "create" else TableSerializer

    def get_queryset(self) -> Any:
        tables = _tables_of(self.request.user)
        block_year = self.request.query_params.get("block_year", "")
        if block_year.isdecimal():
            tables = tables.filter(block_year_id=int(block_year))
        return tables.prefetch_related("criteria__applies_to", "criteria__targets")

    def get_object(self) -> ScoringTable:
        return get_table_for_user(self.request.user, int(self.kwargs["pk"]), write=is_write(self.request))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        block_year_id = body_id(request, "block_year")
        if block_year_id is not None:
            get_scoring_year_for_user(request.user, block_year_id, write=True)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        block_year = get_scoring_year_for_user(self.request.user, values.pop("block_year").pk, write=True)
        serializer.instance = call_service(
            create_table, actor=self.request.user, block_year=block_year, **values
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = call_service(
            update_table,
            actor=self.request.user,
            table=serializer.instance,
            **serializer.validated_data,
        )

    def _answer(self, table: ScoringTable, code: int = status.HTTP_200_OK) -> Response:
        fresh = ScoringTable.objects.prefetch_related("criteria__applies_to", "criteria__targets")
        return Response(TableSerializer(fresh.get(pk=table.pk)).data, status=code)

    @extend_schema(request=None, responses=TableSerializer)
    @action(detail=True, methods=["post"])
    def freeze(self, request: Request, pk: str) -> Response:
        table = call_service(freeze_table, actor=request.user, table=self.get_object())
        return self._answer(table)

    @extend_schema(request=AmendSerializer, responses={201: TableSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request: Request, pk: str) -> Response:
        table = self.get_object()
        body = AmendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        amendment = call_service(
            amend_table, actor=request.user, table=table, reason=body.validated_data["reason"]
        )
        return self._answer(amendment, status.HTTP_201_CREATED)

    @extend_schema(request=CopyForwardSerializer, responses={201: TableSerializer})
    @action(detail=True, methods=["post"], url_path="copy-forward")
    def copy_forward(self, request: Request, pk: str) -> Response:
        # Reading the source is enough: next year's leader copies last year's table.
        table = get_table_for_user(request.user, int(pk))
        body = CopyForwardSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        to_year = get_scoring_year_for_user(request.user, body.validated_data["block_year"], write=True)
        copy = call_service(copy_table_forward, actor=request.user, table=table, to_block_year=to_year)
        return self._answer(copy, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("table", int, description="Only this scoring table.")])
)
class CriterionViewSet(viewsets.ModelViewSet):
    """Groups, criteria, bonus and penalty items of the scoring tables the caller may see. Filter:
    `table`. Those who run the year's scoring add (`table` in the body), change and remove them while
    the table is a draft, and POST `{id}/targets/` with `[{"unit": id, "target": n}]` for a criterion
    scored against each member's target. The services refuse a total or group overrun, a step that
    does not divide the maximum and units outside the block year, with a 400 naming the field."""

    serializer_class = CriterionSerializer

    def get_serializer_class(self) -> Any:
        return CriterionCreateSerializer if self.action == "create" else CriterionSerializer

    def get_queryset(self) -> Any:
        criteria = Criterion.objects.filter(table__in=_tables_of(self.request.user))
        table = self.request.query_params.get("table", "")
        if table.isdecimal():
            criteria = criteria.filter(table_id=int(table))
        return criteria.prefetch_related("applies_to", "targets")

    def get_object(self) -> Criterion:
        criterion = get_object_or_404(Criterion.objects.select_related("table"), pk=int(self.kwargs["pk"]))
        get_table_for_user(self.request.user, criterion.table_id, write=is_write(self.request))
        return criterion

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        table_id = body_id(request, "table")
        if table_id is not None:
            get_table_for_user(request.user, table_id, write=True)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        table = get_table_for_user(self.request.user, values.pop("table").pk, write=True)
        serializer.instance = call_service(add_criterion, actor=self.request.user, table=table, **values)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = call_service(
            update_criterion,
            actor=self.request.user,
            criterion=serializer.instance,
            **serializer.validated_data,
        )

    def perform_destroy(self, instance: Criterion) -> None:
        call_service(remove_criterion, actor=self.request.user, criterion=instance)

    @extend_schema(request=TargetSerializer(many=True), responses=CriterionSerializer)
    @action(detail=True, methods=["post"])
    def targets(self, request: Request, pk: str) -> Response:
        criterion = self.get_object()
        rows = TargetSerializer(data=request.data, many=True)
        rows.is_valid(raise_exception=True)
        members = {m.unit_id: m.unit for m in criterion.table.block_year.memberships.select_related("unit")}
        try:
            with transaction.atomic():  # every target or none
                for row in rows.validated_data:
                    unit = members.get(row["unit"])
                    if unit is None:
                        raise DjangoValidationError(
                            {
                                "unit": _("Unit %(id)s is not a member of the block this year.")
                                % {"id": row["unit"]}
                            }
                        )
                    set_member_target(
                        actor=request.user, criterion=criterion, unit=unit, target=row["target"]
                    )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(CriterionSerializer(Criterion.objects.get(pk=criterion.pk)).data)
