"""The only door through which views and the API load blocks and block years."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.blocks.models import Block, BlockYear


def can_manage_blocks(user: Actor) -> bool:
    """Setting up blocks, their members, leader and deputy is the board's work (PRODUCT.md roles)."""
    return perms.is_board(user)


def get_block_for_user(user: Actor, pk: int, *, write: bool = False) -> Block:
    """404 when the block is not visible to the user; 403 when `write` and the user may only read it."""
    block = get_object_or_404(Block.objects.visible_to(user).select_related("managing_body"), pk=pk)
    if write:
        perms.require(can_manage_blocks(user))
    return block


def get_block_year_for_user(user: Actor, block_pk: int, year: int, *, write: bool = False) -> BlockYear:
    block_year = get_object_or_404(
        BlockYear.objects.visible_to(user).with_members(), block_id=block_pk, year=year
    )
    if write:
        perms.require(can_manage_blocks(user))
    return block_year


def leads(user: Actor, block_year: BlockYear) -> bool:
    """Whether the user is this block year's leader officer."""
    return block_year.pk in BlockYear.objects.led_ids(user)


def can_note_flag(user: Actor, block_year: BlockYear) -> bool:
    """The handover of the traditional flag is noted by the board or the year's leader officer."""
    return can_manage_blocks(user) or leads(user, block_year)
