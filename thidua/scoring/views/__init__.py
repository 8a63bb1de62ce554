"""Pages of a block year's scoring, one module per page group (the module passed ~600 lines)."""

from thidua.scoring.views.cards import (
    card_action,
    evidence_file,
    evidence_remove,
    evidence_replace,
    review,
    review_score,
    score,
    scorecard,
    scorecard_xlsx,
)
from thidua.scoring.views.exports import covenant_download, ranking_download, score_table_xlsx, scorecard_pdf
from thidua.scoring.views.tables import criterion_edit, table, table_action
from thidua.scoring.views.year import overview, ranking, year_action

__all__ = [
    "card_action",
    "covenant_download",
    "criterion_edit",
    "evidence_file",
    "evidence_remove",
    "evidence_replace",
    "overview",
    "ranking",
    "ranking_download",
    "review",
    "review_score",
    "score",
    "score_table_xlsx",
    "scorecard",
    "scorecard_pdf",
    "scorecard_xlsx",
    "table",
    "table_action",
    "year_action",
]
