"""The covenant (giao ước thi đua) of a block year: its versions, targets and signatures."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.blocks.models import BlockYear
from thidua.orgs.models import Unit
from thidua.scoring.models.tables import ScoringTable


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
