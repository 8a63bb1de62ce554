"""API of the awards app: the catalogue, history (awards, ratings, initiatives), single eligibility
and batch jobs with progress, through the same doors and services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.awards import batch, services
from thidua.awards.models import (
    AwardCategory,
    AwardLevel,
    AwardRecord,
    AwardType,
    AwardTypeVersion,
    EvaluationJob,
    EvaluationResult,
    Initiative,
    PerformanceRating,
)
from thidua.awards.permissions import (
    can_run_batch,
    get_job_for_user,
    get_person_history_for_user,
    get_unit_history_for_user,
    jobs_visible_to,
    reads_history,
)
from thidua.awards.rules import evaluate
from thidua.blocks.models import Block
from thidua.orgs.api import as_drf_error
from thidua.orgs.models import Person, Unit


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardTypeVersion
        fields = [
            "valid_from",
            "valid_to",
            "citation",
            "deciding_authority",
            "ballot_required",
            "ballot_threshold_pct",
            "coefficient_individual",
            "coefficient_collective",
            "note",
        ]


class AwardTypeSerializer(serializers.ModelSerializer):
    versions = VersionSerializer(many=True, read_only=True)
    # Named apart from the units' `level` (another set of choices); the values are those of
    # `recognised_level` on initiatives, declared there once as an enum.
    award_level = serializers.ChoiceField(
        source="level",
        choices=AwardLevel.choices,
        required=False,
        help_text="grassroots, province or national (a local name takes its legal form's)",
    )
    legal_form = serializers.SlugRelatedField(
        slug_field="code",
        queryset=AwardType.objects.filter(category=AwardCategory.LEGAL),
        required=False,
        allow_null=True,
        help_text="For a local name: the code of the legal title or form it is.",
    )

    class Meta:
        model = AwardType
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "short_name",
            "kind",
            "recipient",
            "award_level",
            "article",
            "category",
            "legal_form",
            "rules_note",
            "versions",
        ]
        extra_kwargs = {
            "kind": {"required": False},
            "recipient": {"required": False},
            "name_en": {"required": False},
            "short_name": {"required": False},
        }


class AwardTypeViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The catalogue: every title and form with its dated versions (lookup by code). The board adds
    entries of the province's own catalogue and changes them (issue 12 item 7); others are refused."""

    serializer_class = AwardTypeSerializer
    lookup_field = "code"
    queryset = AwardType.objects.select_related("legal_form").prefetch_related("versions")

    def _save(self, serializer: Any, entry: AwardType | None) -> None:
        if not perms.is_board(self.request.user):
            raise PermissionDenied
        try:
            saved = services.save_local_award(
                actor=self.request.user, award_type=entry, **dict(serializer.validated_data)
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        serializer.instance = AwardType.objects.prefetch_related("versions").get(pk=saved.pk)

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer, None)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer, serializer.instance)


def _owner_for_write(user: Actor, data: dict[str, Any]) -> dict[str, Any]:
    person, unit = data.get("person"), data.get("unit")
    if (person is None) == (unit is None):
        raise serializers.ValidationError({"non_field_errors": ["Give exactly one of person or unit."]})
    if person is not None:
        return {"person": get_person_history_for_user(user, person.pk, write=True)}
    assert unit is not None
    return {"unit": get_unit_history_for_user(user, unit.pk, write=True)}


class HistoryViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Shared: the records the caller may read (filters `person`, `unit`, `year`); create through the
    door (403 when the caller may only read the owner's history) and the audited service."""

    model: Any = None

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular builds the schema from the model
            return self.model.objects.none()
        if not reads_history(self.request.user):
            raise PermissionDenied
        records = self.model.objects.visible_to(self.request.user)
        for name in ("person", "unit", "year"):
            value = self.request.query_params.get(name, "")
            if value.isdecimal():
                records = records.filter(**{name: int(value)})
        return records.order_by("-year", "id")

    def perform_create(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        owner = _owner_for_write(self.request.user, values)
        values.pop("person", None)
        values.pop("unit", None)
        try:
            serializer.instance = services.add_history_record(
                actor=self.request.user, model=self.model, **owner, **values
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc


class AwardRecordSerializer(serializers.ModelSerializer):
    award_type = serializers.SlugRelatedField(slug_field="code", queryset=AwardType.objects.all())
    # Given a local name as `award_type`, the record is of its legal title or form, named as the
    # decision named it (issue 12 item 7).
    awarded_as: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = AwardRecord
        fields = [
            "id",
            "award_type",
            "awarded_as",
            "person",
            "unit",
            "year",
            "decision_number",
            "decision_date",
            "decision_authority",
            "commendation_type",
            "note",
        ]


class AwardRecordViewSet(HistoryViewSet):
    """Award records of people and collectives."""

    serializer_class = AwardRecordSerializer
    model = AwardRecord

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("award_type")


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = PerformanceRating
        fields = ["id", "person", "unit", "year", "rating", "note"]


class RatingViewSet(HistoryViewSet):
    """Yearly performance ratings of people and collectives."""

    serializer_class = RatingSerializer
    model = PerformanceRating


class InitiativeSerializer(serializers.ModelSerializer):
    used_for: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    recognised_level = serializers.ChoiceField(source="level", choices=AwardLevel.choices)

    class Meta:
        model = Initiative
        fields = [
            "id",
            "person",
            "title",
            "kind",
            "recognised_level",
            "year",
            "recognised_by",
            "decision_number",
            "evidence",
            "used_for",
        ]


class InitiativeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Initiatives and scientific works (filter `person`), with the awards they grounded."""

    serializer_class = InitiativeSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Initiative.objects.none()
        if not reads_history(self.request.user):
            raise PermissionDenied
        people = Person.objects.visible_to(self.request.user)
        records = Initiative.objects.filter(person__in=people).prefetch_related("used_for")
        value = self.request.query_params.get("person", "")
        if value.isdecimal():
            records = records.filter(person_id=int(value))
        return records.order_by("-year", "id")

    def perform_create(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        person = get_person_history_for_user(self.request.user, values.pop("person").pk, write=True)
        try:
            serializer.instance = services.add_history_record(
                actor=self.request.user, model=Initiative, person=person, **values
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc


class CheckInputSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False)
    unit = serializers.IntegerField(required=False)
    award_type = serializers.SlugRelatedField(slug_field="code", queryset=AwardType.objects.all())
    year = serializers.IntegerField(min_value=1945, max_value=2100)
    on = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("person" in attrs) == ("unit" in attrs):
            raise serializers.ValidationError("Give exactly one of person or unit.")
        return attrs


class RecordRefSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    text = serializers.CharField()


class ConditionSerializer(serializers.Serializer):
    rule = serializers.CharField()
    article = serializers.CharField()
    status = serializers.CharField()
    text = serializers.CharField()
    records = RecordRefSerializer(many=True)


class VerdictSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["eligible", "not_eligible", "needs_check"])
    award_type = serializers.CharField()
    year = serializers.IntegerField()
    on = serializers.DateField()
    citation = serializers.CharField()
    conditions = ConditionSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())
    newer_status = serializers.CharField(allow_null=True)


def verdict_data(verdict: Any) -> dict[str, Any]:
    return {
        "status": verdict.status,
        "award_type": verdict.code,
        "year": verdict.year,
        "on": verdict.on,
        "citation": verdict.citation,
        "conditions": [
            {
                "rule": c.rule,
                "article": c.article,
                "status": c.status,
                "text": c.text,
                "records": [{"kind": r.kind, "id": r.id, "text": r.text} for r in c.records],
            }
            for c in verdict.conditions
        ],
        "notes": verdict.note_texts,
        "newer_status": verdict.newer.status if verdict.newer else None,
    }


class EligibilityViewSet(viewsets.GenericViewSet):
    """POST `eligibility/check/` with a person or unit, a title or form code and a year: the verdict
    with every condition explained (rule, article, records used, what is missing)."""

    serializer_class = CheckInputSerializer
    queryset = AwardType.objects.none()

    @extend_schema(request=CheckInputSerializer, responses=VerdictSerializer)
    @action(detail=False, methods=["post"])
    def check(self, request: Request) -> Response:
        data = CheckInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "person" in values:
            owner: Any = get_person_history_for_user(request.user, values["person"])
        else:
            owner = get_unit_history_for_user(request.user, values["unit"])
        verdict = evaluate(owner, values["award_type"].code, values["year"], on=values.get("on"))
        return Response(VerdictSerializer(verdict_data(verdict)).data)


class JobSerializer(serializers.ModelSerializer):
    award_type = serializers.SlugRelatedField(
        slug_field="code", queryset=AwardType.objects.all(), required=False, allow_null=True
    )
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = EvaluationJob
        fields = [
            "id",
            "year",
            "on",
            "block",
            "unit",
            "award_type",
            "status",
            "total",
            "done",
            "percent",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = ["status", "total", "done", "error", "created_at", "finished_at"]
        extra_kwargs = {"on": {"required": False}}


class ResultSerializer(serializers.ModelSerializer):
    award_type = serializers.CharField(source="award_type.code")

    class Meta:
        model = EvaluationResult
        fields = ["id", "award_type", "person", "unit", "home_unit", "status", "failed", "priority"]


class JobViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Batch evaluations: POST starts one (a thread runs it; poll `status`, `done`, `total`), GET
    `{id}/results/` lists its verdicts (filters `award_type`, `status`)."""

    serializer_class = JobSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return EvaluationJob.objects.none()
        if not reads_history(self.request.user):
            raise PermissionDenied
        return jobs_visible_to(self.request.user).select_related("award_type")

    def get_object(self) -> EvaluationJob:
        return get_job_for_user(self.request.user, int(self.kwargs["pk"]))

    def perform_create(self, serializer: Any) -> None:
        values = serializer.validated_data
        block: Block | None = values.get("block")
        unit: Unit | None = values.get("unit")
        if block is not None and unit is not None:
            raise serializers.ValidationError({"non_field_errors": ["Give a block or a unit, not both."]})
        if not (
            perms.is_board(self.request.user) or perms.is_unit_officer(self.request.user)
        ) or not can_run_batch(self.request.user, unit=unit, block=block):
            raise PermissionDenied
        serializer.instance = batch.start_job(
            actor=self.request.user,
            year=values["year"],
            on=values.get("on"),
            unit=unit,
            block=block,
            award_type=values.get("award_type"),
        )

    @extend_schema(responses=ResultSerializer(many=True))
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str) -> Response:
        job = self.get_object()
        results = EvaluationResult.objects.filter(job=job).select_related("award_type").order_by("id")
        code = request.query_params.get("award_type", "")
        if code:
            results = results.filter(award_type__code=code)
        status = request.query_params.get("status", "")
        if status:
            results = results.filter(status=status)
        page = self.paginate_queryset(results)
        return self.get_paginated_response(ResultSerializer(page, many=True).data)
