"""Scoring tables (bảng tiêu chí chấm điểm): a versioned tree of groups and criteria per block year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.blocks.models import BlockYear, Membership
from thidua.lib.uploads import StoredFile, UploadKind
from thidua.orgs.models import Unit

# Points are exact decimals with two places: 1,000-point tables and half-point steps fit.
POINTS: dict[str, Any] = {"max_digits": 8, "decimal_places": 2}


class TableStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FROZEN = "frozen", _("Frozen")


# The one table of allowed transitions of each workflow model (STYLE.md): each state and the states
# it may be reached from; services move through `thidua.lib.workflow.move`.
TABLE_TRANSITIONS: dict[str, set[str]] = {TableStatus.FROZEN: {TableStatus.DRAFT}}


class ScoringTable(models.Model):
    """One version of a block year's scoring table. Frozen versions never change; an amendment is a
    new version with a reason, so every score can say which version it used."""

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.PROTECT, related_name="scoring_tables"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=255)
    total_points = models.DecimalField(
        _("total points"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("For example 100 or 1,000."),
        **POINTS,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TableStatus.choices, default=TableStatus.DRAFT
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)

    class Meta:
        verbose_name = _("scoring table")
        verbose_name_plural = _("scoring tables")
        ordering = ["block_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["block_year", "version"],
                name="scoring_scoringtable_unique_version",
                violation_error_message=_("This block year already has a scoring table with this version."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(frozen_at__isnull=False),
                name="scoring_scoringtable_frozen_has_time",
                violation_error_message=_("A frozen table records when it was frozen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.status == TableStatus.FROZEN


class CriterionKind(models.TextChoices):
    GROUP = "group", _("Group")
    NORMAL = "normal", _("Criterion")
    BONUS = "bonus", _("Bonus points")
    PENALTY = "penalty", _("Penalty points")


class Formula(models.TextChoices):
    NONE = "none", _("Scored directly")
    PROPORTIONAL = "proportional", _("Proportional to each member's target, capped at the maximum")


class Criterion(models.Model):
    """A group or criterion of a scoring table. For bonus and penalty items `max_points` is the cap."""

    table = models.ForeignKey(
        ScoringTable, verbose_name=_("scoring table"), on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=CriterionKind.choices, default=CriterionKind.NORMAL
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("For example I, I.1, II.3.a"))
    text = models.TextField(_("content"))
    guidance = models.TextField(_("scoring guidance"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"), validators=[MinValueValidator(Decimal("0.01"))], **POINTS
    )
    step = models.DecimalField(
        _("allowed step"),
        null=True,
        blank=True,
        help_text=_("For example 0.5; empty allows any value."),
        **POINTS,
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    formula = models.CharField(
        _("scoring formula"), max_length=20, choices=Formula.choices, default=Formula.NONE
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    applies_to = models.ManyToManyField(
        Unit,
        verbose_name=_("applies only to"),
        blank=True,
        related_name="+",
        help_text=_("Empty: every member."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["table", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "code"],
                name="scoring_criterion_unique_code",
                violation_error_message=_("Another criterion of this table has this code."),
            ),
            models.CheckConstraint(
                condition=Q(step__isnull=True) | Q(step__gt=0),
                name="scoring_criterion_step_positive",
                violation_error_message=_("The step must be greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"


class FinalMethod(models.TextChoices):
    """How a criterion's final score follows from the reviews (issue 3; R-BLK-04 leaves it to the block)."""

    LEADER = "leader", _("The leader's verified score")
    MEAN = "mean", _("Mean of the reviewers")
    MEDIAN = "median", _("Median of the reviewers")
    TRIMMED_MEAN = "trimmed_mean", _("Mean of the reviewers without the highest and lowest")


def default_tie_breaks() -> list[str]:
    return ["total", "penalty"]


def default_bands() -> list[list[Any]]:
    # [U] classification bands differ by province: a setting with a common default.
    return [["90", "Xuất sắc"], ["80", "Tốt"], ["70", "Khá"], ["0", "Trung bình"]]


class CriterionTarget(models.Model):
    """A member's own target for a criterion scored by formula (e.g. 120 dossiers for Sở Tư pháp)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField(
        _("target"), validators=[MinValueValidator(Decimal("0.01"))], max_digits=14, decimal_places=2
    )

    class Meta:
        verbose_name = _("member target")
        verbose_name_plural = _("member targets")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "unit"], name="scoring_criteriontarget_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} {self.unit}: {self.target}"


class ScoringRules(models.Model):
    """The block year's choices for scoring, review and ranking; [U] items of law.md are settings here."""

    block_year = models.OneToOneField(BlockYear, on_delete=models.CASCADE, related_name="scoring_rules")
    final_method = models.CharField(
        _("final score"), max_length=20, choices=FinalMethod.choices, default=FinalMethod.LEADER
    )
    reviewers_see_self_score = models.BooleanField(_("reviewers see the self-score"), default=True)
    reviewers_see_other_reviews = models.BooleanField(
        _("reviewers see each other's scores before submitting"), default=False
    )
    justification_gap = models.DecimalField(
        _("gap that needs a written justification"),
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal(0))],
        **POINTS,
    )
    tie_breaks = models.JSONField(_("tie-breaks, in order"), default=default_tie_breaks)
    bands = models.JSONField(_("classification bands"), default=default_bands)
    self_scoring_deadline = models.DateField(_("self-scoring deadline"), null=True, blank=True)
    review_deadline = models.DateField(_("review deadline"), null=True, blank=True)
    explanation_deadline = models.DateField(_("deadline for explanations"), null=True, blank=True)

    class Meta:
        verbose_name = _("scoring rules")
        verbose_name_plural = _("scoring rules")

    def __str__(self) -> str:
        return f"{self.block_year}"


class CovenantStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNING = "signing", _("Open for signing")
    SIGNED = "signed", _("Signed by all")


# An amendment does not move a covenant back: it is a new draft version (cards.amend_covenant).
COVENANT_TRANSITIONS: dict[str, set[str]] = {
    CovenantStatus.SIGNING: {CovenantStatus.DRAFT},
    CovenantStatus.SIGNED: {CovenantStatus.SIGNING},
}


class Covenant(models.Model):
    """The block year's covenant (giao ước thi đua): content, targets per member and the frozen table."""

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.PROTECT, related_name="covenants"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    content = models.TextField(_("content"))
    scoring_table = models.ForeignKey(
        ScoringTable,
        verbose_name=_("scoring table"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="covenants",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CovenantStatus.choices, default=CovenantStatus.DRAFT
    )
    signed_at = models.DateTimeField(_("signed by all at"), null=True, blank=True)
    amends = models.ForeignKey(
        "self", verbose_name=_("amends"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)

    class Meta:
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")
        ordering = ["block_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["block_year", "version"],
                name="scoring_covenant_unique_version",
                violation_error_message=_("This block year already has a covenant with this version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block_year} (v{self.version})"


class CovenantTarget(models.Model):
    """One target a member commits to in the covenant (e.g. one of seed 000's 10 key targets)."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: a target of every member."),
    )
    text = models.TextField(_("target"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("covenant target")
        verbose_name_plural = _("covenant targets")
        ordering = ["covenant", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class CovenantSignature(models.Model):
    """A member's signature of a covenant version, with who signed and when."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        "accounts.User", verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "unit"],
                name="scoring_covenantsignature_unique_unit",
                violation_error_message=_("This member has already signed this covenant."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.covenant}"


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


class RankingSnapshot(models.Model):
    """The published ranking of a block year, frozen with every key, so a recount can be compared."""

    block_year = models.ForeignKey(BlockYear, on_delete=models.PROTECT, related_name="rankings")
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        "accounts.User", verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    rows = models.JSONField(_("rows"))
    tie_breaks = models.JSONField(_("tie-breaks"))

    class Meta:
        verbose_name = _("published ranking")
        verbose_name_plural = _("published rankings")
        ordering = ["block_year", "-published_at"]

    def __str__(self) -> str:
        return f"{self.block_year} ({self.published_at:%d/%m/%Y})"


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Regular (yearly)")
    THEMATIC = "thematic", _("Thematic")


class Movement(models.Model):
    """An emulation movement of the block year (Law Art 16(1)): regular, or thematic with dates and a theme."""

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=MovementKind.choices, default=MovementKind.REGULAR
    )
    name = models.CharField(_("name"), max_length=255)
    theme = models.TextField(_("theme"), blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["block_year", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="regular")
                | (Q(start__isnull=False) & Q(end__isnull=False) & Q(end__gte=models.F("start"))),
                name="scoring_movement_thematic_has_dates",
                violation_error_message=_("A thematic movement needs its start and end dates, in order."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """A member's emulation registration (đăng ký thi đua): its targets and the titles it aims for."""

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.PROTECT, related_name="registrations"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    targets = models.TextField(_("targets"))
    titles = models.TextField(
        _("titles aimed for"),
        blank=True,
        help_text=_("Titles its collectives and people aim for, one per line."),
    )
    movements = models.ManyToManyField(
        Movement, verbose_name=_("movements"), blank=True, related_name="registrations"
    )
    registered_by = models.ForeignKey(
        "accounts.User", verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["block_year", "unit"],
                name="scoring_registration_one_per_member",
                violation_error_message=_("This member has already registered this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.block_year.year}"


class RegistrationTitle(models.Model):
    """How many of its collectives and people a member registers for a title or form (e.g. one
    Tập thể lao động xuất sắc, five Chiến sĩ thi đua cơ sở), beside the registration's free text."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="title_counts")
    award_type = models.ForeignKey(
        "awards.AwardType", verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("registered title")
        verbose_name_plural = _("registered titles")
        ordering = ["registration", "award_type__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "award_type"], name="scoring_registrationtitle_unique_award"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type}: {self.number}"


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
