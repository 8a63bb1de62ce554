"""API of reports through the same door (`reports.permissions`) and services as the pages: a
conference's news article draft, read (text) and edited (PUT text), or downloaded as DOCX; the block
year's summary report (`summary-reports/`), its sections, status and DOCX."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.conferences.models import Conference
from thidua.orgs.api import as_drf_error
from thidua.reports import news, services, summary
from thidua.reports.models import NewsDraft, SummaryReport, SummaryStatus
from thidua.reports.permissions import (
    get_news_conference_for_user,
    get_summary_year_for_user,
    summary_year_ids_for,
)
from thidua.reports.views import DOCX


def _body(request: Request) -> Any:
    """The request's fields: a JSON object (or a form); a list or a bare value is refused with a 400
    saying so, never a server error (review finding)."""
    if not hasattr(request.data, "get"):
        raise ValidationError({"detail": [_("Send the fields as a JSON object.")]})
    return request.data


_NEWS = inline_serializer(
    "NewsDraft", {"text": serializers.CharField(), "edited": serializers.BooleanField()}
)


class NewsDraftView(APIView):
    @extend_schema(responses=_NEWS)
    def get(self, request: Request, pk: int) -> Response:
        conference = get_news_conference_for_user(request.user, pk)
        edited = NewsDraft.objects.filter(conference=conference).exists()
        return Response({"text": news.article_text(conference), "edited": edited})

    @extend_schema(
        request=inline_serializer("NewsDraftText", {"text": serializers.CharField()}), responses=_NEWS
    )
    def put(self, request: Request, pk: int) -> Response:
        conference = get_news_conference_for_user(request.user, pk)
        try:
            draft = services.save_news_draft(
                actor=request.user, conference=conference, text=str(_body(request).get("text", ""))
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response({"text": draft.text, "edited": True})

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        conference = get_news_conference_for_user(request.user, pk)
        services.reset_news_draft(actor=request.user, conference=conference)
        return Response(status=204)


class NewsDraftDocxView(APIView):
    @extend_schema(responses={(200, DOCX): bytes})
    def get(self, request: Request, pk: int) -> HttpResponse:
        conference = get_news_conference_for_user(request.user, pk)
        response = HttpResponse(news.article_docx(conference), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="tin-bai-hoi-nghi-{conference.pk}.docx"'
        return response


class SummaryReportSerializer(serializers.ModelSerializer):
    block = serializers.IntegerField(source="block_year.block_id", read_only=True)
    year = serializers.IntegerField(source="block_year.year", read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft, sent or issued")
    issued_number = serializers.SerializerMethodField()
    issued_on = serializers.DateField(source="issued_number.issued_on", read_only=True, default=None)

    class Meta:
        model = SummaryReport
        fields = [
            "block_year",
            "block",
            "year",
            "status",
            "strengths",
            "limitations",
            "lessons",
            "direction",
            "conference",
            "issued_number",
            "issued_on",
        ]
        read_only_fields = ["block_year", "status", "conference"]

    def get_issued_number(self, report: SummaryReport) -> str | None:
        """ "01/BC-SO-TC": the number and symbol from the leading unit's register, once issued."""
        if report.issued_number is None:
            return None
        return report.issued_number.number_line.removeprefix("Số: ").removeprefix("Số ").strip()


_STATUS = inline_serializer(
    "SummaryReportStatus",
    {
        "status": serializers.CharField(help_text="draft, sent or issued"),
        "conference": serializers.IntegerField(required=False, allow_null=True),
    },
)


class SummaryReportViewSet(viewsets.GenericViewSet):
    """The block year's summary report, keyed by the block year's id: read it (created as an empty
    draft the first time), write the leader's sections (PATCH/PUT), change its status (POST status/:
    sent with an optional conference of that year, draft, issued) and download the DOCX; the board and
    the year's leader officer only (`reports.permissions`), 404 for everyone else."""

    serializer_class = SummaryReportSerializer
    queryset = SummaryReport.objects.none()

    lookup_value_regex = r"[0-9]+"  # a block year's id; anything else is not found

    def get_queryset(self) -> Any:
        rows = SummaryReport.objects.select_related("block_year", "issued_number").order_by(
            "-block_year__year", "block_year_id"
        )
        ids = summary_year_ids_for(self.request.user)
        return rows if ids is None else rows.filter(block_year_id__in=ids)

    def _report(self, pk: Any) -> SummaryReport:
        if not str(pk).isdecimal():
            raise Http404
        block_year = get_summary_year_for_user(self.request.user, int(pk))
        report = services.summary_report_for(block_year)
        return SummaryReport.objects.select_related("block_year", "issued_number").get(pk=report.pk)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(SummaryReportSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(SummaryReportSerializer(self._report(pk)).data)

    def update(self, request: Request, pk: Any = None) -> Response:
        report = self._report(pk)
        data = _body(request)
        texts = {name: str(data[name]) for name in services.WRITTEN_FIELDS if name in data}
        try:
            report = services.save_summary_sections(actor=request.user, report=report, **texts)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(SummaryReportSerializer(report).data)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        return self.update(request, pk)

    @extend_schema(request=_STATUS, responses=SummaryReportSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: Any = None) -> Response:
        report = self._report(pk)
        data = _body(request)
        target = str(data.get("status", ""))
        if target not in SummaryStatus.values:
            raise ValidationError({"status": [_("Choose what to do with the report.")]})
        conference = None
        conference_pk = data.get("conference")
        if conference_pk not in (None, ""):
            conference = Conference.objects.filter(
                block_year=report.block_year,
                pk=int(str(conference_pk)) if str(conference_pk).isdecimal() else 0,
            ).first()
            if conference is None:
                raise ValidationError({"conference": [_("Choose a conference of the same block year.")]})
        try:
            report = services.change_summary_status(
                actor=request.user, report=report, status=target, conference=conference
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(SummaryReportSerializer(self._report(pk)).data)

    @extend_schema(responses={(200, DOCX): bytes})
    @action(detail=True, methods=["get"])
    def docx(self, request: Request, pk: Any = None) -> HttpResponse:
        report = self._report(pk)
        block_year = report.block_year
        response = HttpResponse(summary.summary_docx(block_year), content_type=DOCX)
        name = f"bao-cao-tong-ket-{block_year.block.code}-{block_year.year}.docx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
