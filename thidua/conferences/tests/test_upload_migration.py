"""The stored-file migrations keep what was uploaded before them: a proxy recorded under the old
column names keeps its letter, recorder and time, and gets its size and detected type."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from thidua.conferences.models import Proxy
from thidua.conferences.tests.helpers import delegate, make_conference
from thidua.lib.tests import samples

BEFORE = [("conferences", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_a_proxy_recorded_before_the_migration_keeps_its_letter(world) -> None:
    conference = make_conference(world, start=False)
    voter, holder = delegate(conference, world.member_unit), delegate(conference, world.leader_unit)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app: going back unapplied the apps that depend on it
    executor.migrate(BEFORE)
    old_proxy = (
        MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("conferences", "Proxy")
    )
    stored = default_storage.save(
        f"conferences/{conference.pk}/proxies/old-uy-quyen.pdf", ContentFile(samples.PDF)
    )
    recorded_at = timezone.now() - datetime.timedelta(days=3)
    old_proxy.objects.create(
        conference_id=conference.pk,
        voter_id=voter.pk,
        holder_id=holder.pk,
        authorisation=stored,
        original_name="uy-quyen.pdf",
        sha256="ab" * 32,
        recorded_by_id=world.user("board").pk,
        recorded_at=recorded_at,
    )
    MigrationExecutor(connection).migrate(latest)
    proxy = Proxy.objects.get()
    assert (proxy.file.name, proxy.original_name, proxy.sha256) == (stored, "uy-quyen.pdf", "ab" * 32)
    assert (proxy.uploaded_by_id, proxy.uploaded_at) == (world.user("board").pk, recorded_at)
    assert (proxy.size, proxy.content_type) == (len(samples.PDF), "application/pdf")
    assert proxy.file.read() == samples.PDF
