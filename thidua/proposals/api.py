"""API of the proposals: dossiers with their lines and steps, decisions and the reward fund, through
the same doors (permissions.py) and services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.awards.models import AwardLevel, AwardType
from thidua.lib.uploads import serve_stored_file
from thidua.orgs.api import as_drf_error
from thidua.proposals import services
from thidua.proposals.checklist import checklist
from thidua.proposals.models import (
    Appraisal,
    Decision,
    DecisionLine,
    Dossier,
    DossierAttachment,
    DossierKind,
    DossierLine,
    DossierStatus,
    DossierTransition,
    EntryKind,
    FundEntry,
    PaperKind,
)
from thidua.proposals.permissions import (
    can_create_for,
    can_decide,
    can_edit,
    can_propose_for,
    decisions_visible_to,
    get_decision_for_user,
    get_dossier_for_user,
    get_line_for_user,
    is_receiver,
    may_take,
    reads_fund,
    writes_fund,
)


def _call(service: Any, **values: Any) -> Any:
    try:
        return service(**values)
    except DjangoValidationError as exc:
        raise as_drf_error(exc) from exc


class LineSerializer(serializers.ModelSerializer):
    award_type = serializers.SlugRelatedField(slug_field="code", queryset=AwardType.objects.all())

    class Meta:
        model = DossierLine
        fields = [
            "id",
            "dossier",
            "version",
            "person",
            "unit",
            "award_type",
            "year",
            "basis",
            "wording",
            "candidate",
            "votes_yes",
            "votes_no",
            "votes_abstain",
            "verdict_status",
            "verdict_on",
            "verdict_snapshot",
            "appraisal",
            "appraisal_reason",
            "return_reason",
            "result",
        ]
        read_only_fields = [
            f for f in fields if f not in ("person", "unit", "award_type", "year", "basis", "wording")
        ]


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = DossierTransition
        fields = ["version", "from_status", "to_status", "actor", "at", "reason"]


class DossierSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=DossierKind.choices, default=DossierKind.YEAR_END)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "title",
            "proposing_unit",
            "receiving_body",
            "block_year",
            "year",
            "kind",
            "version",
            "status",
            "deadline",
            "late",
            "submitted_on",
            "received_on",
            "signer_title",
            "signer_name",
        ]
        read_only_fields = [
            "version",
            "status",
            "deadline",
            "late",
            "submitted_on",
            "received_on",
            "block_year",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    """A paper of a dossier version: POST (multipart) `kind`, `file`, optional `line`, `replaces`
    (the id of a paper it replaces) and `note`."""

    file = serializers.FileField(write_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    active = serializers.BooleanField(read_only=True)
    kind = serializers.ChoiceField(choices=PaperKind.choices)
    line = serializers.PrimaryKeyRelatedField(
        queryset=DossierLine.objects.all(), required=False, allow_null=True, default=None
    )
    replaces = serializers.PrimaryKeyRelatedField(
        queryset=DossierAttachment.objects.all(), required=False, allow_null=True, default=None
    )

    class Meta:
        model = DossierAttachment
        fields = [
            "id",
            "dossier",
            "version",
            "line",
            "kind",
            "note",
            "file",
            "original_name",
            "size",
            "sha256",
            "content_type",
            "uploaded_by",
            "uploaded_at",
            "replaces",
            "superseded_at",
            "removed_at",
            "active",
        ]
        read_only_fields = [
            "dossier",
            "version",
            "original_name",
            "size",
            "sha256",
            "content_type",
            "uploaded_at",
            "superseded_at",
            "removed_at",
        ]


class RequirementSerializer(serializers.Serializer):
    rule = serializers.CharField()
    paper = serializers.CharField()
    line = serializers.IntegerField(source="line.pk", default=None)
    present = serializers.BooleanField()
    comes_from = serializers.CharField(source="source")
    text = serializers.CharField(source="label")
    how = serializers.CharField()


class SignerSerializer(serializers.Serializer):
    signer_title = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    signer_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnSerializer(ReasonSerializer):
    line_reasons = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )


class AppraiseSerializer(serializers.Serializer):
    appraisal = serializers.ChoiceField(choices=[Appraisal.ELIGIBLE, Appraisal.NOT_ELIGIBLE])
    reason = serializers.CharField(required=False, allow_blank=True, default="")


STEPS = {
    "submit": (DossierStatus.SUBMITTED, services.submit_dossier, False),
    "resubmit": (DossierStatus.RESUBMITTED, services.resubmit_dossier, False),
    "receive": (DossierStatus.RECEIVED, services.receive_dossier, False),
    "send_to_council": (DossierStatus.FOR_COUNCIL, services.send_to_council, False),
    "reject": (DossierStatus.REJECTED, services.reject_dossier, True),
    "withdraw": (DossierStatus.WITHDRAWN, services.withdraw_dossier, True),
}


class DossierViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Dossiers the caller may read (filters `status`, `year`), their lines, history and steps."""

    serializer_class = DossierSerializer

    def get_queryset(self) -> Any:
        dossiers = Dossier.objects.visible_to(self.request.user)
        status = self.request.query_params.get("status", "")
        if status in DossierStatus.values:
            dossiers = dossiers.filter(status=status)
        year = self.request.query_params.get("year", "")
        if year.isdecimal():
            dossiers = dossiers.filter(year=int(year))
        return dossiers

    def get_object(self) -> Dossier:
        return get_dossier_for_user(self.request.user, int(self.kwargs["pk"]))

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        if not can_create_for(self.request.user, data["proposing_unit"].pk):
            raise PermissionDenied
        data.pop("block_year", None)
        serializer.instance = _call(services.create_dossier, actor=self.request.user, **data)

    def _step(self, request: Request, name: str) -> Response:
        to, service, asks = STEPS[name]
        dossier = self.get_object()
        if not may_take(request.user, dossier, to):
            raise PermissionDenied
        values: dict[str, Any] = {}
        if asks:
            body = ReasonSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            values["reason"] = body.validated_data["reason"]
        dossier = _call(service, actor=request.user, dossier=dossier, **values)
        return Response(DossierSerializer(dossier).data)

    @extend_schema(request=None, responses=DossierSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: int) -> Response:
        return self._step(request, "submit")

    @extend_schema(request=None, responses=DossierSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, pk: int) -> Response:
        return self._step(request, "resubmit")

    @extend_schema(request=None, responses=DossierSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request: Request, pk: int) -> Response:
        return self._step(request, "receive")

    @extend_schema(request=None, responses=DossierSerializer)
    @action(detail=True, methods=["post"], url_path="send-to-council")
    def send_to_council(self, request: Request, pk: int) -> Response:
        return self._step(request, "send_to_council")

    @extend_schema(request=ReasonSerializer, responses=DossierSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: int) -> Response:
        return self._step(request, "reject")

    @extend_schema(request=ReasonSerializer, responses=DossierSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: int) -> Response:
        return self._step(request, "withdraw")

    @extend_schema(request=ReturnSerializer, responses=DossierSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: int) -> Response:
        """Back to the unit: `reason` is mandatory; `line_reasons` maps line ids to reasons."""
        dossier = self.get_object()
        if not may_take(request.user, dossier, DossierStatus.RETURNED):
            raise PermissionDenied
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reasons = {int(k): v for k, v in body.validated_data["line_reasons"].items() if str(k).isdecimal()}
        dossier = _call(
            services.return_dossier,
            actor=request.user,
            dossier=dossier,
            reason=body.validated_data["reason"],
            line_reasons=reasons,
        )
        return Response(DossierSerializer(dossier).data)

    @extend_schema(request=AttachmentSerializer, responses=AttachmentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def papers(self, request: Request, pk: int) -> Response:
        """GET: the papers of the current version (`?version=n` for an earlier one), replaced and
        removed ones included; POST (multipart): attach a paper to the current version (R-DOS-01/02)."""
        if request.method == "POST":
            dossier = get_dossier_for_user(request.user, int(pk), write=True)
            body = AttachmentSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
            upload = data["file"]
            item = _call(
                services.upload_attachment,
                actor=request.user,
                dossier=dossier,
                kind=data["kind"],
                line=data["line"],
                replaces=data["replaces"],
                note=data.get("note", ""),
                name=upload.name,
                content=upload,
            )
            return Response(AttachmentSerializer(item).data, status=201)
        dossier = self.get_object()
        version = request.query_params.get("version", "")
        shown = int(version) if version.isdecimal() else dossier.version
        items = dossier.attachments.filter(version=shown).select_related("uploaded_by")
        return Response(AttachmentSerializer(items, many=True).data)

    @extend_schema(responses=RequirementSerializer(many=True))
    @action(detail=True, methods=["get"])
    def checklist(self, request: Request, pk: int) -> Response:
        """The papers R-DOS-01/02 ask of the current version (`?version=n`), present or missing."""
        dossier = self.get_object()
        version = request.query_params.get("version", "")
        shown = int(version) if version.isdecimal() else dossier.version
        return Response(RequirementSerializer(checklist(dossier, shown), many=True).data)

    @extend_schema(request=SignerSerializer, responses=DossierSerializer)
    @action(detail=True, methods=["post"])
    def signer(self, request: Request, pk: int) -> Response:
        """Who signs the tờ trình for the proposing unit (a draft or returned dossier)."""
        dossier = get_dossier_for_user(request.user, int(pk), write=True)
        body = SignerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        dossier = _call(services.set_signer, actor=request.user, dossier=dossier, **body.validated_data)
        return Response(DossierSerializer(dossier).data)

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def transitions(self, request: Request, pk: int) -> Response:
        dossier = self.get_object()
        return Response(TransitionSerializer(dossier.transitions.select_related("actor"), many=True).data)

    @extend_schema(request=LineSerializer, responses=LineSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def lines(self, request: Request, pk: int) -> Response:
        """GET: the lines of the current version (`?version=n` for an earlier one); POST: add a line."""
        if request.method == "POST":
            dossier = get_dossier_for_user(request.user, int(pk), write=True)
            body = LineSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
            person, unit = data.get("person"), data.get("unit")
            unit_id = person.positions.values_list("unit_id", flat=True).first() if person else None
            allowed = (
                can_propose_for(request.user, person_unit_id=unit_id)
                if person
                else can_propose_for(request.user, unit_id=unit.pk if unit else None)
            )
            if not allowed:
                raise PermissionDenied
            line = _call(services.add_line, actor=request.user, dossier=dossier, **data)
            return Response(LineSerializer(line).data, status=201)
        dossier = self.get_object()
        version = request.query_params.get("version", "")
        shown = int(version) if version.isdecimal() else dossier.version
        return Response(
            LineSerializer(dossier.lines.filter(version=shown).select_related("award_type"), many=True).data
        )


class LineViewSet(mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Change (basis, wording) or remove a line of a draft or returned dossier; appraise it (board)."""

    serializer_class = LineSerializer
    http_method_names = ["patch", "delete", "post"]

    def get_queryset(self) -> Any:
        return DossierLine.objects.none()

    def get_object(self) -> DossierLine:
        write = self.request.method in ("PATCH", "DELETE")
        return get_line_for_user(self.request.user, int(self.kwargs["pk"]), write=write)

    def perform_update(self, serializer: Any) -> None:
        line = serializer.instance
        data = serializer.validated_data
        serializer.instance = _call(
            services.update_line,
            actor=self.request.user,
            line=line,
            basis=data.get("basis", line.basis),
            wording=data.get("wording", line.wording),
        )

    def perform_destroy(self, instance: DossierLine) -> None:
        _call(services.remove_line, actor=self.request.user, line=instance)

    @extend_schema(request=AppraiseSerializer, responses=LineSerializer)
    @action(detail=True, methods=["post"])
    def appraise(self, request: Request, pk: int) -> Response:
        line = get_line_for_user(request.user, int(pk))
        if not is_receiver(request.user, line.dossier):
            raise PermissionDenied
        body = AppraiseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        line = _call(services.appraise_line, actor=request.user, line=line, **body.validated_data)
        return Response(LineSerializer(line).data)


class AttachmentViewSet(viewsets.GenericViewSet):
    """One paper of a dossier through its dossier's door: `file` downloads it, `remove` stamps it
    removed (kept in the history)."""

    serializer_class = AttachmentSerializer

    def get_queryset(self) -> Any:
        return DossierAttachment.objects.none()

    def _item(self, pk: int, *, write: bool = False) -> DossierAttachment:
        item = get_object_or_404(DossierAttachment, pk=pk)
        item.dossier = get_dossier_for_user(self.request.user, item.dossier_id)
        if write and not can_edit(self.request.user, item.dossier):
            raise PermissionDenied
        return item

    @extend_schema(responses=AttachmentSerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(AttachmentSerializer(self._item(int(pk))).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: int) -> FileResponse:
        return serve_stored_file(self._item(int(pk)))

    @extend_schema(request=ReasonSerializer, responses=AttachmentSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: int) -> Response:
        item = self._item(int(pk), write=True)
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = _call(
            services.remove_attachment,
            actor=request.user,
            attachment=item,
            reason=body.validated_data["reason"],
        )
        return Response(AttachmentSerializer(item).data)


class DecisionLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = DecisionLine
        fields = ["id", "dossier_line", "person", "unit", "wording", "coefficient", "base_salary", "amount"]


class DecisionSerializer(serializers.ModelSerializer):
    award_type = serializers.SlugRelatedField(slug_field="code", queryset=AwardType.objects.all())
    lines = DecisionLineSerializer(many=True, read_only=True)
    # Named apart from the units' `level` (another set of choices), as in the awards API.
    award_level = serializers.ChoiceField(source="level", choices=AwardLevel.choices, read_only=True)
    total = serializers.IntegerField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "dossier",
            "award_type",
            "year",
            "number",
            "date",
            "authority",
            "award_level",
            "signer_title",
            "signer_name",
            "bases",
            "external",
            "status",
            "issued_at",
            "cancelled_at",
            "cancel_reason",
            "lines",
            "total",
        ]
        read_only_fields = [
            "year",
            "authority",
            "external",
            "status",
            "issued_at",
            "cancelled_at",
            "cancel_reason",
        ]
        extra_kwargs = {"dossier": {"required": True, "allow_null": False}}


class DecisionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Decisions answering the dossiers the caller may read. POST drafts one for a dossier sent to the
    council (board); `issue` writes the award records once; `cancel` (with a reason) voids them."""

    serializer_class = DecisionSerializer

    def get_queryset(self) -> Any:
        return decisions_visible_to(self.request.user).prefetch_related("lines")

    def get_object(self) -> Decision:
        return get_decision_for_user(self.request.user, int(self.kwargs["pk"]))

    def perform_create(self, serializer: Any) -> None:
        if not can_decide(self.request.user):
            raise PermissionDenied
        data = dict(serializer.validated_data)
        dossier = get_dossier_for_user(self.request.user, data.pop("dossier").pk)
        serializer.instance = _call(services.draft_decision, actor=self.request.user, dossier=dossier, **data)

    @extend_schema(request=None, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: int) -> Response:
        decision = get_decision_for_user(request.user, int(pk), write=True)
        return Response(
            DecisionSerializer(_call(services.issue_decision, actor=request.user, decision=decision)).data
        )

    @extend_schema(request=ReasonSerializer, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: int) -> Response:
        decision = get_decision_for_user(request.user, int(pk), write=True)
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = _call(
            services.cancel_decision,
            actor=request.user,
            decision=decision,
            reason=body.validated_data["reason"],
        )
        return Response(DecisionSerializer(decision).data)


class FundEntrySerializer(serializers.ModelSerializer):
    award_level = serializers.ChoiceField(source="level", choices=AwardLevel.choices)
    kind = serializers.ChoiceField(choices=EntryKind.choices)

    class Meta:
        model = FundEntry
        fields = [
            "id",
            "year",
            "award_level",
            "kind",
            "day",
            "amount",
            "description",
            "decision_line",
            "voided_at",
        ]
        read_only_fields = ["decision_line", "voided_at"]


class BalanceSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    award_level = serializers.CharField(source="level")
    receipts = serializers.IntegerField()
    payments = serializers.IntegerField()
    share_pct = serializers.IntegerField()
    organisation = serializers.IntegerField()
    for_awards = serializers.IntegerField()
    balance = serializers.IntegerField()


class FundViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The reward fund's entries (filter `year`); `balances?year=` per issuing level. Board and
    observers read; the board records."""

    serializer_class = FundEntrySerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return FundEntry.objects.none()
        if not reads_fund(self.request.user):
            raise PermissionDenied
        entries = FundEntry.objects.all()
        year = self.request.query_params.get("year", "")
        return entries.filter(year=int(year)) if year.isdecimal() else entries

    def perform_create(self, serializer: Any) -> None:
        if not writes_fund(self.request.user):
            raise PermissionDenied
        serializer.instance = _call(
            services.add_fund_entry, actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(responses=BalanceSerializer(many=True))
    @action(detail=False, methods=["get"])
    def balances(self, request: Request) -> Response:
        if not reads_fund(request.user):
            raise PermissionDenied
        year = request.query_params.get("year", "")
        if not year.isdecimal():
            raise serializers.ValidationError({"year": ["Give the year."]})
        return Response(BalanceSerializer(services.fund_balances(int(year)), many=True).data)
