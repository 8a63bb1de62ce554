"""What conferences decide beyond a poll's totals: award candidates, and the minutes of a conference held
on paper outside thidua with their counts and scans."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.blocks.models import BlockYear
from thidua.conferences.models.polls import Poll, PollOption
from thidua.lib.uploads import StoredFile, UploadKind
from thidua.orgs.models import Unit


class AwardCandidate(models.Model):
    """An award proposal the conference approved (issue 4 item 9): the candidate the proposals and
    dossier work starts from, with the vote that approved it."""

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.PROTECT, related_name="award_candidates"
    )
    award_type = models.ForeignKey(
        "awards.AwardType", verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+"
    )
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
    # Approved by a poll of a conference held in thidua, or recorded from a paper conference's minutes
    # (exactly one of the two).
    poll = models.ForeignKey(
        Poll,
        verbose_name=_("poll"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
    )
    option = models.OneToOneField(
        PollOption, on_delete=models.PROTECT, null=True, blank=True, related_name="candidate"
    )
    recorded = models.ForeignKey(
        "RecordedMinutes",
        verbose_name=_("recorded minutes"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="candidates",
    )
    # Empty when the minutes do not give the count ("không rõ", never 0).
    yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    abstain = models.PositiveIntegerField(_("abstain"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        verbose_name = _("approved award proposal")
        verbose_name_plural = _("approved award proposals")
        # In the order of the vote (issue 12 item 10): the polls as they were published, and within a
        # poll its options' order; the proposals recorded from minutes in the order of the minutes.
        ordering = ["block_year", "approved_at", "option__position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (Q(unit__isnull=False) & Q(person__isnull=True))
                    | (Q(unit__isnull=True) & Q(person__isnull=False))
                ),
                name="conferences_awardcandidate_one_candidate",
            ),
            models.CheckConstraint(
                condition=(Q(poll__isnull=False) & Q(recorded__isnull=True))
                | (Q(poll__isnull=True) & Q(recorded__isnull=False)),
                name="conferences_awardcandidate_poll_or_minutes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type} — {self.unit or self.person}"


class RecordedMinutes(models.Model):
    """A year's results recorded by the board or the leader officer from the paper minutes of a
    summary conference held outside thidua (issue 12 item 1): the standings, the approved award
    proposals and next year's leader and deputies, without replaying a vote. What is not in the
    minutes stays empty and reads "không rõ"."""

    block_year = models.OneToOneField(
        BlockYear, verbose_name=_("block year"), on_delete=models.PROTECT, related_name="recorded_minutes"
    )
    minutes_number = models.CharField(_("minutes number"), max_length=60, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.CharField(_("chair"), max_length=255, blank=True)
    by_acclamation = models.BooleanField(
        _("decided by acclamation"),
        default=False,
        help_text=_("Ticked when the minutes say the conference decided by acclamation, not by ballot."),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("results recorded from minutes")
        verbose_name_plural = _("results recorded from minutes")

    def __str__(self) -> str:
        return f"{self.block_year} — {self.minutes_number or '?'}"


class RecordedCount(models.Model):
    """An approved proposal the minutes give only as a number (issue 12 item 1): "2 units for the
    province's flag, 3 for certificates of merit", without naming them. Not an award candidate (it
    names nobody); shown with the year's results and carried by the results sheet."""

    minutes = models.ForeignKey(RecordedMinutes, on_delete=models.CASCADE, related_name="counts")
    award_type = models.ForeignKey(
        "awards.AwardType", verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(_("number approved"), validators=[MinValueValidator(1)])
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("approved proposals given as a number")
        verbose_name_plural = _("approved proposals given as a number")
        ordering = ["minutes", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "award_type"], name="conferences_recordedcount_once"),
            models.CheckConstraint(condition=Q(count__gte=1), name="conferences_recordedcount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type}: {self.count}"


def minutes_scan_path(instance: MinutesScan, filename: str) -> str:
    return f"conferences/minutes/{instance.minutes.block_year_id}/{instance.sha256[:16]}-{filename}"


class MinutesScan(StoredFile):
    """The scanned paper minutes of a year recorded from them (issue 12 item 1), attached on the page
    or through the API after the results are recorded (a sheet cannot carry a file)."""

    upload_kind = UploadKind.DOCUMENT

    minutes = models.ForeignKey(RecordedMinutes, on_delete=models.CASCADE, related_name="scans")

    class Meta:
        verbose_name = _("scan of the minutes")
        verbose_name_plural = _("scans of the minutes")
        ordering = ["minutes", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def storage_path(self, filename: str) -> str:
        return minutes_scan_path(self, filename)
