"""The roll of a conference: participants (delegates, guests) with their vote's weight and voting link,
and written proxies."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.conferences.models.meeting import Conference
from thidua.lib.uploads import StoredFile, UploadKind
from thidua.orgs.models import Unit


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
