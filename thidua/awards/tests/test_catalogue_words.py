"""Issue 15 item 2: a short word shared by a ballot and a plain fact gets its own context, so the
catalogue's "Council ballot" column does not read "Không tán thành" (a ballot's answer) for a title that
needs no council vote, and a settings value reads Có / Không."""

from __future__ import annotations

import re

from django.urls import reverse

from thidua.awards.models import AwardType


def test_catalogue_says_no_council_vote_is_needed_in_plain_words(world, login) -> None:
    without_ballot = [
        t for t in AwardType.objects.all() if not t.versions.filter(ballot_required=True).exists()
    ]
    assert without_ballot, "the catalogue has titles decided without a council vote"
    page = (
        login(world.user("board"))
        .get(reverse("awards:catalogue"), HTTP_ACCEPT_LANGUAGE="vi")
        .content.decode()
    )
    body = re.sub(r"\s+", " ", page)
    assert "Không tán thành" not in body and "Tán thành" not in body
    assert "Không cần" in body
    assert "law.md" not in body  # a developer's file name is no word for an officer


def test_no_link_on_the_catalogue_answers_403_to_its_viewer(world, login) -> None:
    """Issue 15 item 8: the delegate saw a link to the eligibility batches, which answers 403 to them."""
    for persona in ("delegate", "board", "member"):
        client = login(world.user(persona))
        page = client.get(reverse("awards:catalogue")).content.decode()
        batches = reverse("awards:batch_list")
        shown = f'href="{batches}"' in page
        assert shown == (client.get(batches).status_code == 200), persona
    assert (
        f'href="{reverse("awards:batch_list")}"'
        not in login(world.user("delegate")).get(reverse("awards:catalogue")).content.decode()
    )
