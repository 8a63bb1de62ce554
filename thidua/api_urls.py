"""The REST API, version 1: schema, docs, token login and every app's endpoints."""

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
from thidua.conferences.api import ConferenceViewSet, ParticipantViewSet, PollViewSet
from thidua.orgs.api import PersonViewSet, UnitViewSet
from thidua.proposals.api import DecisionViewSet, DossierViewSet, FundViewSet, LineViewSet
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

router = DefaultRouter()
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
router.register("decisions", DecisionViewSet, basename="decision")
router.register("fund-entries", FundViewSet, basename="fundentry")

urlpatterns = [
    path("auth/token/", TokenLoginView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
