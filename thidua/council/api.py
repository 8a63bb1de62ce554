"""API of the council sessions: list and read them, open with the members present, enter the paper
counts and close, through the same doors (permissions.py) and services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.council import services
from thidua.council.models import CouncilSession, SessionLine
from thidua.council.permissions import can_run, get_session_for_user, sessions_visible_to
from thidua.orgs.api import as_drf_error


def _call(service: Any, **values: Any) -> Any:
    try:
        return service(**values)
    except DjangoValidationError as exc:
        raise as_drf_error(exc) from exc


class SessionLineSerializer(serializers.ModelSerializer):
    dossier = serializers.IntegerField(source="dossier_line.dossier_id", read_only=True)
    candidate = serializers.SerializerMethodField()
    award_type = serializers.CharField(source="dossier_line.award_type.code", read_only=True)
    threshold_pct = serializers.SerializerMethodField()
    needed = serializers.SerializerMethodField()

    class Meta:
        model = SessionLine
        fields = [
            "id",
            "dossier_line",
            "dossier",
            "candidate",
            "award_type",
            "votes_yes",
            "votes_no",
            "votes_abstain",
            "written_yes",
            "written_no",
            "threshold_pct",
            "needed",
            "approved",
            "margin",
        ]
        read_only_fields = fields

    def get_candidate(self, line: SessionLine) -> str:
        return str(line.dossier_line.candidate_obj)

    def get_threshold_pct(self, line: SessionLine) -> int | None:
        return services.threshold_pct(line)

    def get_needed(self, line: SessionLine) -> int:
        """ceil(p·N) of ALL members (R-VOTE-02, R-IND-04/06; NĐ 98 Art 30(7))."""
        return services.needed_votes(line.session.council.members.count(), services.threshold_pct(line))


class CouncilSessionSerializer(serializers.ModelSerializer):
    council_name = serializers.CharField(source="council.name", read_only=True)
    members = serializers.SerializerMethodField()
    minutes_number = serializers.CharField(source="minutes_number.number_line", read_only=True, default=None)
    lines = SessionLineSerializer(many=True, read_only=True)

    class Meta:
        model = CouncilSession
        fields = [
            "id",
            "council",
            "council_name",
            "date",
            "place",
            "status",
            "members",
            "present",
            "minutes_number",
            "lines",
        ]
        read_only_fields = fields

    def get_members(self, session: CouncilSession) -> int:
        return session.council.members.count()


class OpenSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=True)


class CountSerializer(serializers.Serializer):
    line = serializers.IntegerField(min_value=1)
    yes = serializers.IntegerField(min_value=0)
    no = serializers.IntegerField(min_value=0)
    abstain = serializers.IntegerField(min_value=0)
    written_yes = serializers.IntegerField(min_value=0, default=0)
    written_no = serializers.IntegerField(min_value=0, default=0)


class CountsSerializer(serializers.Serializer):
    counts = CountSerializer(many=True)


class CouncilSessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Council sessions for the board and observers (others see none); the board opens, counts and
    closes them."""

    serializer_class = CouncilSessionSerializer

    def get_queryset(self) -> Any:
        return sessions_visible_to(self.request.user).prefetch_related("present", "lines")

    def get_object(self) -> CouncilSession:
        return get_session_for_user(self.request.user, int(self.kwargs["pk"]))

    def _writable(self, request: Request) -> CouncilSession:
        session = self.get_object()
        if not can_run(request.user):
            raise PermissionDenied
        return session

    def _answer(self, session: CouncilSession) -> Response:
        session.refresh_from_db()
        return Response(CouncilSessionSerializer(session).data)

    @extend_schema(request=OpenSerializer, responses=CouncilSessionSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: int) -> Response:
        """`present`: the ids of the council members present (the quorum is checked)."""
        session = self._writable(request)
        body = OpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = set(body.validated_data["present"])
        present = list(session.council.members.filter(pk__in=ids))
        if len(present) != len(ids):
            raise ValidationError({"present": [services.not_members_message()]})
        _call(services.open_session, actor=request.user, session=session, present=present)
        return self._answer(session)

    @extend_schema(request=CountsSerializer, responses=CouncilSessionSerializer)
    @action(detail=True, methods=["post"], url_path="enter-counts")
    def enter_counts(self, request: Request, pk: int) -> Response:
        """`counts`: per line its paper votes and the absent members' written opinions; all or nothing."""
        session = self._writable(request)
        body = CountsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        counts = {
            c["line"]: (c["yes"], c["no"], c["abstain"], c["written_yes"], c["written_no"])
            for c in body.validated_data["counts"]
        }
        _call(services.enter_counts, actor=request.user, session=session, counts=counts)
        return self._answer(session)

    @extend_schema(request=None, responses=CouncilSessionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        session = self._writable(request)
        _call(services.close_session, actor=request.user, session=session)
        return self._answer(session)
