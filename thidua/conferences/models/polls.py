"""Polls and their options: kinds, modes, states, thresholds and tie-breaks."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.blocks.models import BlockKind
from thidua.conferences.models.meeting import ComparisonChoice, Conference
from thidua.conferences.querysets import PollQuerySet
from thidua.conferences.results import PollResult
from thidua.lib.thresholds import Comparison, Threshold
from thidua.orgs.models import Unit


class PollKind(models.TextChoices):
    RANKING = "ranking", _("Leading unit and ranks (suy tôn)")
    PROPOSALS = "proposals", _("Award proposals")
    LEADER = "leader", _("Next year's block leader (Khối trưởng)")
    DEPUTY = "deputy", _("Next year's deputy (Khối phó)")
    QUESTION = "question", _("Yes / no question")


def poll_kind_label(kind: str, block_kind: str) -> str:
    """The kind of a poll as a cluster says it (issue 12 item 5): "Bầu Cụm trưởng năm sau" for a cụm,
    the choice's own label otherwise."""
    if block_kind == BlockKind.CLUSTER:
        if kind == PollKind.LEADER:
            return str(_("Next year's cluster leader (Cụm trưởng)"))
        if kind == PollKind.DEPUTY:
            return str(_("Next year's cluster deputy (Cụm phó)"))
    return str(PollKind(kind).label)


def poll_kind_choices(block_kind: str) -> list[tuple[str, str]]:
    """PollKind's choices with the block's words (Cụm trưởng, Cụm phó for a cluster)."""
    return [(value, poll_kind_label(value, block_kind)) for value in PollKind.values]


# Polls whose ballot chooses among candidates; the others answer yes / no / abstain on each option.
SELECT_KINDS = {PollKind.RANKING, PollKind.LEADER, PollKind.DEPUTY}


class PollMode(models.TextChoices):
    SECRET = "secret", _("Secret electronic ballot")
    NAMED = "named", _("Named electronic vote")
    PAPER = "paper", _("Paper ballots, counted results typed in")
    # Suy tôn by acclamation (issue 12 item 10): the hall agrees by a show of hands or applause; no
    # ballot is cast and no count is kept, the secretary records the outcome.
    ACCLAMATION = "acclamation", _("Open vote by show of hands or applause (no ballots)")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published")
    VOID = "void", _("Voided")


class ThresholdBase(models.TextChoices):
    """The 100 % of a threshold (OpenSlides' onehundred_percent_base; voting-scoring.md C1)."""

    ENTITLED = "entitled", _("all voters on the roll")
    PRESENT = "present", _("voters present")
    CAST = "cast", _("ballots cast")
    VALID = "valid", _("valid ballots")
    YES_NO = "yes_no", _("yes and no answers (abstentions left out)")


class YesAnswers(models.TextChoices):
    YES = "yes", _("only yes")
    YES_AND_ABSTAIN = "yes_abstain", _("yes and abstain")


class TieBreak(models.TextChoices):
    SCORE = "score", _("the block year's published scoring ranking")
    NONE = "none", _("none: equal votes share the place")


class Poll(models.Model):
    """A question put to the conference's voters, with its threshold stated completely."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="polls")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=PollKind.choices)
    mode = models.CharField(_("mode"), max_length=12, choices=PollMode.choices, default=PollMode.SECRET)
    status = models.CharField(
        _("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    title = models.CharField(_("question"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    max_choices = models.PositiveSmallIntegerField(
        _("candidates a ballot may choose"), default=1, validators=[MinValueValidator(1)]
    )
    ranks_to_fill = models.PositiveSmallIntegerField(
        _("places to fill"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("E.g. 3: first, second, third."),
    )
    threshold_numerator = models.PositiveSmallIntegerField(_("threshold: numerator"), default=1)
    threshold_denominator = models.PositiveSmallIntegerField(
        _("threshold: denominator"), default=2, validators=[MinValueValidator(1)]
    )
    threshold_comparison = models.CharField(
        _("threshold: comparison"),
        max_length=10,
        choices=ComparisonChoice.choices,
        default=ComparisonChoice.MORE_THAN,
    )
    threshold_base = models.CharField(
        _("threshold: base"), max_length=10, choices=ThresholdBase.choices, default=ThresholdBase.ENTITLED
    )
    yes_answers = models.CharField(
        _("answers counted in favour"), max_length=12, choices=YesAnswers.choices, default=YesAnswers.YES
    )
    allow_self_vote = models.BooleanField(_("a member may vote for itself"), default=True)
    tie_break = models.CharField(
        _("equal votes are separated by"), max_length=10, choices=TieBreak.choices, default=TieBreak.SCORE
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    roll_fingerprint = models.CharField(_("roll fingerprint"), max_length=64, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)

    objects = PollQuerySet.as_manager()

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["conference", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold_numerator__lte=models.F("threshold_denominator")),
                name="conferences_poll_threshold_fraction",
                violation_error_message=_("The threshold is a fraction no larger than 1."),
            ),
            models.CheckConstraint(
                condition=~Q(status="void") | ~Q(void_reason=""),
                name="conferences_poll_void_has_reason",
                violation_error_message=_("A voided poll records why."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def outcome(self) -> PollResult | None:
        """The stored result as types (`conferences.results`), or None before the poll is closed."""
        return PollResult.from_json(self.result) if self.result else None

    @property
    def kind_label(self) -> str:
        """The poll's kind in the block's words ("Bầu Cụm trưởng năm sau" for a cluster)."""
        return poll_kind_label(self.kind, self.conference.block_year.block.kind)

    @property
    def threshold(self) -> Threshold:
        return Threshold(
            self.threshold_numerator, self.threshold_denominator, Comparison(self.threshold_comparison)
        )

    @property
    def is_select(self) -> bool:
        return self.kind in SELECT_KINDS

    @property
    def is_secret(self) -> bool:
        return self.mode == PollMode.SECRET

    @property
    def has_ballots(self) -> bool:
        """Whether delegates cast electronic ballots (secret or named); paper and acclamation do not."""
        return self.mode in (PollMode.SECRET, PollMode.NAMED)


class PollOption(models.Model):
    """A candidate unit, or an award proposal (a title or form for a unit or a person), or the single
    question of a yes / no poll."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    award_type = models.ForeignKey(
        "awards.AwardType",
        verbose_name=_("title or form"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["poll", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "unit"],
                condition=Q(unit__isnull=False, award_type__isnull=True),
                name="conferences_polloption_unit_once",
                violation_error_message=_("This unit is already a candidate in this poll."),
            ),
            models.UniqueConstraint(
                fields=["poll", "award_type", "unit"],
                condition=Q(unit__isnull=False, award_type__isnull=False),
                name="conferences_polloption_unit_award_once",
                violation_error_message=_("This unit is already proposed for this award in this poll."),
            ),
            models.UniqueConstraint(
                fields=["poll", "award_type", "person"],
                condition=Q(person__isnull=False, award_type__isnull=False),
                name="conferences_polloption_person_award_once",
                violation_error_message=_("This person is already proposed for this award in this poll."),
            ),
            models.CheckConstraint(
                condition=Q(award_type__isnull=True)
                | (
                    (Q(unit__isnull=False) & Q(person__isnull=True))
                    | (Q(unit__isnull=True) & Q(person__isnull=False))
                ),
                name="conferences_polloption_proposal_has_one_candidate",
                violation_error_message=_("An award proposal names one unit or one person."),
            ),
        ]

    def __str__(self) -> str:
        return self.label
