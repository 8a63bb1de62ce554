"""The REST API, version 1: schema, docs, token login and every app's endpoints."""

from typing import Any

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from thidua.accounts.api import TokenLoginView
from thidua.awards.api import (
    AwardRecordViewSet,
    AwardTypeViewSet,
    EligibilityViewSet,
    InitiativeViewSet,
    JobViewSet,
    RatingViewSet,
)
from thidua.blocks.api import BlockViewSet, BlockYearViewSet
from thidua.conferences.api import (
    ConferenceViewSet,
    ParticipantViewSet,
    PollViewSet,
    RecordedMinutesViewSet,
)
from thidua.council.api import CouncilSessionViewSet
from thidua.orgs.api import PersonViewSet, UnitViewSet
from thidua.proposals.api import AttachmentViewSet, DecisionViewSet, DossierViewSet, FundViewSet, LineViewSet
from thidua.reports.api import NewsDraftDocxView, NewsDraftView
from thidua.scoring.api import (
    CovenantViewSet,
    CriterionViewSet,
    MovementViewSet,
    RankingViewSet,
    RegistrationViewSet,
    ReviewViewSet,
    ScorecardViewSet,
    TableViewSet,
)

# Ids are positive integers that fit in 64 bits: anything else in their place is a 404, not a
# database error (issue 11). Viewsets looked up by another field (award types by code) keep DRF's.
ID_REGEX = "[0-9]{1,18}"


class Router(DefaultRouter):
    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        if lookup_field in ("pk", "id") and not hasattr(viewset, "lookup_value_regex"):
            lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
            return f"(?P<{lookup_prefix}{lookup_url_kwarg}>{ID_REGEX})"
        return super().get_lookup_regex(viewset, lookup_prefix)


router = Router()
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("blocks", BlockViewSet, basename="block")
router.register("block-years", BlockYearViewSet, basename="blockyear")
router.register("scoring-tables", TableViewSet, basename="scoringtable")
router.register("criteria", CriterionViewSet, basename="criterion")
router.register("movements", MovementViewSet, basename="movement")
router.register("registrations", RegistrationViewSet, basename="registration")
router.register("covenants", CovenantViewSet, basename="covenant")
router.register("scorecards", ScorecardViewSet, basename="scorecard")
router.register("reviews", ReviewViewSet, basename="review")
router.register("rankings", RankingViewSet, basename="ranking")
router.register("conferences", ConferenceViewSet, basename="conference")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("polls", PollViewSet, basename="poll")
router.register("award-types", AwardTypeViewSet, basename="awardtype")
router.register("award-records", AwardRecordViewSet, basename="awardrecord")
router.register("ratings", RatingViewSet, basename="rating")
router.register("initiatives", InitiativeViewSet, basename="initiative")
router.register("eligibility", EligibilityViewSet, basename="eligibility")
router.register("eligibility-jobs", JobViewSet, basename="eligibilityjob")
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("dossier-lines", LineViewSet, basename="dossierline")
router.register("dossier-papers", AttachmentViewSet, basename="dossierpaper")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("fund-entries", FundViewSet, basename="fundentry")
router.register("recorded-minutes", RecordedMinutesViewSet, basename="recordedminutes")
router.register("council-sessions", CouncilSessionViewSet, basename="councilsession")

urlpatterns = [
    path("auth/token/", TokenLoginView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
    path("", include("thidua.certificates.api_urls")),
    path("", include("thidua.reports.api_urls")),
    path("", include("thidua.stats.api_urls")),
    path("news-drafts/<int:pk>/", NewsDraftView.as_view(), name="api-news-draft"),
    path("news-drafts/<int:pk>/docx/", NewsDraftDocxView.as_view(), name="api-news-draft-docx"),
]
