"""The audit actions of scoring (registered with the audit log in `apps.py`): every `record()` of the
app names one of these (a test keeps it so), and the audit log shows its sentence."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScoringAction(models.TextChoices):
    SCORINGTABLE_CREATE = "scoringtable.create", _("Created a scoring table")
    SCORINGTABLE_UPDATE = "scoringtable.update", _("Changed a scoring table")
    SCORINGTABLE_FREEZE = "scoringtable.freeze", _("Froze a scoring table")
    SCORINGTABLE_AMEND = "scoringtable.amend", _("Started an amendment of a scoring table")
    SCORINGTABLE_COPY = "scoringtable.copy", _("Copied a scoring table to the next year")
    CRITERION_CREATE = "criterion.create", _("Added a criterion")
    CRITERION_UPDATE = "criterion.update", _("Changed a criterion")
    CRITERION_DELETE = "criterion.delete", _("Deleted a criterion")
    CRITERION_TARGET = "criterion.target", _("Set a member's target for a criterion")
    SCORING_RULES = "scoring.rules", _("Changed the scoring rules of a block year")
    MOVEMENT_CREATE = "movement.create", _("Launched an emulation movement")
    REGISTRATION_CREATE = "registration.create", _("Registered for the emulation titles")
    REGISTRATION_UPDATE = "registration.update", _("Changed a registration for the emulation titles")
    COVENANT_CREATE = "covenant.create", _("Drafted a covenant")
    COVENANT_TARGET = "covenant.target", _("Added a target to a covenant")
    COVENANT_OPEN = "covenant.open", _("Opened a covenant for signing")
    COVENANT_SIGN = "covenant.sign", _("Signed a covenant")
    COVENANT_SIGNED = "covenant.signed", _("A covenant was signed by every member")
    COVENANT_AMEND = "covenant.amend", _("Started an amendment of a covenant")
    SCORECARD_OPEN = "scorecard.open", _("Opened a scorecard")
    SCORECARD_SELF_SCORE = "scorecard.self_score", _("Entered a self-score")
    SCORECARD_EVIDENCE = "scorecard.evidence", _("Attached evidence to a score")
    SCORECARD_EVIDENCE_REMOVE = "scorecard.evidence_remove", _("Removed an evidence file")
    SCORECARD_EVIDENCE_REPLACE = "scorecard.evidence_replace", _("Replaced an evidence file")
    SCORECARD_SUBMIT = "scorecard.submit", _("Submitted a scorecard")
    SCORECARD_ADJUST = "scorecard.adjust", _("Recorded a bonus or penalty")
    SCORECARD_EXPLAIN = "scorecard.explain", _("Explained a verified score")
    REVIEW_ASSIGN = "review.assign", _("Assigned a reviewer")
    REVIEW_SCORE = "review.score", _("Entered a review score")
    REVIEW_SUBMIT = "review.submit", _("Submitted a review")
    RANKING_PUBLISH = "ranking.publish", _("Published the ranking")
