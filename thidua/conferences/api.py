"""API for conferences, their roll, polls and results, through the same door
(`conferences.permissions`) and services as the pages.

No endpoint returns a ballot next to a voter: results are totals, receipts are a sorted list of
hashes, and who voted is a count. Casting through the API follows the same rules as the phone page:
the delegate's voting-link token in the `X-Voting-Token` header (no account needed), or a logged-in
account linked to its place on the roll.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.awards.models import AwardType
from thidua.blocks.models import BlockYear
from thidua.conferences import services
from thidua.conferences.models import Conference, Participant, Poll, PollStatus, RecordedMinutes
from thidua.conferences.permissions import (
    can_run_conference,
    delegate_for_token,
    get_ballot_place,
    get_conference_for_user,
    get_participant_for_user,
    get_poll_for_user,
    voter_place_for_user,
)
from thidua.orgs.api import as_drf_error
from thidua.orgs.models import Person, Unit


def _write(request: Request) -> bool:
    return request.method not in ("GET", "HEAD", "OPTIONS")


class QuorumSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    present = serializers.IntegerField()
    needed = serializers.IntegerField()
    passed = serializers.BooleanField()


class ConferenceSerializer(serializers.ModelSerializer):
    quorum = serializers.SerializerMethodField()
    # The minutes' number and symbol, given when the conference is closed ("" before).
    minutes_number = serializers.SerializerMethodField()

    class Meta:
        model = Conference
        fields = [
            "id",
            "block_year",
            *services.CONFERENCE_FIELDS,
            "status",
            "opened_at",
            "closed_at",
            "minutes_number",
            "quorum",
        ]
        read_only_fields = ["status", "opened_at", "closed_at"]
        extra_kwargs = {"title": {"required": False, "allow_blank": True}}

    def get_minutes_number(self, obj: Conference) -> str:
        return obj.issued_number.number_line if obj.issued_number is not None else ""

    def get_quorum(self, obj: Conference) -> dict[str, Any]:
        status = services.quorum_status(obj)
        return {
            "total": status.total,
            "present": status.present,
            "needed": status.verdict.needed,
            "passed": status.verdict.passed,
        }

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["block_year"].read_only = True
        return fields


class ConferenceViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Conferences of the block years the caller may see. Filter: `block_year`. POST `{id}/start/` and
    `{id}/close/` open and close the meeting (board and the year's leader officer)."""

    serializer_class = ConferenceSerializer

    def get_queryset(self) -> Any:
        conferences = Conference.objects.visible_to(self.request.user).select_related("block_year")
        block_year = self.request.query_params.get("block_year", "")
        if block_year.isdecimal():
            conferences = conferences.filter(block_year_id=int(block_year))
        return conferences

    def get_object(self) -> Conference:
        return get_conference_for_user(self.request.user, int(self.kwargs["pk"]), write=_write(self.request))

    def perform_create(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        block_year = get_object_or_404(
            BlockYear.objects.visible_to(self.request.user), pk=values.pop("block_year").pk
        )
        if not can_run_conference(self.request.user, block_year):
            raise PermissionDenied
        try:
            serializer.instance = services.create_conference(
                actor=self.request.user, block_year=block_year, **values
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def perform_update(self, serializer: Any) -> None:
        values = {k: v for k, v in serializer.validated_data.items() if k != "block_year"}
        try:
            serializer.instance = services.update_conference(
                actor=self.request.user, conference=serializer.instance, **values
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    @extend_schema(request=None, responses=ConferenceSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        conference = self.get_object()
        try:
            conference = services.start_conference(actor=request.user, conference=conference)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(ConferenceSerializer(conference).data)

    @extend_schema(request=None, responses=ConferenceSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        conference = self.get_object()
        try:
            conference = services.close_conference(actor=request.user, conference=conference)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(ConferenceSerializer(conference).data)


class ParticipantSerializer(serializers.ModelSerializer):
    present = serializers.BooleanField(read_only=True)
    has_link = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = [
            "id",
            "conference",
            "kind",
            "unit",
            "full_name",
            "position",
            "weight",
            "checked_in_at",
            "present",
            "has_link",
        ]
        read_only_fields = ["checked_in_at"]

    def get_has_link(self, obj: Participant) -> bool:
        return bool(obj.token_hash)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["conference"].read_only = True
        return fields


class ParticipantViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The roll of the conferences the caller may see. Filter: `conference`. POST `{id}/check-in/`
    with `{"present": true}` records arrival (the time is the server's)."""

    serializer_class = ParticipantSerializer

    def get_queryset(self) -> Any:
        roll = Participant.objects.filter(conference__in=Conference.objects.visible_to(self.request.user))
        conference = self.request.query_params.get("conference", "")
        if conference.isdecimal():
            roll = roll.filter(conference_id=int(conference))
        return roll.select_related("unit")

    def get_object(self) -> Participant:
        return get_participant_for_user(self.request.user, int(self.kwargs["pk"]), write=_write(self.request))

    def perform_create(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        conference = get_conference_for_user(self.request.user, values.pop("conference").pk, write=True)
        try:
            serializer.instance = services.add_participant(
                actor=self.request.user, conference=conference, **values
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def perform_update(self, serializer: Any) -> None:
        values = {k: v for k, v in serializer.validated_data.items() if k != "conference"}
        try:
            serializer.instance = services.update_participant(
                actor=self.request.user, participant=serializer.instance, **values
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def perform_destroy(self, instance: Participant) -> None:
        try:
            services.remove_participant(actor=self.request.user, participant=instance)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    @extend_schema(
        request=inline_serializer(
            "CheckIn",
            {
                "present": serializers.BooleanField(default=True),
                "checked_in_at": serializers.DateTimeField(
                    required=False,
                    help_text="From a paper sign-in sheet; by default the conference's start for a "
                    "conference held on an earlier day, else now.",
                ),
            },
        ),
        responses=ParticipantSerializer,
    )
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, pk: str) -> Response:
        participant = self.get_object()
        present = request.data.get("present", True) not in (False, "false", "0", 0)
        at = None
        if request.data.get("checked_in_at"):
            field = serializers.DateTimeField()
            at = field.run_validation(request.data["checked_in_at"])
        try:
            participant = services.check_in(
                actor=request.user, participant=participant, present=present, at=at
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(ParticipantSerializer(participant).data)


class OptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    unit = serializers.IntegerField(allow_null=True)
    person = serializers.IntegerField(allow_null=True)
    award_type = serializers.IntegerField(allow_null=True)


class ProposalInputSerializer(serializers.Serializer):
    award_type = serializers.SlugRelatedField(slug_field="code", queryset=AwardType.objects.all())
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )


class PollSerializer(serializers.ModelSerializer):
    options = serializers.SerializerMethodField()
    proposals = ProposalInputSerializer(
        many=True,
        write_only=True,
        required=False,
        help_text="For kind `proposals`: the titles or forms put to the vote.",
    )
    voted = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    # The kind in the block's words: "Bầu Cụm trưởng năm sau" for a cluster (issue 12 item 5).
    kind_label = serializers.CharField(read_only=True)

    class Meta:
        model = Poll
        fields = [
            "id",
            "conference",
            "kind",
            "kind_label",
            *services.SETTINGS,
            "status",
            "opened_at",
            "closed_at",
            "published_at",
            "void_reason",
            "roll_fingerprint",
            "options",
            "proposals",
            "voted",
            "result",
        ]
        read_only_fields = [
            "status",
            "opened_at",
            "closed_at",
            "published_at",
            "void_reason",
            "roll_fingerprint",
        ]
        extra_kwargs = {
            "title": {"required": False, "allow_blank": True},
            "max_choices": {"required": False},
            "ranks_to_fill": {"required": False},
        }

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["conference"].read_only = True
            fields["kind"].read_only = True
        return fields

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, obj: Poll) -> list[dict[str, Any]]:
        return [
            {
                "id": o.pk,
                "label": o.label,
                "unit": o.unit_id,
                "person": o.person_id,
                "award_type": o.award_type_id,
            }
            for o in obj.options.all()
        ]

    def get_voted(self, obj: Poll) -> int:
        """How many votes have been cast: the only live figure of a secret poll."""
        return services.participation_count(obj)[0]

    def get_result(self, obj: Poll) -> dict[str, Any] | None:
        """The frozen totals and verdicts: to those who run the conference once counted, to everyone
        who may read it once published."""
        request = self.context.get("request")
        user = request.user if request else None
        outcome = obj.outcome
        if outcome is None:
            return None
        if obj.status == PollStatus.PUBLISHED or can_run_conference(user, obj.conference.block_year):
            return outcome.to_json()
        return None


class CastSerializer(serializers.Serializer):
    choice = serializers.JSONField(help_text='A list of option ids, or {option id: "Y" | "N" | "A"}.')
    voter = serializers.IntegerField(
        required=False, help_text="The absent voter whose written proxy you hold."
    )


class AcclamationSerializer(serializers.Serializer):
    chosen = serializers.ListField(child=serializers.IntegerField())
    places = serializers.ListField(child=serializers.IntegerField(), required=False, allow_null=True)


class PaperSerializer(serializers.Serializer):
    cast = serializers.IntegerField(min_value=0)
    invalid = serializers.IntegerField(min_value=0, default=0)
    votes = serializers.DictField(child=serializers.IntegerField(min_value=0), required=False)
    answers = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField(min_value=0)), required=False
    )

    def validate_votes(self, value: dict[str, int]) -> dict[str, int]:
        """The counts are keyed by the option's id, e.g. {"17": 12}; a name is refused (issue 11)."""
        for key in value:
            if not str(key).isdecimal() or len(str(key)) > 18:
                raise serializers.ValidationError(
                    _("Key each count by the option's id (a number), not by “%(key)s”.") % {"key": key}
                )
        return value

    def validate_answers(self, value: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        for counts in value.values():
            self.validate_votes(counts)
        for key in value:
            self.validate_votes({key: 0})
        return value


class PollViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Polls of the conferences the caller may see. Filter: `conference`. Transitions: POST
    `{id}/open/`, `{id}/close/`, `{id}/publish/`, `{id}/void/` (`reason`), `{id}/paper/` (counted
    paper ballots), `{id}/acclamation/` (the outcome agreed by acclamation, no ballots). `{id}/cast/` casts a ballot; `{id}/receipts/` lists accepted receipts once
    published."""

    serializer_class = PollSerializer

    def get_queryset(self) -> Any:
        found = (
            Poll.objects.visible_to(self.request.user)
            .select_related("conference__block_year")
            .prefetch_related("options")
        )
        conference = self.request.query_params.get("conference", "")
        if conference.isdecimal():
            found = found.filter(conference_id=int(conference))
        return found

    def get_object(self) -> Poll:
        write = _write(self.request) and self.action not in ("cast",)
        return get_poll_for_user(self.request.user, int(self.kwargs["pk"]), write=write)

    def perform_create(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        conference = get_conference_for_user(self.request.user, values.pop("conference").pk, write=True)
        kind = values.pop("kind")
        proposals = [services.Proposal(**row) for row in values.pop("proposals", [])]
        try:
            serializer.instance = services.create_poll(
                actor=self.request.user, conference=conference, kind=kind, proposals=proposals, **values
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def perform_update(self, serializer: Any) -> None:
        values = {
            k: v for k, v in serializer.validated_data.items() if k not in ("conference", "kind", "proposals")
        }
        try:
            serializer.instance = services.update_poll(
                actor=self.request.user, poll=serializer.instance, **values
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def _transition(self, request: Request, run: Any) -> Response:
        poll = self.get_object()
        try:
            poll = run(poll)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(PollSerializer(poll, context={"request": request}).data)

    @extend_schema(request=None, responses=PollSerializer)
    @action(detail=True, methods=["post"], url_path="open")
    def open_(self, request: Request, pk: str) -> Response:
        return self._transition(request, lambda poll: services.open_poll(actor=request.user, poll=poll))

    @extend_schema(request=None, responses=PollSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return self._transition(request, lambda poll: services.close_poll(actor=request.user, poll=poll))

    @extend_schema(request=None, responses=PollSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return self._transition(request, lambda poll: services.publish_poll(actor=request.user, poll=poll))

    @extend_schema(
        request=inline_serializer("VoidPoll", {"reason": serializers.CharField()}), responses=PollSerializer
    )
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str) -> Response:
        reason = str(request.data.get("reason", ""))
        return self._transition(
            request, lambda poll: services.void_poll(actor=request.user, poll=poll, reason=reason)
        )

    @extend_schema(request=PaperSerializer, responses=PollSerializer)
    @action(detail=True, methods=["post"])
    def paper(self, request: Request, pk: str) -> Response:
        data = PaperSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        return self._transition(
            request, lambda poll: services.enter_paper_result(actor=request.user, poll=poll, **values)
        )

    @extend_schema(request=AcclamationSerializer, responses=PollSerializer)
    @action(detail=True, methods=["post"])
    def acclamation(self, request: Request, pk: str) -> Response:
        """The outcome the hall agreed by acclamation (no ballots): `chosen` option ids, and for a
        candidate poll their `places` (default 1, 2, ... in the order given)."""
        data = AcclamationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        return self._transition(
            request,
            lambda poll: services.decide_by_acclamation(
                actor=request.user, poll=poll, chosen=values["chosen"], places=values.get("places")
            ),
        )

    @extend_schema(
        request=CastSerializer,
        responses=inline_serializer("Receipt", {"receipt": serializers.CharField()}),
        parameters=[OpenApiParameter("X-Voting-Token", str, OpenApiParameter.HEADER, required=False)],
        auth=[],
    )
    @action(detail=True, methods=["post"], permission_classes=[AllowAny], authentication_classes=[])
    def cast(self, request: Request, pk: str) -> Response:
        """Cast a ballot with the voting link's token (header `X-Voting-Token`)."""
        token = request.headers.get("X-Voting-Token", "")
        participant = delegate_for_token(token)
        if participant is None:
            raise NotFound
        return self._cast(request, pk, participant)

    @extend_schema(
        request=CastSerializer,
        responses=inline_serializer("ReceiptForAccount", {"receipt": serializers.CharField()}),
    )
    @action(detail=True, methods=["post"], url_path="cast-as-account")
    def cast_as_account(self, request: Request, pk: str) -> Response:
        """Cast a ballot as the logged-in delegate linked to its place on the roll."""
        poll = get_poll_for_user(request.user, int(pk))
        participant = voter_place_for_user(request.user, poll.conference)
        if participant is None:
            raise PermissionDenied
        return self._cast(request, pk, participant)

    def _cast(self, request: Request, pk: str, participant: Participant) -> Response:
        data = CastSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        poll, voter = get_ballot_place(participant, pk, data.validated_data.get("voter") or None)
        try:
            receipt = services.cast_ballot(
                poll=poll, participant=participant, voter=voter, choice=data.validated_data["choice"]
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response({"receipt": receipt}, status=201)

    @extend_schema(
        responses=inline_serializer(
            "Receipts", {"receipts": serializers.ListField(child=serializers.CharField())}
        )
    )
    @action(detail=True, methods=["get"])
    def receipts(self, request: Request, pk: str) -> Response:
        poll = self.get_object()
        return Response({"receipts": services.accepted_receipts(poll)})


class RecordedMinutesSerializer(serializers.ModelSerializer):
    """What the paper minutes decided (issue 12 item 1); the rows are text, one a line, as on the page
    (`conferences.recorded`), so that each error names its line."""

    block_year = serializers.PrimaryKeyRelatedField(queryset=BlockYear.objects.all())
    standings = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")
    proposals = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")
    next_leader = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), write_only=True, required=False, allow_null=True, default=None
    )
    next_deputies = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")
    # Approved proposals the minutes give only as numbers, one "award code; number" a line.
    proposal_counts = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")
    counts = serializers.SerializerMethodField()
    scans = serializers.SerializerMethodField()

    class Meta:
        model = RecordedMinutes
        fields = [
            "id",
            "block_year",
            "minutes_number",
            "held_on",
            "place",
            "chair",
            "by_acclamation",
            "note",
            "recorded_at",
            "standings",
            "proposals",
            "next_leader",
            "next_deputies",
            "proposal_counts",
            "counts",
            "scans",
        ]
        read_only_fields = ["recorded_at"]

    def get_counts(self, obj: RecordedMinutes) -> list[dict[str, Any]]:
        return [
            {"award_type": c.award_type.code, "count": c.count}
            for c in obj.counts.select_related("award_type")
        ]

    def get_scans(self, obj: RecordedMinutes) -> list[dict[str, Any]]:
        return [
            {"id": s.pk, "name": s.original_name, "size": s.size, "sha256": s.sha256} for s in obj.scans.all()
        ]


class RecordedMinutesViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """`POST /api/v1/recorded-minutes/`: the board or the year's leader officer records a paper
    conference's results; whoever reads the block year reads them."""

    serializer_class = RecordedMinutesSerializer

    def get_queryset(self) -> Any:
        return RecordedMinutes.objects.filter(
            block_year__in=BlockYear.objects.visible_to(self.request.user)
        ).order_by("pk")

    def perform_create(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        block_year = get_object_or_404(
            BlockYear.objects.visible_to(self.request.user), pk=values.pop("block_year").pk
        )
        if not can_run_conference(self.request.user, block_year):
            raise PermissionDenied
        parsed = services.parse_minutes(
            block_year=block_year,
            standings=values.pop("standings"),
            proposals=values.pop("proposals"),
            deputies=values.pop("next_deputies"),
            counts=values.pop("proposal_counts"),
            viewer=self.request.user,
        )
        try:
            if parsed.errors:
                raise DjangoValidationError(parsed.errors)
            serializer.instance = services.record_minutes(
                actor=self.request.user,
                block_year=block_year,
                standings=parsed.standings,
                proposals=parsed.proposals,
                next_deputies=parsed.deputies,
                counts=parsed.counts,
                **values,
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    @extend_schema(
        request=inline_serializer("MinutesScanUpload", {"file": serializers.FileField()}),
        responses=RecordedMinutesSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def scan(self, request: Request, pk: str) -> Response:
        """Attach the scanned paper minutes (multipart `file`) afterwards; the board or the year's
        leader officer."""
        minutes = self.get_object()
        if not can_run_conference(request.user, minutes.block_year):
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": [_("Choose the scanned minutes to attach.")]})
        try:
            services.attach_scan(actor=request.user, minutes=minutes, name=upload.name or "", content=upload)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(RecordedMinutesSerializer(minutes).data)
