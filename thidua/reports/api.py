"""API of reports through the same door (`reports.permissions`) and services as the pages: a
conference's news article draft, read (text) and edited (PUT text), or downloaded as DOCX."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.orgs.api import as_drf_error
from thidua.reports import news, services
from thidua.reports.models import NewsDraft
from thidua.reports.permissions import get_news_conference_for_user
from thidua.reports.views import DOCX

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
                actor=request.user, conference=conference, text=str(request.data.get("text", ""))
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
