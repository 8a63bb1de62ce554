"""The models of scoring, one module per part of the year (the module passed 600 lines, as NetBox's
`models/` packages): tables, covenants, cards (with reviews and the ledger), registration, ranking.
Every name is importable from `thidua.scoring.models`, as the migrations and the other apps expect."""

from thidua.scoring.models.cards import (
    CARD_TRANSITIONS,
    Adjustment,
    AdjustmentKind,
    CardStatus,
    Evidence,
    Explanation,
    Reminder,
    ReviewAssignment,
    ReviewScore,
    Scorecard,
    ScoreEntry,
    evidence_path,
)
from thidua.scoring.models.covenants import (
    COVENANT_TRANSITIONS,
    Covenant,
    CovenantSignature,
    CovenantStatus,
    CovenantTarget,
)
from thidua.scoring.models.ranking import (
    RankingSnapshot,
)
from thidua.scoring.models.registration import (
    Movement,
    MovementKind,
    Registration,
    RegistrationTitle,
)
from thidua.scoring.models.tables import (
    POINTS,
    TABLE_TRANSITIONS,
    Criterion,
    CriterionKind,
    CriterionTarget,
    FinalMethod,
    Formula,
    ScoringRules,
    ScoringTable,
    TableStatus,
    default_bands,
    default_tie_breaks,
)

__all__ = [
    "CARD_TRANSITIONS",
    "COVENANT_TRANSITIONS",
    "POINTS",
    "TABLE_TRANSITIONS",
    "Adjustment",
    "AdjustmentKind",
    "CardStatus",
    "Covenant",
    "CovenantSignature",
    "CovenantStatus",
    "CovenantTarget",
    "Criterion",
    "CriterionKind",
    "CriterionTarget",
    "Evidence",
    "Explanation",
    "FinalMethod",
    "Formula",
    "Movement",
    "MovementKind",
    "RankingSnapshot",
    "Registration",
    "RegistrationTitle",
    "Reminder",
    "ReviewAssignment",
    "ReviewScore",
    "ScoreEntry",
    "Scorecard",
    "ScoringRules",
    "ScoringTable",
    "TableStatus",
    "default_bands",
    "default_tie_breaks",
    "evidence_path",
]
