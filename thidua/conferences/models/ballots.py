"""Secret ballots (voting-scoring.md C3, A4; issue 11, docs/security.md §2): who voted (`Participation`)
and what was voted are kept so that no copy of the database can join them. While a poll is open its
ballots live in one sealed `BallotBox` row (no row per ballot, hence no insertion order to match
against the who-voted rows); closing writes them, in random order and split into one row per vote,
to `Ballot` (choice only), and their receipt hashes, sorted, to `Receipt` (no choice). A second
ballot from the same voter is refused by the unique constraint on `Participation(poll, voter)`.
Written opinions (R-VOTE-02) are named by law."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.conferences.models.polls import Poll
from thidua.conferences.models.roll import Participant
from thidua.lib.uploads import StoredFile, UploadKind


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
