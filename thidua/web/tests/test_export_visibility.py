"""Exports show no more than pages (issue 11, item 4): every export and download of the product, as
every persona, holds no national ID number or birth date that the pages hide from that persona.

The pages show ID numbers and birth dates to the board and administrators, and to a unit officer for
the people of its own unit and sub-units only (a block leader officer reads its members' people but
not these fields; observers and delegates never see them).
"""

from __future__ import annotations

import csv
import datetime
import inspect
import io
import re
import zipfile
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from docx import Document
from openpyxl import load_workbook

from thidua.awards.batch import run_job, start_job
from thidua.awards.catalogue import seed_catalogue
from thidua.awards.models import AwardRecord, AwardType
from thidua.conferences.tests.helpers import make_conference
from thidua.scoring.services.cards import open_scorecards
from thidua.scoring.services.covenant import add_target, create_covenant, open_for_signing, sign_covenant
from thidua.scoring.services.tables import freeze_table
from thidua.scoring.tests.test_tables import _table
from thidua.testing import PERSONAS, make_person

# Download views that serve a user's uploaded file as it was uploaded: they hold no field of ours,
# and who may fetch them is tested with their pages (the conference's and the scorecard's doors).
UPLOADED_FILES = {
    "conferences:file",
    "conferences:proxy_file",
    "scoring:evidence",
    # A dossier's uploaded papers, served only to those who may read the dossier (proposals' own tests).
    "proposals:attachment_file",
    # The scanned minutes of a conference recorded from paper, to whoever may read the year (conferences'
    # own tests).
    "conferences:minutes_scan",
}
# Views the scan flags because their code names a dossier's papers (DossierAttachment), which serve no
# file: the dossier page and the forms that add, replace or remove a paper.
NOT_DOWNLOADS = {
    "proposals:dossier",
    "proposals:attachment_add",
    "proposals:attachment_replace",
    "proposals:attachment_remove",
}
# Downloads built from data that holds no national ID number or birth date by construction: a job's
# result file is made by its kind through that app's own export or paper (checked here or in the app's
# tests), and the official papers print names, positions and units only.
WITHOUT_PERSONAL_FIELDS = {
    "jobs:download",
    "proposals:decision_paper",
    "proposals:dossier_paper",
    # The payment sheet prints names, positions, units and amounts (proposals' own test reopens it).
    "proposals:decision_payments",
    # The council's minutes print members' names and roles and the proposed names and titles only.
    "council:session_minutes",
    # Statistics and statutory forms hold counts per title, level, unit and year, never a person's row.
    "stats:export",
    "stats:report",
    "stats:form_export",
    # The news draft, the published ranking and the summary report print unit names, people's names
    # and positions only (reports' own tests reopen each file).
    "reports:news_download",
    "reports:ranking_download",
    "reports:summary_download",
    # The scorecard and the ranking print unit names, scores, the member's comments and evidence notes
    # (scoring's own tests reopen each file; the ranking answers a redirect before publication).
    "scoring:scorecard_pdf",
    "scoring:ranking_download",
    # The QR sheet prints the conference, each voter's unit, name and new voting link, nothing of a
    # person's record (conferences' test_qr_sheet reopens it; a POST that issues links, officers only).
    "conferences:qr_sheet",
}


def _people(world: Any) -> dict[str, Any]:
    world.member_person.birth_date = datetime.date(1981, 2, 3)
    world.member_person.save()
    world.outside_person.birth_date = datetime.date(1975, 6, 7)
    world.outside_person.save()
    return {
        "member": world.member_person,
        "outsider": world.outside_person,
        "leader": make_person(
            "Phạm Thị Hoa",
            world.leader_unit,
            national_id="001190000003",
            birth_date=datetime.date(1990, 8, 9),
        ),
        "deputy": make_person(
            "Lê Văn Minh",
            world.deputy_unit,
            national_id="001190000004",
            birth_date=datetime.date(1968, 10, 11),
        ),
    }


# Whose ID numbers and birth dates each persona may read (the pages' rule, written out).
SEES = {
    "board": {"member", "outsider", "leader", "deputy"},
    "admin": {"member", "outsider", "leader", "deputy"},
    "leader": {"leader"},
    "member": {"member"},
    "outsider": {"outsider"},
    "delegate": set(),
    "observer": set(),
}


def _downloads(world: Any) -> dict[str, list[str]]:
    """{URL name: the URLs of that download for the world's records}."""
    seed_catalogue()
    for person in _people(world).values():
        AwardRecord.objects.create(award_type=AwardType.objects.get(code="LDTT"), year=2023, person=person)
    job = run_job(start_job(actor=None, year=2024, run=False).pk)
    table = freeze_table(actor=None, table=_table(world))
    covenant = create_covenant(actor=None, block_year=world.block_year, content="Giao ước 2024")
    add_target(actor=None, covenant=covenant, text="10 chỉ tiêu trọng tâm")
    open_for_signing(actor=None, covenant=covenant, table=table)
    for persona, unit in (
        ("leader", world.leader_unit),
        ("board", world.deputy_unit),
        ("member", world.member_unit),
    ):
        sign_covenant(actor=world.user(persona), covenant=covenant, unit=unit)
    card = next(c for c in open_scorecards(actor=None, block_year=world.block_year))
    conference = make_conference(world)
    kinds = ["units", "people", "memberships"]
    return {
        "awards:history_file": [
            reverse("awards:history_file", args=[what])
            for what in ("template.xlsx", "export.xlsx", "export.csv")
        ],
        "awards:batch_export": [reverse("awards:batch_export", args=[job.pk])],
        "transfer:template": [reverse("transfer:template", args=[kind]) for kind in kinds],
        "transfer:export": [reverse("transfer:export", args=[kind]) for kind in kinds],
        "scoring:scorecard_xlsx": [reverse("scoring:scorecard_xlsx", args=[card.pk])],
        "scoring:covenant_download": [reverse("scoring:covenant_download", args=[covenant.pk, "docx"])],
        "scoring:score_table_xlsx": [reverse("scoring:score_table_xlsx", args=[world.block.pk, 2024])],
        "conferences:minutes": [reverse("conferences:minutes", args=[conference.pk])],
        "proposals:fund_export": [reverse("proposals:fund_export")],
        "documents:template_download": [reverse("documents:template_download", args=["decision", "state"])],
        "documents:template_preview": [reverse("documents:template_preview", args=["decision", "state"])],
    }


def _text(content: bytes) -> str:
    """Every value a file holds, as text: each cell of each sheet, each paragraph and table cell."""
    if not content.startswith(b"PK"):
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    if "word/document.xml" in names:
        document = Document(io.BytesIO(content))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join(parts)
    workbook = load_workbook(io.BytesIO(content))
    values = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, datetime.datetime):
                    value = value.date()
                if isinstance(value, datetime.date):
                    value = value.strftime("%d/%m/%Y")
                values.append("" if value is None else str(value))
    return "\n".join(values)


def _hidden_values(person: Any) -> list[str]:
    return [person.national_id, person.birth_date.strftime("%d/%m/%Y"), person.birth_date.isoformat()]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_export_holds_a_field_the_pages_hide(world, login, persona) -> None:
    downloads = _downloads(world)
    people = _people_by_key(world)
    client = login(world.user(persona))
    served = 0
    for urls in downloads.values():
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 403, 404), url
            if response.status_code != 200:
                continue
            served += 1
            text = _text(response.content)
            for key, person in people.items():
                for value in _hidden_values(person):
                    if key in SEES[persona]:
                        continue
                    assert value not in text, (persona, url, key, value)
    assert served > 0 or persona == "delegate"


@pytest.mark.parametrize("persona", ["board", "leader", "member"])
def test_each_officer_still_exports_what_its_pages_show(world, login, persona) -> None:
    """The check above cannot pass by emptying the columns: what the persona may see is there."""
    _downloads(world)
    people = _people_by_key(world)
    client = login(world.user(persona))
    for what in ("export.xlsx", "export.csv"):
        text = _text(client.get(reverse("awards:history_file", args=[what])).content)
        for key in SEES[persona]:
            for value in _hidden_values(people[key])[:2]:
                assert value in text, (persona, what, key)


def test_leader_export_leaves_the_members_ids_empty_but_keeps_their_names(world, login) -> None:
    _downloads(world)
    content = login(world.user("leader")).get(reverse("awards:history_file", args=["export.csv"])).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    member = next(row for row in rows if row[1] == "Nguyễn Thị Lan")
    assert member[0] == "" and member[2] == ""


def _people_by_key(world: Any) -> dict[str, Any]:
    from thidua.orgs.models import Person

    return {
        "member": Person.objects.get(pk=world.member_person.pk),
        "outsider": Person.objects.get(pk=world.outside_person.pk),
        "leader": Person.objects.get(national_id="001190000003"),
        "deputy": Person.objects.get(national_id="001190000004"),
    }


def _patterns(resolver: Any, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            namespace = f"{prefix}{item.namespace}:" if item.namespace else prefix
            found += _patterns(item, namespace)
        else:
            found.append((prefix + (item.name or ""), item))
    return found


def test_every_download_view_of_the_product_is_checked_above(world) -> None:
    """A new export or download view must be added to the list (or to the uploaded files)."""
    checked = set(_downloads(world)) | UPLOADED_FILES | WITHOUT_PERSONAL_FIELDS | NOT_DOWNLOADS
    serving = set()
    for name, pattern in _patterns(get_resolver()):
        callback = getattr(pattern.callback, "__wrapped__", pattern.callback)
        module = inspect.getmodule(callback)
        if module is None or not module.__name__.startswith("thidua."):
            continue
        try:
            source = inspect.getsource(callback)
        except (OSError, TypeError):
            continue
        if re.search(r"FileResponse|Content-Disposition|_download\(|attachment", source):
            serving.add(name)
    assert serving, "the scan found no download view at all"
    assert serving <= checked, serving - checked
