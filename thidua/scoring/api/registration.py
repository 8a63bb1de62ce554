"""API for a block year's movements and the members' registrations (đăng ký thi đua), through
`scoring.services.registration` and the door of `scoring.permissions`, with the same rules as the Scoring page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.accounts import permissions as perms
from thidua.awards.models import AwardType
from thidua.blocks.api import UnitRefSerializer
from thidua.blocks.models import BlockYear
from thidua.scoring.api.common import BLOCK_YEAR_FILTER, body_id, call_service, is_write
from thidua.scoring.models import Movement, Registration
from thidua.scoring.permissions import (
    can_run_scoring,
    get_movement_for_user,
    get_registration_for_user,
    get_scoring_year_for_user,
    visible_registrations,
)
from thidua.scoring.services.registration import add_movement, not_registered, register


def _in_year(queryset: Any, request: Request) -> Any:
    block_year = request.query_params.get("block_year", "")
    return queryset.filter(block_year_id=int(block_year)) if block_year.isdecimal() else queryset


class MovementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Movement
        fields = ["id", "block_year", "kind", "name", "theme", "start", "end"]
        validators: list[Any] = []  # the service and the model's checks answer in words


@extend_schema_view(list=extend_schema(parameters=[BLOCK_YEAR_FILTER]))
class MovementViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Emulation movements of the block years the caller may see. Filter: `block_year`. Those who run
    the year's scoring add one: regular, or thematic with a `theme` and `start`/`end` dates."""

    serializer_class = MovementSerializer

    def get_queryset(self) -> Any:
        movements = Movement.objects.filter(block_year__in=BlockYear.objects.visible_to(self.request.user))
        return _in_year(movements, self.request)

    def get_object(self) -> Movement:
        return get_movement_for_user(self.request.user, int(self.kwargs["pk"]))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        block_year_id = body_id(request, "block_year")
        if block_year_id is not None:
            get_scoring_year_for_user(request.user, block_year_id, write=True)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        block_year = get_scoring_year_for_user(self.request.user, values.pop("block_year").pk, write=True)
        serializer.instance = call_service(
            add_movement, actor=self.request.user, block_year=block_year, **values
        )


class TitleCountSerializer(serializers.Serializer):
    award_type = serializers.SlugRelatedField(slug_field="code", queryset=AwardType.objects.all())
    number = serializers.IntegerField(min_value=0)


class RegistrationSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    registered_by_name = serializers.CharField(source="registered_by.full_name", read_only=True)
    movements = serializers.PrimaryKeyRelatedField(many=True, queryset=Movement.objects.all(), required=False)
    title_counts = TitleCountSerializer(
        many=True,
        required=False,
        help_text="How many collectives and people aim for each title or form (award type code and number).",
    )

    class Meta:
        model = Registration
        fields = [
            "id",
            "block_year",
            "unit",
            "unit_name",
            "targets",
            "titles",
            "title_counts",
            "movements",
            "registered_by_name",
            "registered_at",
        ]
        read_only_fields = ["block_year", "unit", "registered_at"]
        # The service says what to write when the targets are empty.
        extra_kwargs = {"targets": {"allow_blank": True}}
        validators: list[Any] = []  # one per member and year: a second POST updates it


class RegistrationCreateSerializer(RegistrationSerializer):
    class Meta(RegistrationSerializer.Meta):
        read_only_fields = ["unit", "registered_at"]


@extend_schema_view(list=extend_schema(parameters=[BLOCK_YEAR_FILTER]))
class RegistrationViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Members' registrations: the board, observers and the year's leader officer read all of them, a
    member's people only their own unit's. Filter: `block_year`.

    A member's unit officer POSTs its unit's registration (`block_year`, `targets`, `titles`,
    `movements`; 201, or 200 when it replaces the unit's earlier one) and may PUT/PATCH it.
    GET `not-registered/?block_year=ID` lists the members that have not registered yet (for those
    who run the year's scoring and observers)."""

    serializer_class = RegistrationSerializer

    def get_serializer_class(self) -> Any:
        return RegistrationCreateSerializer if self.action == "create" else RegistrationSerializer

    def get_queryset(self) -> Any:
        registrations = visible_registrations(self.request.user).select_related("unit", "registered_by")
        return (
            _in_year(registrations, self.request)
            .prefetch_related("movements", "title_counts__award_type")
            .order_by("unit__name_sort")
        )

    def get_object(self) -> Registration:
        return get_registration_for_user(
            self.request.user, int(self.kwargs["pk"]), write=is_write(self.request)
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request.user
        block_year_id = body_id(request, "block_year")
        if block_year_id is not None:
            get_scoring_year_for_user(user, block_year_id)
        if not perms.is_unit_officer(user) or user.unit_id is None:
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        block_year = get_scoring_year_for_user(user, values.pop("block_year").pk)
        if "title_counts" in values:
            values["title_counts"] = {row["award_type"]: row["number"] for row in values["title_counts"]}
        existed = Registration.objects.filter(block_year=block_year, unit_id=user.unit_id).exists()
        saved = call_service(register, actor=user, block_year=block_year, unit=user.unit, **values)
        return Response(
            RegistrationSerializer(saved).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    def perform_update(self, serializer: Any) -> None:
        current: Registration = serializer.instance
        values = serializer.validated_data
        serializer.instance = call_service(
            register,
            actor=self.request.user,
            block_year=current.block_year,
            unit=current.unit,
            targets=values.get("targets", current.targets),
            titles=values.get("titles", current.titles),
            movements=values.get("movements", list(current.movements.all())),
            title_counts={row["award_type"]: row["number"] for row in values["title_counts"]}
            if "title_counts" in values
            else None,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("block_year", int, required=True, description="The block year (its id).")
        ],
        responses=UnitRefSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="not-registered", pagination_class=None)
    def not_registered(self, request: Request) -> Response:
        block_year_id = request.query_params.get("block_year", "")
        if not block_year_id.isdecimal():
            raise ValidationError({"block_year": [_("Choose the block year: ?block_year=ID.")]})
        block_year = get_scoring_year_for_user(request.user, int(block_year_id))
        perms.require(can_run_scoring(request.user, block_year) or perms.sees_everything(request.user))
        return Response(UnitRefSerializer(not_registered(block_year), many=True).data)
