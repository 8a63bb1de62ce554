"""A conference of a block year (trù bị, tổng kết, ký kết giao ước, phiên họp hội đồng): its kind, state
and quorum settings."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.blocks.models import BlockYear
from thidua.conferences.querysets import ConferenceQuerySet
from thidua.lib.thresholds import Comparison, Threshold
from thidua.orgs.models import Unit


class ConferenceKind(models.TextChoices):
    PREPARATORY = "preparatory", _("Preparatory meeting (hội nghị trù bị)")
    SUMMARY = "summary", _("Summary conference (hội nghị tổng kết)")
    COVENANT = "covenant", _("Covenant signing (ký kết giao ước)")
    COUNCIL = "council", _("Council session (phiên họp hội đồng)")


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_SESSION = "in_session", _("In session")
    CLOSED = "closed", _("Closed")


class ComparisonChoice(models.TextChoices):
    AT_LEAST = Comparison.AT_LEAST.value, _("at least")
    MORE_THAN = Comparison.MORE_THAN.value, _("more than")


class Conference(models.Model):
    """A meeting of the block year's members, with its roll, report, polls and minutes."""

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.PROTECT, related_name="conferences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConferenceKind.choices)
    title = models.CharField(_("title"), max_length=255)
    # Unknown is a value (issue 12 item 2): a conference recorded from old papers may have no known
    # date, place, chair or secretary; they stay empty and are printed "chưa rõ", never guessed.
    starts_at = models.DateTimeField(
        _("date and time"), null=True, blank=True, help_text=_("Empty when not known.")
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.CharField(
        _("chair"), max_length=255, blank=True, help_text=_("Name and position; empty when not known.")
    )
    secretary = models.CharField(
        _("secretary"), max_length=255, blank=True, help_text=_("Name and position; empty when not known.")
    )
    # The member that hosts the conference (đơn vị đăng cai) is often not the year's leader (issue 12
    # item 10): it is named beside the place; empty when the leader hosts or the papers do not say.
    host = models.ForeignKey(
        Unit,
        verbose_name=_("host unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The member that hosts the conference, when it is not this year's leading member; empty otherwise."
        ),
    )
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    minutes_copies = models.PositiveSmallIntegerField(
        _("copies of the minutes"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("The minutes say they are made in this many copies."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ConferenceStatus.choices, default=ConferenceStatus.PLANNED
    )
    # The quorum ([U] law.md §4.4: "commonly all members or at least 2/3 present"; R-VOTE-01 for
    # councils): the present voting weight against the whole roll's voting weight.
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum: numerator"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum: denominator"), default=3, validators=[MinValueValidator(1)]
    )
    quorum_comparison = models.CharField(
        _("quorum: comparison"),
        max_length=10,
        choices=ComparisonChoice.choices,
        default=ComparisonChoice.AT_LEAST,
    )
    max_proxies_per_holder = models.PositiveSmallIntegerField(
        _("proxies one delegate may hold"), default=1, validators=[MaxValueValidator(20)]
    )
    delegator_may_vote = models.BooleanField(
        _("a delegate who gave a proxy may still vote in person"),
        default=False,
        help_text=_("Off: once a proxy is recorded, only its holder casts that vote."),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The minutes' number in the issuing unit's register (documents engine), given when the
    # conference is closed; the minutes print it, so downloading again shows the same number.
    issued_number = models.OneToOneField(
        "documents.IssuedNumber",
        verbose_name=_("number of the minutes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        # A conference without a known date comes after the dated ones.
        ordering = ["block_year", models.F("starts_at").asc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="conferences_conference_quorum_fraction",
                violation_error_message=_("The quorum is a fraction no larger than 1."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def quorum(self) -> Threshold:
        return Threshold(self.quorum_numerator, self.quorum_denominator, Comparison(self.quorum_comparison))

    @property
    def day(self) -> datetime.date | None:
        """The local date of the conference, None when not known."""
        return timezone.localtime(self.starts_at).date() if self.starts_at is not None else None

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]
