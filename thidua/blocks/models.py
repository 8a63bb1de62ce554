"""Emulation blocks and clusters, and their members, leader and deputies year by year."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.blocks.querysets import BlockQuerySet, BlockYearQuerySet
from thidua.lib.vietnamese import search_key, text_sort_key
from thidua.orgs.models import Unit, UnitLevel


class BlockKind(models.TextChoices):
    BLOCK = "block", _("Block (khối)")
    CLUSTER = "cluster", _("Cluster (cụm)")


class RotationMethod(models.TextChoices):
    """How next year's leader is suggested (R-BLK-02 leaves the order to the province)."""

    DEPUTY_SUCCEEDS = "deputy_succeeds", _("This year's deputy leads next year")
    LONGEST_WAITING = "longest_waiting", _("The member that has waited longest leads next")


class Block(models.Model):
    """A block (khối: units alike by function) or cluster (cụm: units alike by area), Law Art 16(2)(c)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=BlockKind.choices, default=BlockKind.BLOCK)
    level = models.CharField(_("level"), max_length=20, choices=UnitLevel.choices)
    managing_body = models.ForeignKey(
        Unit,
        verbose_name=_("managing body"),
        on_delete=models.PROTECT,
        related_name="managed_blocks",
        help_text=_(
            "The council or committee that organises the block, e.g. the province's People's Committee."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    rotation_method = models.CharField(
        _("rotation method"),
        max_length=20,
        choices=RotationMethod.choices,
        default=RotationMethod.DEPUTY_SUCCEEDS,
    )
    rotation_gap_years = models.PositiveSmallIntegerField(
        _("years before a leader may lead again"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        help_text=_("1 (the default) means no unit leads two years running; 0 allows it."),
    )
    deputy_required = models.BooleanField(
        _("a deputy is required"),
        default=False,
        help_text=_(
            "Ticked: each year needs at least one deputy. Unticked (the default): a year may have a "
            "leader and no deputy."
        ),
    )
    leading_units_max = models.PositiveSmallIntegerField(
        _("leading units a year may have"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "1 (the default): one leading unit each year. More when the province's rule lets several "
            "units share the lead (rank 1)."
        ),
    )
    name_search = models.CharField(max_length=255, editable=False, db_index=True)
    name_sort = models.CharField(max_length=1200, editable=False, db_index=True)

    objects = BlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["name_sort"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_search = search_key(self.name + " " + self.code)
        self.name_sort = text_sort_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def leader_title(self) -> str:
        """ "Khối trưởng" or "Cụm trưởng", for the pages."""
        return leader_title(self.kind)

    @property
    def deputy_title(self) -> str:
        """ "Khối phó" or "Cụm phó", for the pages."""
        return deputy_title(self.kind, None)

    @property
    def word(self) -> str:
        """ "khối thi đua" or "cụm thi đua", for the pages."""
        return block_word(self.kind)

    @property
    def rotation_label(self) -> str:
        """The rotation method in the block's words (Cụm phó, Cụm trưởng for a cluster)."""
        if self.kind != BlockKind.CLUSTER:
            return str(self.get_rotation_method_display())
        if self.rotation_method == RotationMethod.DEPUTY_SUCCEEDS:
            return str(_("This year's cluster deputy leads the cluster next year"))
        return str(_("The member that has waited longest leads the cluster next"))


class BlockYear(models.Model):
    """One year of a block: its members, leader (Khối trưởng) and deputies (Khối phó)."""

    block = models.ForeignKey(Block, verbose_name=_("block"), on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    note = models.TextField(_("note"), blank=True)
    # The handover of the traditional flag (cờ truyền thống) at the summary conference, from the
    # outgoing leader to the incoming one (issue 12 item 10); empty until it is noted.
    flag_handed_by = models.ForeignKey(
        Unit,
        verbose_name=_("traditional flag handed over by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    flag_received_by = models.ForeignKey(
        Unit,
        verbose_name=_("traditional flag received by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    flag_handed_on = models.DateField(_("traditional flag handed over on"), null=True, blank=True)
    flag_note = models.CharField(_("note on the flag handover"), max_length=255, blank=True)

    objects = BlockYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("block year")
        verbose_name_plural = _("block years")
        ordering = ["block__name_sort", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "year"],
                name="blocks_blockyear_unique_block_year",
                violation_error_message=_("This block already has this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block} — {self.year}"

    def member_with_role(self, role: str) -> list[Membership]:
        """The memberships with `role`, from the prefetched `memberships` when present."""
        return [m for m in self.memberships.all() if m.role == role]

    @property
    def leader(self) -> Unit | None:
        found = self.member_with_role(MemberRole.LEADER)
        return found[0].unit if found else None

    def deputy_memberships(self) -> list[Membership]:
        """The deputies' memberships in their order (Phó khối 1, 2, ...), from the prefetch when present."""
        return sorted(self.member_with_role(MemberRole.DEPUTY), key=lambda m: m.deputy_order or 0)

    @property
    def deputies(self) -> list[Unit]:
        """The deputies in the order of their election or recording."""
        return [m.unit for m in self.deputy_memberships()]

    @property
    def labelled_deputies(self) -> list[tuple[str, Unit]]:
        """Each deputy with its title: "Khối phó" alone, or "Khối phó 1", "Khối phó 2" when there are
        several ("Cụm phó" for a cluster)."""
        deputies = self.deputies
        several = len(deputies) > 1
        return [
            (deputy_title(self.block.kind, index if several else None), unit)
            for index, unit in enumerate(deputies, start=1)
        ]

    @property
    def deputy_heading(self) -> str:
        """The title of the deputies' role for this block's kind: "Khối phó" or "Cụm phó"."""
        return deputy_title(self.block.kind, None)

    def role_label(self, membership: Membership) -> str:
        """A member's role as the pages show it, a deputy numbered when there are several."""
        if membership.role != MemberRole.DEPUTY:
            return role_title(self.block.kind, membership.role)
        deputies = self.deputy_memberships()
        several = len(deputies) > 1
        position = next((i for i, m in enumerate(deputies, start=1) if m.pk == membership.pk), None)
        return deputy_title(self.block.kind, position if several else None)

    @property
    def members_with_roles(self) -> list[tuple[Membership, str]]:
        """Every membership (in the prefetch's order) with its role label, for the pages."""
        return [(m, self.role_label(m)) for m in self.memberships.all()]


def leader_title(kind: str) -> str:
    """ "Khối trưởng" / "Cụm trưởng": the leading unit's title by the block's kind."""
    return str(_("Cluster leader")) if kind == BlockKind.CLUSTER else str(_("Block leader"))


def block_word(kind: str) -> str:
    """ "khối thi đua" / "cụm thi đua": what the block is called in running text, by its kind."""
    return str(_("emulation cluster")) if kind == BlockKind.CLUSTER else str(_("emulation block"))


def role_title(kind: str, role: str) -> str:
    """A member's role by the block's kind: Khối trưởng / Cụm trưởng, Khối phó / Cụm phó, Thành viên."""
    if role == MemberRole.LEADER:
        return leader_title(kind)
    if role == MemberRole.DEPUTY:
        return deputy_title(kind, None)
    return str(MemberRole(role).label)


def deputy_title(kind: str, position: int | None) -> str:
    """ "Khối phó" / "Cụm phó", numbered ("Khối phó 2") when `position` is given."""
    if kind == BlockKind.CLUSTER:
        if position is None:
            return str(_("Cluster deputy"))
        return str(_("Cluster deputy %(n)s") % {"n": position})
    if position is None:
        return str(_("Block deputy"))
    return str(_("Block deputy %(n)s") % {"n": position})


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leader (Khối trưởng)")
    DEPUTY = "deputy", _("Deputy (Khối phó)")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A unit's membership of a block year, with its role. The database allows one leader per year."""

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    # A deputy's place among the year's deputies (1 = Phó khối 1), as elected or recorded; empty for
    # the leader and the members.
    deputy_order = models.PositiveSmallIntegerField(_("deputy order"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["block_year", "unit__name_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["block_year", "unit"],
                name="blocks_membership_unique_unit",
                violation_error_message=_("This unit is already a member of the block this year."),
            ),
            # R-BLK-01: exactly one leader; "at most one" is the database's part, "at least one"
            # and, when the block requires it, "at least one deputy" are checked by
            # services.set_block_year.
            models.UniqueConstraint(
                fields=["block_year"],
                condition=Q(role="leader"),
                name="blocks_membership_one_leader",
                violation_error_message=_("A block year has exactly one leader."),
            ),
            models.UniqueConstraint(
                fields=["block_year", "deputy_order"],
                condition=Q(deputy_order__isnull=False),
                name="blocks_membership_unique_deputy_order",
                violation_error_message=_("Two deputies cannot have the same place."),
            ),
            models.CheckConstraint(
                condition=(Q(role="deputy") & Q(deputy_order__gte=1))
                | (~Q(role="deputy") & Q(deputy_order__isnull=True)),
                name="blocks_membership_deputy_order_for_deputies",
                violation_error_message=_("Only a deputy has a place among the deputies."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.role_title}) — {self.block_year}"

    @property
    def role_title(self) -> str:
        """The role by the block's kind: Khối trưởng / Cụm trưởng, Khối phó / Cụm phó, Thành viên."""
        return role_title(self.block_year.block.kind, self.role)


class StandingSource(models.TextChoices):
    CONFERENCE = "conference", _("Published result of a conference poll")
    ACCLAMATION = "acclamation", _("Decided by acclamation at a conference")
    RECORDED = "recorded", _("Recorded by the board from the minutes")


class Standing(models.Model):
    """A member's place in its block year as honoured by the summary conference (suy tôn): rank 1 is
    the leading unit (đơn vị dẫn đầu, Law Art 26(1)), then second and third.

    Written by the conference's published result, or recorded by the board from paper minutes for
    years before thidua; the award rules read it (R-COL-03, R-COL-05: "the leading collective of a
    block").
    """

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.CASCADE, related_name="standings"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="standings")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    # The votes the conference's ranking poll gave the unit (scoring's "vote" tie-break reads them);
    # empty when recorded from paper minutes.
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=StandingSource.choices)
    basis = models.CharField(
        _("basis"), max_length=255, blank=True, help_text=_("For example: the poll, or the minutes' number.")
    )
    # A first place shared by more units than the block's `leading_units_max` allows (a tie under a
    # "no tie-break" rule, issue 12 item 6): each tied unit is recorded at rank 1 and flagged, and
    # the province decides which one leads (R-COL-03).
    tied = models.BooleanField(
        _("tied, awaiting the province's decision"),
        default=False,
        help_text=_("A first place tied beyond the number of leading units the block allows."),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("standing")
        verbose_name_plural = _("standings")
        ordering = ["block_year", "rank", "unit__name_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["block_year", "unit"],
                name="blocks_standing_unique_unit",
                violation_error_message=_("This unit already has a standing in this block year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block_year}: {self.rank}. {self.unit}"

    @property
    def leading(self) -> bool:
        return self.rank == 1
