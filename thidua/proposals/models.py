"""Proposals (hồ sơ đề nghị khen thưởng), their workflow, the decisions that answer them and the
reward fund (issue 9 items 1, 2, 6, 7).

A dossier goes from a proposing unit to a receiving body. Its lines are kept per version: returning a
dossier opens the next version with copies of the lines, so the version the board returned stays as
it was. Only `services` change a status, following `TRANSITIONS`.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import YEAR_VALIDATORS, AwardLevel, AwardType, VerdictStatus
from thidua.lib.uploads import StoredFile, UploadKind
from thidua.orgs.models import Person, Unit
from thidua.proposals.querysets import DossierQuerySet


class DossierKind(models.TextChoices):
    """The deadline of a dossier depends on its kind (R-TIME-01)."""

    YEAR_END = "year_end", _("Year-end")
    THEMATIC = "thematic", _("Thematic")
    AD_HOC = "ad_hoc", _("Ad-hoc")
    GOVERNMENT = "government", _("For the Government")


class DossierStatus(models.TextChoices):
    """outputs.md §1.2 (the canonical machine; LPM's codes in the docs)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    FOR_COUNCIL = "for_council", _("For the council")
    DECIDED = "decided", _("Decided")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Actor(models.TextChoices):
    """Who takes a transition: the proposing unit or the receiving body (the board)."""

    PROPOSER = "proposer", _("Proposing unit")
    RECEIVER = "receiver", _("Receiving body")


S = DossierStatus
# The one table of allowed transitions (STYLE.md): (from, to) -> who may take it.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): Actor.PROPOSER,
    (S.SUBMITTED, S.RECEIVED): Actor.RECEIVER,
    (S.RESUBMITTED, S.RECEIVED): Actor.RECEIVER,
    (S.RECEIVED, S.UNDER_REVIEW): Actor.RECEIVER,
    (S.RECEIVED, S.RETURNED): Actor.RECEIVER,
    (S.UNDER_REVIEW, S.RETURNED): Actor.RECEIVER,
    (S.RETURNED, S.RESUBMITTED): Actor.PROPOSER,
    (S.UNDER_REVIEW, S.FOR_COUNCIL): Actor.RECEIVER,
    (S.FOR_COUNCIL, S.DECIDED): Actor.RECEIVER,
    (S.DECIDED, S.FOR_COUNCIL): Actor.RECEIVER,  # an issued decision cancelled
    (S.RECEIVED, S.REJECTED): Actor.RECEIVER,
    (S.UNDER_REVIEW, S.REJECTED): Actor.RECEIVER,
    (S.FOR_COUNCIL, S.REJECTED): Actor.RECEIVER,
    (S.DRAFT, S.WITHDRAWN): Actor.PROPOSER,
    (S.SUBMITTED, S.WITHDRAWN): Actor.PROPOSER,
    (S.RETURNED, S.WITHDRAWN): Actor.PROPOSER,
    (S.RESUBMITTED, S.WITHDRAWN): Actor.PROPOSER,
}
# The proposing unit edits its lines only in these states.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
CLOSED = frozenset({S.DECIDED, S.REJECTED, S.WITHDRAWN})


class Dossier(models.Model):
    """A hồ sơ đề nghị khen thưởng from `proposing_unit` to `receiving_body` for `year`."""

    title = models.CharField(_("title"), max_length=255)
    proposing_unit = models.ForeignKey(
        Unit, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="+"
    )
    receiving_body = models.ForeignKey(
        Unit, verbose_name=_("receiving body"), on_delete=models.PROTECT, related_name="+"
    )
    block_year = models.ForeignKey(
        "blocks.BlockYear",
        verbose_name=_("block year"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(
        _("kind"), max_length=12, choices=DossierKind.choices, default=DossierKind.YEAR_END
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=14, choices=DossierStatus.choices, default=DossierStatus.DRAFT, db_index=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    # Who signs the tờ trình (and a collective's báo cáo) for the proposing unit (outputs.md §1.1;
    # LPM `nguoikytotrinh`, `chucvunguoiky`); empty: "Thủ trưởng đơn vị" with the name left blank.
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signer_name = models.CharField(_("signer"), max_length=120, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["proposing_unit", "year"], name="proposals_dossier_unit_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    def current_lines(self) -> models.QuerySet[DossierLine]:
        return self.lines.filter(version=self.version)


class LineKind(models.TextChoices):
    PERSON = "person", _("Individual")
    COLLECTIVE = "collective", _("Collective")


class Appraisal(models.TextChoices):
    PENDING = "pending", _("Not appraised")
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


class LineResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")


class CouncilOutcome(models.TextChoices):
    """The emulation council's conclusion on a line (thidua.council records it; R-IND-04/06, R-COL-04)."""

    NONE = "", _("Not voted by the council")
    APPROVED = "approved", _("Approved by the council")
    NOT_APPROVED = "not_approved", _("Not approved by the council")


class DossierLine(models.Model):
    """One proposal of a dossier version: a person or a collective, a title or form, its basis (D4)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="lines"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("collective"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    basis = models.CharField(_("basis"), max_length=20, blank=True)
    wording = models.CharField(_("wording on the certificate"), max_length=500, blank=True)
    candidate = models.ForeignKey(
        "conferences.AwardCandidate",
        verbose_name=_("approved by the conference"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    votes_yes = models.PositiveIntegerField(_("votes in favour"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    verdict_status = models.CharField(
        _("eligibility at submission"), max_length=12, choices=VerdictStatus.choices, blank=True
    )
    verdict_on = models.DateField(_("evaluated on"), null=True, blank=True)
    verdict_snapshot = models.JSONField(_("explanation at submission"), default=list, blank=True)
    verdict_fingerprint = models.CharField(max_length=64, blank=True)
    appraisal = models.CharField(
        _("appraisal"), max_length=12, choices=Appraisal.choices, default=Appraisal.PENDING
    )
    appraisal_reason = models.CharField(_("reason of the appraisal"), max_length=500, blank=True)
    return_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)
    result = models.CharField(
        _("result"), max_length=12, choices=LineResult.choices, default=LineResult.PENDING
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    council_outcome = models.CharField(
        _("council's conclusion"), max_length=12, choices=CouncilOutcome.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("dossier line")
        verbose_name_plural = _("dossier lines")
        ordering = ["dossier", "version", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unit__isnull=True))
                | (Q(person__isnull=True) & Q(unit__isnull=False)),
                name="proposals_line_one_candidate",
                violation_error_message=_("A line proposes either a person or a collective."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type.short_name} — {self.candidate_obj}"

    @property
    def candidate_obj(self) -> Person | Unit:
        return self.person if self.person_id else self.unit  # type: ignore[return-value]

    @property
    def collective(self) -> bool:
        return self.unit_id is not None


class DossierTransition(models.Model):
    """One step of a dossier's history: who, when, from what to what, why."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    version = models.PositiveSmallIntegerField(_("version"))
    from_status = models.CharField(_("from"), max_length=14, choices=DossierStatus.choices)
    to_status = models.CharField(_("to"), max_length=14, choices=DossierStatus.choices)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("dossier transition")
        verbose_name_plural = _("dossier transitions")
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_status} → {self.to_status}"


class Deadline(models.Model):
    """The board's deadline for dossiers of a year and kind (law.md §7, R-TIME-01)."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=12, choices=DossierKind.choices)
    due = models.DateField(_("due"))

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"],
                name="proposals_deadline_unique",
                violation_error_message=_("This year and kind already have a deadline."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}: {self.due:%d/%m/%Y}"


class Holiday(models.Model):
    """A public holiday of the board's calendar; working days skip it and weekends."""

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"


class SubmissionPaper(models.Model):
    """The tờ trình of one version of a dossier: its number (TTr) in the proposing unit's register,
    given when that version is submitted. A resubmitted version is a new tờ trình with its own
    number and date; the earlier version keeps its own (issue 9 item 2: earlier documents kept)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="papers")
    version = models.PositiveSmallIntegerField(_("version"))
    issued_number = models.OneToOneField("documents.IssuedNumber", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("submission paper")
        verbose_name_plural = _("submission papers")
        ordering = ["dossier", "version"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "version"], name="proposals_paper_one_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} v{self.version}: {self.issued_number_id}"


# -- decisions ---------------------------------------------------------------------------------------


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    CANCELLED = "cancelled", _("Cancelled")


# A decision's one table of allowed steps `{to: {from, ...}}` (thidua.lib.workflow): a draft is issued
# once; only an issued decision is cancelled (LPM "Hủy phê duyệt"); a cancelled one stays cancelled.
DECISION_TRANSITIONS: dict[str, set[str]] = {
    DecisionStatus.ISSUED: {DecisionStatus.DRAFT},
    DecisionStatus.CANCELLED: {DecisionStatus.ISSUED},
}


def decision_scan_path(instance: Decision, filename: str) -> str:
    return f"decisions/{instance.sha256[:16]}-{filename}"


class Decision(models.Model):
    """A quyết định khen thưởng of one title or form: drafted from a dossier's eligible lines, or
    recorded after the fact when made outside the product (e.g. the Government's flag)."""

    award_type = models.ForeignKey(
        AwardType, verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+"
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    year = models.PositiveSmallIntegerField(_("year of the awards"), validators=YEAR_VALIDATORS)
    # Empty on a draft whose number the register gives when it is issued.
    number = models.CharField(_("number"), max_length=60, blank=True)
    date = models.DateField(_("date"))
    authority = models.CharField(_("deciding authority"), max_length=300)
    level = models.CharField(_("issuing level"), max_length=12, choices=AwardLevel.choices)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signer_name = models.CharField(_("signer"), max_length=120, blank=True)
    bases = models.TextField(_("legal bases (Căn cứ)"), blank=True)
    external = models.BooleanField(_("made outside thidua"), default=False)
    scan = models.FileField(_("scanned decision"), upload_to=decision_scan_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # The number of the register (documents engine) given when the decision is issued without a
    # number typed in; the paper prints it, so downloading again shows the same number.
    issued_number = models.OneToOneField(
        "documents.IssuedNumber", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "date", "authority"],
                condition=~Q(status="cancelled") & ~Q(number=""),
                name="proposals_decision_unique_number",
                violation_error_message=_("A decision with this number, date and authority exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines.all())


class DecisionLine(models.Model):
    """One awardee of a decision, with the money of R-MONEY-01 fixed on the decision date."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="lines")
    dossier_line = models.ForeignKey(
        DossierLine, on_delete=models.PROTECT, null=True, blank=True, related_name="decision_lines"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("collective"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    wording = models.CharField(_("wording on the certificate"), max_length=500, blank=True)
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2, null=True, blank=True)
    base_salary = models.PositiveIntegerField(_("base salary"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"), default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("decision line")
        verbose_name_plural = _("decision lines")
        ordering = ["decision", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unit__isnull=True))
                | (Q(person__isnull=True) & Q(unit__isnull=False)),
                name="proposals_decisionline_one_awardee",
                violation_error_message=_("A line awards either a person or a collective."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person or self.unit)

    @property
    def awardee(self) -> Person | Unit:
        return self.person if self.person_id else self.unit  # type: ignore[return-value]


# -- the reward fund -------------------------------------------------------------------------------


class FundSettings(models.Model):
    """The share of the fund kept for organising the work (outputs.md §3.4, TT 28/2025: 20 % [S])."""

    valid_from = models.DateField(_("valid from"), unique=True)
    organisation_share_pct = models.PositiveSmallIntegerField(
        _("share kept for organising the work (%)"),
        default=20,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("fund settings")
        verbose_name_plural = _("fund settings")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}: {self.organisation_share_pct} %"


class EntryKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    PAYMENT = "payment", _("Payment")


class FundEntry(models.Model):
    """A receipt into or a payment out of the reward fund of a year and issuing level."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    level = models.CharField(_("issuing level"), max_length=12, choices=AwardLevel.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    day = models.DateField(_("date"))
    amount = models.PositiveBigIntegerField(_("amount (VND)"), validators=[MinValueValidator(1)])
    description = models.CharField(_("description"), max_length=300)
    decision_line = models.OneToOneField(
        DecisionLine, on_delete=models.PROTECT, null=True, blank=True, related_name="payment"
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("fund entry")
        verbose_name_plural = _("fund entries")
        ordering = ["year", "day", "id"]
        indexes = [models.Index(fields=["year", "level"], name="proposals_fund_year_level")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.day:%d/%m/%Y})"


# -- the papers of a dossier -----------------------------------------------------------------------


class PaperKind(models.TextChoices):
    """The papers of a dossier (Law Art 84(1), R-DOS-01/02; outputs.md §1.1)."""

    SUBMISSION = "submission", _("Submission (tờ trình)")
    REPORT = "report", _("Achievement report (báo cáo thành tích)")
    MINUTES = "minutes", _("Minutes with the vote (biên bản)")
    INITIATIVE = "initiative", _("Initiative (sáng kiến)")
    CERTIFICATION = "certification", _("Certification (xác nhận)")
    OTHER = "other", _("Other paper")


def attachment_path(instance: DossierAttachment, filename: str) -> str:
    return f"dossiers/{instance.dossier_id}/v{instance.version}/{instance.sha256[:16]}-{filename}"


class DossierAttachment(StoredFile):
    """A paper uploaded to one version of a dossier, for the whole dossier or for one of its lines.
    Never deleted: replacing it stamps `superseded_at` (and points the new one at it), removing it
    stamps `removed_at`; both stay in the dossier's history of papers."""

    upload_kind = UploadKind.DOCUMENT

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="attachments"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    line = models.ForeignKey(
        DossierLine,
        verbose_name=_("line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(_("kind of paper"), max_length=14, choices=PaperKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    superseded_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("removed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dossier paper")
        verbose_name_plural = _("dossier papers")
        ordering = ["dossier", "version", "line", "kind", "uploaded_at", "id"]
        indexes = [models.Index(fields=["dossier", "version"], name="proposals_attachment_version")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    def storage_path(self, filename: str) -> str:
        return attachment_path(self, filename)

    @property
    def active(self) -> bool:
        return self.superseded_at is None and self.removed_at is None


class AchievementReport(models.Model):
    """The báo cáo thành tích of one line (NĐ 152/2025 Mẫu 05 for an individual, the Mẫu 04 shape
    for a collective; outputs.md §1.1): I. profile, II. achievements, III. awards received. Prefilled
    from the history, edited by the unit while the dossier is a draft or returned; once saved with
    its achievements it is the line's báo cáo in the checklist (R-DOS-02)."""

    line = models.OneToOneField(
        DossierLine, verbose_name=_("line"), on_delete=models.CASCADE, related_name="achievement_report"
    )
    profile = models.TextField(_("I. profile"), blank=True)
    achievements = models.TextField(_("II. achievements"), blank=True)
    awards = models.TextField(_("III. awards received"), blank=True)
    updated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("achievement report")
        verbose_name_plural = _("achievement reports")

    def __str__(self) -> str:
        return f"{self.line}"
