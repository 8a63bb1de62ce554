"""The scoring API: tables and criteria, movements and registrations, covenants, scorecards, reviews
and rankings (one module per group, like the views)."""

from thidua.scoring.api.cards import CovenantViewSet, RankingViewSet, ReviewViewSet, ScorecardViewSet
from thidua.scoring.api.registration import MovementViewSet, RegistrationViewSet
from thidua.scoring.api.tables import CriterionViewSet, TableViewSet

__all__ = [
    "CovenantViewSet",
    "CriterionViewSet",
    "MovementViewSet",
    "RankingViewSet",
    "RegistrationViewSet",
    "ReviewViewSet",
    "ScorecardViewSet",
    "TableViewSet",
]
