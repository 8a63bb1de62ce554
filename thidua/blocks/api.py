"""API for blocks and block years, through the same services and permission door as the pages."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.blocks import services
from thidua.blocks.models import Block, BlockYear, MemberRole
from thidua.blocks.permissions import can_manage_blocks, can_note_flag, get_block_for_user
from thidua.orgs.api import as_drf_error
from thidua.orgs.models import Unit


class BlockSerializer(serializers.ModelSerializer):
    # The block's words by its kind (issue 12 item 5): Khối trưởng / Cụm trưởng, Khối phó / Cụm phó,
    # khối thi đua / cụm thi đua.
    leader_title = serializers.CharField(read_only=True)
    deputy_title = serializers.CharField(read_only=True)
    word = serializers.CharField(read_only=True)

    class Meta:
        model = Block
        fields = ["id", *services.BLOCK_FIELDS, "leader_title", "deputy_title", "word"]


class BlockViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Blocks and clusters the caller may see. Filter: `q`."""

    serializer_class = BlockSerializer

    def get_queryset(self) -> Any:
        return Block.objects.visible_to(self.request.user).search(self.request.query_params.get("q", ""))

    def get_object(self) -> Block:
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_block_for_user(self.request.user, int(self.kwargs["pk"]), write=write)

    def perform_create(self, serializer: Any) -> None:
        if not can_manage_blocks(self.request.user):
            raise PermissionDenied
        try:
            serializer.instance = services.create_block(actor=self.request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def perform_update(self, serializer: Any) -> None:
        try:
            serializer.instance = services.update_block(
                actor=self.request.user, block=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]


class BlockYearSerializer(serializers.ModelSerializer):
    block_name = serializers.CharField(source="block.name", read_only=True)
    leader = UnitRefSerializer(read_only=True)
    deputies = UnitRefSerializer(many=True, read_only=True)
    members = serializers.SerializerMethodField()
    member_ids = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), many=True, write_only=True, source="members_in"
    )
    leader_id = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), write_only=True, source="leader_in"
    )
    # In order (Phó khối 1, 2, ...): kept as given on write, returned in that order on read.
    deputy_ids = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True, source="deputies")
    # The handover of the traditional flag (issue 12 item 10), noted through `flag-handover/`.
    flag_handover = serializers.SerializerMethodField()

    class Meta:
        model = BlockYear
        fields = [
            "id",
            "block",
            "block_name",
            "year",
            "note",
            "leader",
            "deputies",
            "members",
            "member_ids",
            "leader_id",
            "deputy_ids",
            "flag_handover",
        ]

    def get_flag_handover(self, obj: BlockYear) -> dict[str, Any] | None:
        if obj.flag_handed_by_id is None:
            return None
        return {
            "handed_by": UnitRefSerializer(obj.flag_handed_by).data,
            "received_by": UnitRefSerializer(obj.flag_received_by).data,
            "handed_on": obj.flag_handed_on.isoformat() if obj.flag_handed_on else None,
            "note": obj.flag_note,
        }

    def get_members(self, obj: BlockYear) -> list[dict[str, Any]]:
        return [
            {
                "id": m.unit_id,
                "code": m.unit.code,
                "name": m.unit.name,
                "role": m.role,
                "role_label": obj.role_label(m),  # Cụm trưởng, Cụm phó 1 ... for a cluster
                "deputy_order": m.deputy_order,
            }
            for m in obj.memberships.all()
        ]


class FlagHandoverSerializer(serializers.Serializer):
    handed_by = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True)
    received_by = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True)
    handed_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


class BlockYearViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Block years with members, leader and deputies. Filters: `year`, `block`.

    Create and update replace the whole membership in one step (members, leader, deputies).
    """

    serializer_class = BlockYearSerializer

    def get_queryset(self) -> Any:
        years = (
            BlockYear.objects.visible_to(self.request.user)
            .with_members()
            .order_by("block__name_sort", "-year")
        )
        for name in ("year", "block"):
            value = self.request.query_params.get(name, "")
            if value.isdecimal():
                years = years.filter(**{name: int(value)})
        return years

    def get_object(self) -> BlockYear:
        block_year = get_object_or_404(self.get_queryset(), pk=int(self.kwargs["pk"]))
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and not can_manage_blocks(self.request.user):
            raise PermissionDenied
        return cast("BlockYear", block_year)

    def _save(self, serializer: Any, block: Block, year: int) -> None:
        data = dict(serializer.validated_data)
        if serializer.instance is not None:
            # A PATCH may leave out the members, the leader or the deputies: they stay as they are.
            roles = [(m.unit, m.role) for m in serializer.instance.memberships.select_related("unit")]
            data.setdefault("members_in", [unit for unit, _role in roles])
            data.setdefault("leader_in", next((u for u, r in roles if r == MemberRole.LEADER), None))
            data.setdefault("deputies", serializer.instance.deputies)
            data.setdefault("note", serializer.instance.note)
        try:
            saved = services.set_block_year(
                actor=self.request.user,
                block=block,
                year=year,
                members=data["members_in"],
                leader=data["leader_in"],
                deputies=data["deputies"],
                note=data.get("note", ""),
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        serializer.instance = BlockYear.objects.with_members().get(pk=saved.pk)

    def perform_create(self, serializer: Any) -> None:
        if not can_manage_blocks(self.request.user):
            raise PermissionDenied
        block = get_block_for_user(self.request.user, serializer.validated_data["block"].pk, write=True)
        self._save(serializer, block, serializer.validated_data["year"])

    def perform_update(self, serializer: Any) -> None:
        instance = serializer.instance
        self._save(serializer, instance.block, instance.year)

    @extend_schema(request=FlagHandoverSerializer, responses=BlockYearSerializer)
    @action(detail=True, methods=["post"], url_path="flag-handover")
    def flag_handover(self, request: Request, pk: str) -> Response:
        """Note the handover of the traditional flag (the board or the year's leader officer); both
        units null clears it."""
        block_year = get_object_or_404(self.get_queryset(), pk=int(pk))
        if not can_note_flag(request.user, block_year):
            raise PermissionDenied
        data = FlagHandoverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            services.note_flag_handover(
                actor=request.user,
                block_year=block_year,
                handed_by=values.get("handed_by"),
                received_by=values.get("received_by"),
                handed_on=values.get("handed_on"),
                note=values.get("note", ""),
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(BlockYearSerializer(BlockYear.objects.with_members().get(pk=block_year.pk)).data)
