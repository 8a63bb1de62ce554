"""Numbers and templates: the state changes of the documents engine, each atomic and audited.

- `allocate_number` gives the next number of an issuer's register for a type and year under a row
  lock on the counter (NĐ 30/2020 Art. 15: numbers run from 01 on 1 January to 31 December and a
  number is given once; R-FMT-01). `cancel_number` marks a document cancelled; its number stays taken.
- `upload_template` stores a new version of a paper's template after `render.template_problems` found
  nothing wrong with it; the newest version is the one in use.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_or_none
from thidua.audit.services import record, snapshot
from thidua.documents.audit_actions import DocumentAction
from thidua.documents.models import DocumentTemplate, IssuedNumber, NumberCounter
from thidua.documents.render import template_problems
from thidua.documents.styles import DocType, DocumentStyle, Letterhead, number_line
from thidua.orgs.models import Unit

# An uploaded template is a Word file of a few dozen kilobytes; more is not a template.
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def allocate_number(
    *,
    actor: Actor,
    issuer: Unit,
    letterhead: Letterhead,
    doc_type: str,
    day: datetime.date,
    summary: str = "",
) -> IssuedNumber:
    """The next number of `issuer`'s register for `doc_type` in the year of `day`.

    The counter row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite's write lock), so two
    allocations at the same moment get two numbers; the unique constraint on the issued numbers is
    the last guard. A new year starts a new counter at 1 (NĐ 30/2020 Art. 15, R-FMT-01).
    """
    DocType(doc_type)
    with transaction.atomic():
        NumberCounter.objects.get_or_create(issuer=issuer, doc_type=doc_type, year=day.year)
        counter = NumberCounter.objects.select_for_update().get(
            issuer=issuer, doc_type=doc_type, year=day.year
        )
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        issued = IssuedNumber.objects.create(
            issuer=issuer,
            doc_type=doc_type,
            year=day.year,
            number=counter.last_number,
            style=letterhead.style,
            symbol=letterhead.symbol,
            number_line=number_line(letterhead.style, doc_type, letterhead.symbol, counter.last_number),
            issued_on=day,
            summary=summary[:500],
            issued_by=user_or_none(actor),
        )
        record(actor=actor, action=DocumentAction.ALLOCATE_NUMBER, obj=issued, after=snapshot(issued))
    return issued


def cancel_number(*, actor: Actor, issued: IssuedNumber, reason: str) -> IssuedNumber:
    """Marks the document of `issued` cancelled; the number stays in the register and is not given again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the document.")})
    with transaction.atomic():
        locked = IssuedNumber.objects.select_for_update().get(pk=issued.pk)
        if locked.is_cancelled:
            raise ValidationError(_("This document is already cancelled."))
        before = snapshot(locked)
        locked.cancelled_at = timezone.now()
        locked.cancel_reason = reason[:500]
        locked.save(update_fields=["cancelled_at", "cancel_reason"])
        record(
            actor=actor,
            action=DocumentAction.CANCEL_NUMBER,
            obj=locked,
            before=before,
            after=snapshot(locked),
        )
    return locked


def upload_template(
    *, actor: Actor, kind: str, style: str, data: bytes, file_name: str, note: str = ""
) -> DocumentTemplate:
    """A new version of the template of `kind` in `style`, refused with the reasons when it is not a
    DOCX or has an unknown placeholder or broken Jinja (nothing is stored then)."""
    DocumentStyle(style)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError({"file": _("The file is too large for a template (at most 5 MB).")})
    problems = template_problems(kind, style, data)
    if problems:
        raise ValidationError({"file": problems})
    with transaction.atomic():
        # Versions of one paper and style are numbered one after another; the unique constraint
        # refuses the second of two simultaneous uploads rather than giving both one number.
        last = DocumentTemplate.objects.filter(kind=kind, style=style).aggregate(Max("version"))[
            "version__max"
        ]
        template = DocumentTemplate(
            kind=kind,
            style=style,
            version=(last or 0) + 1,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            original_name=file_name[:255],
            note=note.strip()[:500],
            uploaded_by=user_or_none(actor),
        )
        template.file.save(f"{kind}.docx", ContentFile(data), save=False)
        template.save()
        record(actor=actor, action=DocumentAction.UPLOAD_TEMPLATE, obj=template, after=snapshot(template))
    return template
