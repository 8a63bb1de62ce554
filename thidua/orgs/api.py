"""API for units and people, through the same services and permission door as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from thidua.accounts import permissions as perms
from thidua.orgs import permissions as org_perms
from thidua.orgs import services
from thidua.orgs.models import Person, Position, Unit
from thidua.orgs.permissions import get_person_for_user, get_unit_for_user


def as_drf_error(exc: DjangoValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return ValidationError({"non_field_errors": exc.messages})
    # A model-wide error (a constraint of several fields) is keyed "__all__" by Django; DRF says
    # "non_field_errors".
    return ValidationError(
        {
            ("non_field_errors" if key == NON_FIELD_ERRORS else key): value
            for key, value in exc.message_dict.items()
        }
    )


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", *services.UNIT_FIELDS]


class UnitViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Units the caller may see. Filters: `q` (diacritic-insensitive name), `kind`, `level`, `parent`."""

    serializer_class = UnitSerializer

    def get_queryset(self) -> Any:
        units = Unit.objects.visible_to(self.request.user).search(self.request.query_params.get("q", ""))
        for name in ("kind", "level", "parent"):
            value = self.request.query_params.get(name)
            if value:
                units = units.filter(**{name: value})
        return units

    def get_object(self) -> Unit:
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_unit_for_user(self.request.user, int(self.kwargs["pk"]), write=write)

    def perform_create(self, serializer: Any) -> None:
        parent = serializer.validated_data.get("parent")
        if not perms.is_board(self.request.user) and not (
            parent is not None and org_perms.can_write_people_of(self.request.user, parent.pk)
        ):
            raise PermissionDenied
        values = dict(serializer.validated_data)
        if not perms.is_board(self.request.user):
            values["kind"] = "sub_unit"
        try:
            serializer.instance = services.create_unit(actor=self.request.user, **values)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def perform_update(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        if not perms.is_board(self.request.user):
            # As on the page: a unit officer's sub-units stay sub-units under its own units.
            parent = values.get("parent", serializer.instance.parent)
            if parent is None or parent.pk not in Unit.objects.own_ids(self.request.user):
                raise PermissionDenied
            values["kind"] = "sub_unit"
        try:
            serializer.instance = services.update_unit(
                actor=self.request.user, unit=serializer.instance, **values
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc


class PositionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Position
        fields = ["unit", "unit_name", "title", "start", "end"]


class PersonSerializer(serializers.ModelSerializer):
    positions = PositionSerializer(many=True, read_only=True)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), write_only=True, required=False)
    position_title = serializers.CharField(write_only=True, required=False)
    position_start = serializers.DateField(write_only=True, required=False)
    allow_duplicate = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "family_name",
            "middle_name",
            "given_name",
            "gender",
            "birth_date",
            "national_id",
            "civil_servant_code",
            "email",
            "phone",
            "positions",
            "unit",
            "position_title",
            "position_start",
            "allow_duplicate",
        ]
        read_only_fields = ["family_name", "middle_name", "given_name"]

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        current = next((p.unit_id for p in instance.positions.all() if p.end is None), None)
        if not org_perms.can_see_personal_ids(self.context["request"].user, current):
            data["national_id"] = None
            data["birth_date"] = None
        return data


class PersonViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """People the caller may see, sorted the Vietnamese way. Filters: `q`, `unit` (current position)."""

    serializer_class = PersonSerializer

    def get_queryset(self) -> Any:
        people = Person.objects.visible_to(self.request.user).search(self.request.query_params.get("q", ""))
        unit = self.request.query_params.get("unit", "")
        if unit.isdecimal():
            people = people.in_unit(int(unit))
        return people.prefetch_related("positions__unit").order_by("name_sort", "id")

    def get_object(self) -> Person:
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_person_for_user(self.request.user, int(self.kwargs["pk"]), write=write)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        unit = data.pop("unit", None)
        title = data.pop("position_title", "")
        start = data.pop("position_start", None)
        allow_duplicate = data.pop("allow_duplicate", False)
        if unit is None or not title or start is None:
            raise ValidationError({"unit": ["A new person needs unit, position_title and position_start."]})
        if not org_perms.can_write_people_of(self.request.user, unit.pk):
            raise PermissionDenied
        try:
            serializer.instance = services.create_person(
                actor=self.request.user,
                unit=unit,
                position_title=title,
                position_start=start,
                allow_duplicate=allow_duplicate,
                **data,
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def perform_update(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k in services.PERSON_FIELDS}
        try:
            serializer.instance = services.update_person(
                actor=self.request.user, person=serializer.instance, **data
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
