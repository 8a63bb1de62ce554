"""The scorecard's XLSX import refuses hostile workbooks unread (issue 11, item 7)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.scoring.models import ScoreEntry
from thidua.transfer.tests.test_bombs import ATTACKS


@pytest.mark.parametrize(("name", "attack", "message"), ATTACKS[:3], ids=[a[0] for a in ATTACKS[:3]])
def test_scorecard_import_refuses_the_file_unread(world, year, login, name, attack, message) -> None:
    card = year["cards"][world.member_unit.pk]
    client = login(world.user("member"))
    export = client.get(reverse("scoring:scorecard_xlsx", args=[card.pk])).content
    url = reverse("scoring:scorecard_import", args=[card.pk])
    page = client.post(url, {"file": SimpleUploadedFile(f"{name}.xlsx", attack(export))}, follow=True)
    assert message in page.content.decode()
    assert not ScoreEntry.objects.filter(scorecard=card, self_score__isnull=False).exists()
