"""A member's scorecard: its scores, evidence, reviews, the bonus and penalty ledger, explanations
and the reminders sent about it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.blocks.models import BlockYear, Membership
from thidua.lib.uploads import StoredFile, UploadKind
from thidua.orgs.models import Unit
from thidua.scoring.models.tables import POINTS, Criterion, ScoringTable


class CardStatus(models.TextChoices):
    DRAFT = "draft", _("Being filled in")
    SUBMITTED = "submitted", _("Submitted")


CARD_TRANSITIONS: dict[str, set[str]] = {CardStatus.SUBMITTED: {CardStatus.DRAFT}}


class Scorecard(models.Model):
    """One member's scorecard for a block year, scored against one frozen table version."""

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.PROTECT, related_name="scorecards"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="scorecards"
    )
    # The member's membership of that year: protected, so a member with a scorecard cannot be dropped
    # from the year (blocks.services.set_block_year turns the refusal into a message).
    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="scorecards"
    )
    table = models.ForeignKey(
        ScoringTable, verbose_name=_("scoring table"), on_delete=models.PROTECT, related_name="scorecards"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CardStatus.choices, default=CardStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["block_year", "unit__name_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["block_year", "unit"],
                name="scoring_scorecard_one_per_member",
                violation_error_message=_("This member already has a scorecard this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.block_year.year}"


class ScoreEntry(models.Model):
    """A member's self-score and comment on one criterion."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_score = models.DecimalField(_("self-score"), null=True, blank=True, **POINTS)
    achieved = models.DecimalField(_("achieved"), null=True, blank=True, max_digits=14, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    evidence_note = models.CharField(
        _("evidence note"),
        max_length=500,
        blank=True,
        help_text=_("Which document proves the score, e.g. Báo cáo số 12-BC/TU."),
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="scoring_scoreentry_unique_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorecard} {self.criterion.code}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.entry.scorecard.block_year_id}/{instance.entry.scorecard_id}/{instance.sha256[:16]}-{filename}"


class Evidence(StoredFile):
    """An evidence file for a score (its bytes checked against the evidence allow-list). A file of the
    same name uploaded again is a new version; a file can be replaced or removed while the card is a
    draft (audited), never after it is submitted."""

    upload_kind = UploadKind.EVIDENCE

    entry = models.ForeignKey(ScoreEntry, on_delete=models.PROTECT, related_name="evidence")
    version = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["entry", "original_name", "-version"]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"

    def storage_path(self, filename: str) -> str:
        return evidence_path(self, filename)


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Being scored")
    SUBMITTED = "submitted", _("Submitted")


# A review's state is read from `submitted_at` (the one stored fact, which other apps read too);
# services check each step against this table.
REVIEW_TRANSITIONS: dict[str, set[str]] = {ReviewStatus.SUBMITTED: {ReviewStatus.ASSIGNED}}


class ReviewAssignment(models.Model):
    """A reviewer unit assigned by the leader to score a member's scorecard (never its own)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(Unit, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "reviewer"], name="scoring_reviewassignment_unique_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.scorecard}"

    @property
    def state(self) -> str:
        """`ReviewStatus`: submitted once `submitted_at` is set."""
        return ReviewStatus.SUBMITTED if self.submitted_at is not None else ReviewStatus.ASSIGNED


class ReviewScore(models.Model):
    """A reviewer's score of one criterion, with the justification a large gap requires."""

    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), **POINTS)
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="scoring_reviewscore_unique_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.criterion.code}: {self.score}"


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("Bonus")
    PENALTY = "penalty", _("Penalty")


class Adjustment(models.Model):
    """One line of the bonus and penalty ledger: never merged or deleted; a correction is a new line."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.PROTECT, related_name="adjustments")
    kind = models.CharField(_("kind"), max_length=10, choices=AdjustmentKind.choices)
    points = models.DecimalField(_("points"), **POINTS, help_text=_("Negative to correct an earlier line."))
    reason = models.TextField(_("reason"))
    basis = models.CharField(_("basis"), max_length=255, help_text=_("Decision, document or criterion code."))
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["scorecard", "decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points}: {self.reason[:40]}"


class Explanation(models.Model):
    """A member's answer (giải trình) to a provisional verified score, before the explanation deadline."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="explanations")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("explanation"))
    submitted_by = models.ForeignKey(
        "accounts.User", verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("explanation")
        verbose_name_plural = _("explanations")
        ordering = ["scorecard", "submitted_at"]

    def __str__(self) -> str:
        return f"{self.scorecard} {self.criterion.code}"


class Reminder(models.Model):
    """A reminder e-mail sent to a member, so that a daily run never sends the same one twice a day."""

    block_year = models.ForeignKey(BlockYear, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    sent_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["block_year", "unit", "kind", "sent_on"], name="scoring_reminder_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.unit} {self.sent_on}"
