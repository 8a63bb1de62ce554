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
from thidua.scoring.views.steps import (
    covenant_amend,
    covenant_create,
    covenant_open,
    covenant_sign,
    movement_add,
    ranking_publish,
    registration_save,
    reviewer_assign,
    rules_save,
    scorecards_open,
    table_copy,
    table_create,
)
from thidua.scoring.views.tables import criterion_edit, table, table_action
from thidua.scoring.views.year import overview, ranking

__all__ = [
    "card_action",
    "covenant_amend",
    "covenant_create",
    "covenant_download",
    "covenant_open",
    "covenant_sign",
    "criterion_edit",
    "evidence_file",
    "evidence_remove",
    "evidence_replace",
    "movement_add",
    "overview",
    "ranking",
    "ranking_download",
    "ranking_publish",
    "registration_save",
    "review",
    "review_score",
    "reviewer_assign",
    "rules_save",
    "score",
    "score_table_xlsx",
    "scorecard",
    "scorecard_pdf",
    "scorecard_xlsx",
    "scorecards_open",
    "table",
    "table_action",
    "table_copy",
    "table_create",
]
