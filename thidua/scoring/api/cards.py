"""API for a scoring year's covenants, scorecards (with self-scoring and submission), reviews and
rankings, through the same door (scoring.permissions) and services as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.accounts import permissions as perms
from thidua.blocks.models import BlockYear
from thidua.documents.pdf import ConversionError
from thidua.orgs.api import as_drf_error
from thidua.scoring import papers, sheets
from thidua.scoring.models import (
    Covenant,
    Criterion,
    RankingSnapshot,
    ReviewAssignment,
    Scorecard,
)
from thidua.scoring.permissions import (
    can_run_scoring,
    get_review_for_user,
    get_scorecard_for_user,
    reads_card,
    require_score_table_reader,
)
from thidua.scoring.services.cards import set_self_score, submit_scorecard
from thidua.scoring.services.covenant import sign_covenant
from thidua.scoring.services.ranking import publish_ranking, ranking_rows, recount_matches
from thidua.scoring.services.reviews import set_review_score, submit_review

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _file(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pdf(make: Any, name: str) -> HttpResponse | Response:
    """The PDF, or 503 with a message when LibreOffice cannot make it on this server."""
    try:
        return _file(make(), PDF, name)
    except ConversionError:
        return Response(
            {"detail": _("The PDF could not be made on this server; download the Word file instead.")},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )


class CovenantSerializer(serializers.ModelSerializer):
    targets = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()

    class Meta:
        model = Covenant
        fields = [
            "id",
            "block_year",
            "version",
            "content",
            "scoring_table",
            "status",
            "signed_at",
            "targets",
            "signatures",
        ]

    def get_targets(self, obj: Covenant) -> list[dict[str, Any]]:
        return [{"text": t.text, "unit": t.unit_id} for t in obj.targets.all()]

    def get_signatures(self, obj: Covenant) -> list[dict[str, Any]]:
        return [{"unit": s.unit_id, "signed_at": s.signed_at} for s in obj.signatures.all()]


class CovenantViewSet(viewsets.ReadOnlyModelViewSet):
    """Covenants with their targets and signatures. Filter: `block_year`. POST `{id}/sign/` signs for
    the caller's unit."""

    serializer_class = CovenantSerializer

    def get_queryset(self) -> Any:
        covenants = Covenant.objects.filter(block_year__in=BlockYear.objects.visible_to(self.request.user))
        block_year = self.request.query_params.get("block_year", "")
        if block_year.isdecimal():
            covenants = covenants.filter(block_year_id=int(block_year))
        return covenants.prefetch_related("targets", "signatures")

    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str) -> Response:
        covenant = self.get_object()
        user = request.user
        if not perms.is_unit_officer(user) or user.unit is None:
            raise PermissionDenied
        try:
            sign_covenant(actor=user, covenant=covenant, unit=user.unit)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        covenant.refresh_from_db()
        return Response(CovenantSerializer(covenant).data)

    def _name(self, covenant: Covenant) -> str:
        block_year = covenant.block_year
        return f"giao-uoc-{block_year.block.code}-{block_year.year}-v{covenant.version}"

    @extend_schema(responses={(200, DOCX): bytes})
    @action(detail=True, methods=["get"])
    def docx(self, request: Request, pk: str) -> HttpResponse:
        """The covenant in the official format (state or Party), with its criteria and signatures."""
        covenant = self.get_object()
        return _file(papers.covenant_docx(covenant), DOCX, self._name(covenant) + ".docx")

    @extend_schema(responses={(200, PDF): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> HttpResponse | Response:
        covenant = self.get_object()
        return _pdf(lambda: papers.covenant_pdf(covenant), self._name(covenant) + ".pdf")


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ScorecardSerializer(serializers.ModelSerializer):
    entries = serializers.SerializerMethodField()

    class Meta:
        model = Scorecard
        fields = ["id", "block_year", "unit", "table", "status", "submitted_at", "entries"]

    def get_entries(self, obj: Scorecard) -> list[dict[str, Any]]:
        return [
            {
                "criterion": e.criterion_id,
                "self_score": e.self_score,
                "comment": e.comment,
                "evidence": [
                    {"name": v.original_name, "version": v.version, "sha256": v.sha256}
                    for v in e.evidence.all()
                ],
            }
            for e in obj.entries.all()
        ]


class ScorecardViewSet(viewsets.ReadOnlyModelViewSet):
    """Scorecards the caller may see (never another member's before review). Filter: `block_year`.
    POST `{id}/scores/` sets self-scores, `{id}/submit/` submits."""

    serializer_class = ScorecardSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular builds the schema from the model
            return Scorecard.objects.none()
        visible = Scorecard.objects.filter(block_year__in=BlockYear.objects.visible_to(self.request.user))
        block_year = self.request.query_params.get("block_year", "")
        if block_year.isdecimal():
            visible = visible.filter(block_year_id=int(block_year))
        visible = visible.select_related("block_year").prefetch_related("entries__evidence", "reviews")
        return [card for card in visible if reads_card(self.request.user, card)]

    def get_object(self) -> Scorecard:
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_scorecard_for_user(self.request.user, int(self.kwargs["pk"]), write=write)

    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk: str) -> Response:
        card = self.get_object()
        rows = ScoreInputSerializer(data=request.data, many=True)
        rows.is_valid(raise_exception=True)
        try:
            for row in rows.validated_data:
                criterion = get_object_or_404(Criterion, table=card.table, pk=row["criterion"])
                set_self_score(
                    actor=request.user,
                    card=card,
                    criterion=criterion,
                    score=row["score"],
                    comment=row["comment"],
                )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(ScorecardSerializer(card).data)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        card = self.get_object()
        try:
            card = submit_scorecard(actor=request.user, card=card)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(ScorecardSerializer(card).data)

    @extend_schema(responses={(200, PDF): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> HttpResponse | Response:
        """The scorecard printed: self-scores, verified scores, comments and evidence (the bonus and
        penalty ledger for those who run scoring)."""
        card = self.get_object()
        with_ledger = can_run_scoring(request.user, card.block_year)
        name = f"phieu-cham-{card.unit.code}-{card.block_year.year}.pdf"
        return _pdf(lambda: papers.scorecard_pdf(card, with_ledger=with_ledger), name)


class ReviewScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=8, decimal_places=2)
    justification = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewViewSet(viewsets.GenericViewSet):
    """POST `reviews/{id}/scores/` with a list of scores; `reviews/{id}/submit/` submits the review."""

    serializer_class = ReviewScoreInputSerializer
    queryset = ReviewAssignment.objects.none()

    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk: str) -> Response:
        assignment = get_review_for_user(request.user, int(pk), write=True)
        rows = ReviewScoreInputSerializer(data=request.data, many=True)
        rows.is_valid(raise_exception=True)
        try:
            for row in rows.validated_data:
                criterion = get_object_or_404(
                    Criterion, table=assignment.scorecard.table, pk=row["criterion"]
                )
                set_review_score(
                    actor=request.user,
                    assignment=assignment,
                    criterion=criterion,
                    score=Decimal(row["score"]),
                    justification=row["justification"],
                )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response({"saved": len(rows.validated_data)})

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        assignment = get_review_for_user(request.user, int(pk), write=True)
        try:
            submit_review(actor=request.user, assignment=assignment)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response({"submitted_at": assignment.submitted_at})


class RankingSerializer(serializers.Serializer):
    published = serializers.JSONField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    provisional = serializers.JSONField(required=False)
    recount_matches = serializers.BooleanField(allow_null=True, required=False)


class RankingViewSet(viewsets.GenericViewSet):
    """GET `rankings/{block_year_id}/`: the published ranking (and, for the board and the leader, the
    provisional one computed now); POST `rankings/{block_year_id}/publish/` publishes.
    GET `rankings/{block_year_id}/xlsx/` and `.../pdf/`: the published ranking as a file (before
    publication the provisional one, marked "Tạm tính", for the board and the leader; 409 for the
    others); `.../score-table/`: the block's score table as XLSX (those who run scoring, observers)."""

    serializer_class = RankingSerializer
    queryset = BlockYear.objects.none()

    def _block_year(self, pk: str) -> BlockYear:
        return get_object_or_404(BlockYear.objects.visible_to(self.request.user), pk=int(pk))

    def retrieve(self, request: Request, pk: str) -> Response:
        block_year = self._block_year(pk)
        snapshot = RankingSnapshot.objects.filter(block_year=block_year).first()
        data: dict[str, Any] = {
            "published": snapshot.rows if snapshot else None,
            "published_at": snapshot.published_at if snapshot else None,
        }
        if can_run_scoring(request.user, block_year):
            data["provisional"] = ranking_rows(block_year)
            data["recount_matches"] = recount_matches(snapshot) if snapshot else None
        return Response(data)

    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        block_year = self._block_year(pk)
        if not can_run_scoring(request.user, block_year):
            raise PermissionDenied
        try:
            snapshot = publish_ranking(actor=request.user, block_year=block_year)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response({"published": snapshot.rows, "published_at": snapshot.published_at}, status=201)

    def _view(self, request: Request, block_year: BlockYear) -> papers.RankingView | Response:
        view = papers.ranking_view(block_year, provisional_allowed=can_run_scoring(request.user, block_year))
        if view is None:
            message = _(
                "The ranking has not been published yet: its print and Excel file are available once the "
                "block's leader or the board publishes it."
            )
            return Response({"detail": message}, status=status.HTTP_409_CONFLICT)
        return view

    def _name(self, block_year: BlockYear, view: papers.RankingView) -> str:
        suffix = "-tam-tinh" if view.provisional else ""
        return f"xep-hang-{block_year.block.code}-{block_year.year}{suffix}"

    @extend_schema(responses={(200, sheets.XLSX): bytes})
    @action(detail=True, methods=["get"])
    def xlsx(self, request: Request, pk: str) -> HttpResponse | Response:
        block_year = self._block_year(pk)
        view = self._view(request, block_year)
        if isinstance(view, Response):
            return view
        return _file(
            sheets.ranking_xlsx(block_year, view), sheets.XLSX, self._name(block_year, view) + ".xlsx"
        )

    @extend_schema(responses={(200, PDF): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> HttpResponse | Response:
        block_year = self._block_year(pk)
        view = self._view(request, block_year)
        if isinstance(view, Response):
            return view
        return _pdf(lambda: papers.ranking_pdf(block_year, view), self._name(block_year, view) + ".pdf")

    @extend_schema(responses={(200, sheets.XLSX): bytes})
    @action(detail=True, methods=["get"], url_path="score-table")
    def score_table(self, request: Request, pk: str) -> HttpResponse:
        block_year = self._block_year(pk)
        require_score_table_reader(request.user, block_year)
        name = f"bang-diem-{block_year.block.code}-{block_year.year}.xlsx"
        return _file(sheets.score_table_xlsx(block_year), sheets.XLSX, name)
