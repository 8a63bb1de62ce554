"""The door to reports: the board and the block year's leader officer; for everyone else they do not
exist (404), since a draft article or report is not yet public."""

from __future__ import annotations

from django.http import Http404

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.blocks.models import BlockYear
from thidua.blocks.permissions import get_block_year_for_user
from thidua.conferences.models import Conference


def can_write_reports(user: Actor, block_year: BlockYear) -> bool:
    return perms.is_board(user) or block_year.pk in BlockYear.objects.led_ids(user)


def get_report_year_for_user(user: Actor, block_pk: int, year: int) -> BlockYear:
    block_year = get_block_year_for_user(user, block_pk, year)
    if not can_write_reports(user, block_year):
        raise Http404
    return block_year


def get_news_conference_for_user(user: Actor, pk: int) -> Conference:
    conference = Conference.objects.visible_to(user).select_related("block_year__block").filter(pk=pk).first()
    if conference is None or not can_write_reports(user, conference.block_year):
        raise Http404
    return conference


def get_summary_year_for_user(user: Actor, block_year_pk: int) -> BlockYear:
    """The block year of a summary report by its id (the API's key), through the same door."""
    found = BlockYear.objects.filter(pk=block_year_pk).values_list("block_id", "year").first()
    if found is None:
        raise Http404
    return get_report_year_for_user(user, found[0], found[1])


def summary_year_ids_for(user: Actor) -> set[int] | None:
    """Block years whose summary report the user may read: all for the board (None), else those led."""
    if perms.is_board(user):
        return None
    return BlockYear.objects.led_ids(user)
