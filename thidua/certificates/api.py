"""API of the certificates through the same doors (`certificates.permissions`) and services as the
pages: the layouts with their fields (read), a layout's sample PDF, and an issued decision's
certificates (POST gives the numbers once and starts the job; GET draws the PDF of the numbers given)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.accounts import permissions as perms
from thidua.certificates import services
from thidua.certificates.models import CertificateLayout, LayoutField, Printer
from thidua.certificates.permissions import (
    get_layout_for_user,
    get_printable_decision_for_user,
    manages_certificates,
)
from thidua.orgs.api import as_drf_error

PDF = "application/pdf"
_PRINTER = OpenApiParameter("printer", int, description="the printer whose scale and offset to apply")


def _printer(request: Request) -> Printer | None:
    body = request.data if hasattr(request.data, "get") else {}  # a JSON list names no printer
    asked = str(request.query_params.get("printer", "") or body.get("printer", "") or "")
    return Printer.objects.filter(pk=int(asked)).first() if asked.isdecimal() else None


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


class LayoutFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = LayoutField
        fields = [
            "name",
            "x_mm",
            "y_mm",
            "width_mm",
            "align",
            "size_pt",
            "min_size_pt",
            "max_lines",
            "bold",
            "italic",
            "upper",
            "hidden",
        ]


class LayoutSerializer(serializers.ModelSerializer):
    award_type: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    layout_fields = LayoutFieldSerializer(source="fields", many=True, read_only=True)
    has_scan = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()

    class Meta:
        model = CertificateLayout
        fields = [
            "id",
            "name",
            "award_type",
            "recipient_kind",
            "paper_width_mm",
            "paper_height_mm",
            "place",
            "has_scan",
            "version",
            "layout_fields",
        ]

    def get_has_scan(self, layout: CertificateLayout) -> bool:
        return bool(layout.background)

    def get_version(self, layout: CertificateLayout) -> int | None:
        """The number of the layout's last printed version (none before its first print)."""
        latest = services.last_version(layout)
        return latest.number if latest else None


class CertificateLayoutViewSet(viewsets.ReadOnlyModelViewSet):
    """The certificate layouts (the board's); `preview` is the sample PDF, on the scan unless
    `scan=0` (then with the printer's scale and offset, to print a test on a real blank)."""

    serializer_class = LayoutSerializer
    # A layout's id is a number: anything else is not found, never a server error (the API fuzz test).
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema, drawn without a user
            return CertificateLayout.objects.none()
        perms.require(manages_certificates(self.request.user))
        return CertificateLayout.objects.select_related("award_type").prefetch_related("fields")

    def get_object(self) -> CertificateLayout:
        return get_layout_for_user(self.request.user, int(self.kwargs["pk"]))

    @extend_schema(
        parameters=[OpenApiParameter("scan", int, description="0: without the scan"), _PRINTER],
        responses={(200, PDF): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def preview(self, request: Request, pk: int) -> HttpResponse:
        layout = get_layout_for_user(request.user, int(pk))
        background = request.query_params.get("scan", "1") != "0"
        data = services.preview_pdf(layout=layout, background=background, printer=_printer(request))
        return _pdf(data, f"mau-giay-chung-nhan-{layout.pk}.pdf")


_JOB = inline_serializer(
    "CertificatesJob", {"job": serializers.IntegerField(), "status": serializers.CharField()}
)


class DecisionCertificatesView(APIView):
    """An issued decision's certificates: POST gives the sổ vàng numbers (once) and starts the job
    that draws them (as the decision page's button); GET is the PDF of the numbers given, each
    certificate on the layout version it was first printed on."""

    @extend_schema(parameters=[_PRINTER], responses={(200, PDF): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> HttpResponse:
        decision = get_printable_decision_for_user(request.user, int(pk))
        try:
            data = services.decision_pdf(decision, printer=_printer(request))
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return _pdf(data, f"giay-chung-nhan-{decision.pk}.pdf")

    @extend_schema(
        request=inline_serializer("CertificatesPrint", {"printer": serializers.IntegerField(required=False)}),
        responses={202: _JOB},
    )
    def post(self, request: Request, pk: int) -> Response:
        decision = get_printable_decision_for_user(request.user, int(pk))
        try:
            job = services.print_decision_certificates(
                actor=request.user, decision=decision, printer=_printer(request)
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response({"job": job.pk, "status": job.status}, status=202)
