"""Conferences of a block year (trù bị, tổng kết, ký kết giao ước, phiên họp hội đồng), their roll and
proxies, the draft summary report with members' comments, and polls with secret ballots.

Secret ballots (voting-scoring.md C3, A4; issue 11, docs/security.md): who voted (`Participation`)
and what was voted are kept so that no copy of the database can join them. While a poll is open its
ballots live in one sealed `BallotBox` row (no row per ballot, hence no insertion order to match
against the who-voted rows); closing writes them, in random order and split into one row per vote,
to `Ballot` (choice only), and their receipt hashes, sorted, to `Receipt` (no choice). A second
ballot from the same voter is refused by the unique constraint on `Participation(poll, voter)`.
"""

from __future__ import annotations

import datetime
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.blocks.models import BlockKind, BlockYear
from thidua.conferences.querysets import ConferenceQuerySet, PollQuerySet
from thidua.lib.thresholds import Comparison, Threshold
from thidua.lib.uploads import StoredFile, UploadKind
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


class ParticipantKind(models.TextChoices):
    DELEGATE = "delegate", _("Delegate of a member")
    COUNCIL_MEMBER = "council_member", _("Council member")
    GUEST = "guest", _("Guest")


class Participant(models.Model):
    """One person on the conference's roll. A voter has a weight above zero (one vote per member unit
    by default); guests and extra delegates attend without a vote."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=20, choices=ParticipantKind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=255, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("votes"), default=1, validators=[MaxValueValidator(100)], help_text=_("0: attends without a vote.")
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    # The personal voting link's token is stored only as its SHA-256: it is shown once, when issued.
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    token_issued_at = models.DateTimeField(_("link issued at"), null=True, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        help_text=_("Optional: a delegate account that may vote without the link."),
    )
    position_in_roll = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["conference", "position_in_roll", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="guest") | Q(weight=0),
                name="conferences_participant_guest_no_vote",
                violation_error_message=_("Guests attend without a vote."),
            ),
            models.UniqueConstraint(
                fields=["conference", "unit"],
                condition=Q(weight__gt=0, unit__isnull=False),
                name="conferences_participant_one_voter_per_unit",
                violation_error_message=_("This member already has a voting delegate at this conference."),
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="conferences_participant_unique_token",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.unit})" if self.unit_id else self.full_name

    @property
    def is_voter(self) -> bool:
        return self.weight > 0

    @property
    def present(self) -> bool:
        return self.checked_in_at is not None


def authorisation_path(instance: Proxy, filename: str) -> str:
    return f"conferences/{instance.conference_id}/proxies/{instance.sha256[:16]}-{filename}"


class Proxy(StoredFile):
    """A written authorisation (giấy ủy quyền): an absent voter's vote is cast by a present delegate.
    The stored file is the signed letter; its uploader is the secretary who recorded the proxy."""

    upload_kind = UploadKind.PROXY

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="proxies")
    voter = models.OneToOneField(
        Participant, verbose_name=_("absent voter"), on_delete=models.CASCADE, related_name="proxy_given"
    )
    holder = models.ForeignKey(
        Participant, verbose_name=_("proxy holder"), on_delete=models.CASCADE, related_name="proxies_held"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.CheckConstraint(
                condition=~Q(voter=models.F("holder")),
                name="conferences_proxy_not_self",
                violation_error_message=_("A delegate cannot hold their own proxy."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter} → {self.holder}"

    def storage_path(self, filename: str) -> str:
        return authorisation_path(self, filename)


class FileKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")
    DRAFT_REPORT = "draft_report", _("Draft summary report")


def conference_file_path(instance: ConferenceFile, filename: str) -> str:
    return f"conferences/{instance.conference_id}/{instance.sha256[:16]}-{filename}"


class ConferenceFile(StoredFile):
    """A photo or document of the conference: added, or removed if uploaded by mistake (audited),
    until the conference is closed."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=20, choices=FileKind.choices)
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("conference file")
        verbose_name_plural = _("conference files")
        ordering = ["conference", "kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def upload_kind_of(self) -> UploadKind:
        return UploadKind.PHOTO if self.kind == FileKind.PHOTO else UploadKind.DOCUMENT

    def storage_path(self, filename: str) -> str:
        return conference_file_path(self, filename)


class ReportSection(models.Model):
    """A section of the leader's draft summary report (dự thảo báo cáo tổng kết), open to comments."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="report_sections")
    position = models.PositiveIntegerField(_("position"), default=0)
    heading = models.CharField(_("heading"), max_length=255)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["conference", "position", "id"]

    def __str__(self) -> str:
        return self.heading


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the leader's answer")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class ReportComment(models.Model):
    """A member's comment on a section of the draft, and the leader's answer (accepted, or not with a reason)."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="comments")
    unit = models.ForeignKey(Unit, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written at"))
    status = models.CharField(
        _("answer"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    answer = models.TextField(_("leader's answer"), blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment on the draft report")
        verbose_name_plural = _("comments on the draft report")
        ordering = ["section", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(answer=""),
                name="conferences_reportcomment_rejection_has_reason",
                violation_error_message=_("A comment that is not accepted needs the reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.text[:40]}"


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


class Participation(models.Model):
    """Who voted in a poll (never what). The unique constraint refuses a second ballot from one voter.

    The id is random so that the rows carry no order of voting; there is no time column.
    `named_choice` is filled only for named polls, where the vote is public by design.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="participations")
    voter = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="participations")
    cast_by = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    named_choice = models.JSONField(null=True, blank=True)
    written = models.BooleanField(
        _("written opinion"), default=False, help_text=_("An absent member's opinion in writing (R-VOTE-02).")
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter"],
                name="conferences_participation_once",
                violation_error_message=_("This vote has already been cast."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter} — {self.poll}"


def written_opinion_path(instance: WrittenOpinion, filename: str) -> str:
    return f"conferences/{instance.poll.conference_id}/written/{instance.sha256[:16]}-{filename}"


class WrittenOpinion(StoredFile):
    """An absent member's opinion in writing, counted in the poll and named in the minutes (R-VOTE-02,
    NĐ 98/2023 Art 30(7)): public by nature, so the choice is kept with the name and the letter."""

    poll = models.ForeignKey("Poll", on_delete=models.PROTECT, related_name="written_opinions")
    voter = models.ForeignKey(
        Participant, verbose_name=_("absent voter"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.JSONField()

    upload_kind = UploadKind.OPINION

    class Meta:
        verbose_name = _("written opinion")
        verbose_name_plural = _("written opinions")
        ordering = ["poll", "uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter"], name="conferences_writtenopinion_once"),
        ]

    def __str__(self) -> str:
        return f"{self.voter} — {self.poll}"

    def storage_path(self, filename: str) -> str:
        return written_opinion_path(self, filename)


class BallotBox(models.Model):
    """The sealed ballots of an open secret or named poll: one row per poll, rewritten at every cast.

    Why not a row per ballot: rows are stored in the order they are inserted (SQLite's rowid and
    pages, PostgreSQL's ctid, and on PostgreSQL the id of the writing transaction, xmin), and the
    who-voted row of the same cast is inserted in the same order and transaction. Random ids do not
    change that. One box holds every entry (choice, weight, receipt hash), padded to one width and
    shuffled, encrypted with the ballot key that is kept outside the data folder (`sealing`). Old
    versions of the box left in the WAL, the journal or PostgreSQL's dead tuples are sealed too. The
    box is deleted when the poll closes or is voided.
    """

    poll = models.OneToOneField(Poll, primary_key=True, on_delete=models.PROTECT, related_name="box")
    sealed = models.TextField()
    width = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("sealed ballot box")
        verbose_name_plural = _("sealed ballot boxes")

    def __str__(self) -> str:
        return str(self.poll_id)


class Ballot(models.Model):
    """One vote of a closed poll: a random id and the choice, nothing else.

    No voter, no time, no receipt and no weight: a delegate holding several votes (a weight, or
    proxies) is written as that many rows of weight one, so no number stored with a choice singles
    out the one voter who holds it. The rows are inserted at closing, all at once and in random
    order, so neither their storage order nor their ids say anything about the order of voting.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    choice = models.JSONField()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.id)


class Receipt(models.Model):
    """The hash of a receipt a delegate was given, published after closing so the delegate can check
    it was counted. Inserted at closing in the order of the hashes (random with respect to voting),
    keyed by the hash itself: nothing joins it to a ballot or to a who-voted row."""

    hash = models.CharField(primary_key=True, max_length=64)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="receipts")

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return self.hash


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
