"""The emulation and commendation council (Hội đồng Thi đua - Khen thưởng) of an issuing body and
year, its sessions and the votes on the dossier lines put before them (R-IND-04, R-IND-06, R-COL-04)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.awards.models import YEAR_VALIDATORS
from thidua.orgs.models import Person, Unit


class Council(models.Model):
    """The council of one issuing body for one year; its members are the N of the vote thresholds."""

    body = models.ForeignKey(Unit, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="council_one_per_body_year")]

    def __str__(self) -> str:
        return self.name


# The council's own words (issue 15 item 2): "Chair" or "Open" of a conference are other words
# ("Chủ trì", "Đang bỏ phiếu"), so the council's choices have their own message context.
class MemberRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("council role", "Chair")
    VICE = "vice", pgettext_lazy("council role", "Vice-chair")
    MEMBER = "member", pgettext_lazy("council role", "Member")
    SECRETARY = "secretary", pgettext_lazy("council role", "Secretary")


class CouncilMember(models.Model):
    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "person"], name="council_member_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class SessionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("council session", "Draft")
    OPEN = "open", pgettext_lazy("council session", "Open")
    CLOSED = "closed", pgettext_lazy("council session", "Closed")


# The one table of allowed transitions (STYLE.md); services move through `thidua.lib.workflow.move`.
SESSION_TRANSITIONS: dict[str, set[str]] = {
    SessionStatus.OPEN: {SessionStatus.DRAFT},
    SessionStatus.CLOSED: {SessionStatus.OPEN},
}


class CouncilSession(models.Model):
    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.PROTECT, related_name="sessions"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    status = models.CharField(
        _("status"), max_length=8, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    present = models.ManyToManyField(
        CouncilMember, verbose_name=_("members present"), related_name="sessions_attended", blank=True
    )
    # The biên bản's number, given at close from the issuing body's register (NĐ 30/2020 Art. 15).
    minutes_number = models.ForeignKey(
        "documents.IssuedNumber",
        verbose_name=_("minutes number"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.council} — {self.date:%d/%m/%Y}"


class SessionLine(models.Model):
    """One dossier line before the session, with the paper counts the secretary entered."""

    session = models.ForeignKey(
        CouncilSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="lines"
    )
    dossier_line = models.ForeignKey(
        "proposals.DossierLine", verbose_name=_("dossier line"), on_delete=models.PROTECT, related_name="+"
    )
    votes_yes = models.PositiveIntegerField(_("votes in favour"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    # Absent members give their opinion in writing, counted with the votes (NĐ 98 Art 30(7), law.md §3.6).
    written_yes = models.PositiveIntegerField(_("written opinions in favour"), default=0)
    written_no = models.PositiveIntegerField(_("written opinions against"), default=0)
    approved = models.BooleanField(_("approved"), null=True, blank=True)
    margin = models.IntegerField(_("margin over the threshold"), null=True, blank=True)

    class Meta:
        verbose_name = _("session line")
        verbose_name_plural = _("session lines")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "dossier_line"], name="council_line_once_per_session")
        ]

    def __str__(self) -> str:
        return str(self.dossier_line)
