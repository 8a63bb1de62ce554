"""The audit actions of proposals and decisions (registered with the audit log in `apps.py`): every
`record()` of the app names one of these, and a dossier's step names the action of the status it
reaches (`DOSSIER_STEP_ACTIONS`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.proposals.models import DossierStatus


class ProposalAction(models.TextChoices):
    DOSSIER_CREATE = "dossier.create", _("Created a proposal dossier")
    DOSSIER_SIGNER = "dossier.signer", _("Chose who signs a proposal dossier")
    DOSSIER_DEADLINE = "dossier.deadline", _("Set the deadline of a kind of dossier")
    HOLIDAY_ADD = "holiday.add", _("Added a public holiday")
    LINE_ADD = "dossier.line.add", _("Added a line to a proposal dossier")
    LINE_UPDATE = "dossier.line.update", _("Changed a line of a proposal dossier")
    LINE_REMOVE = "dossier.line.remove", _("Removed a line from a proposal dossier")
    LINE_REPORT = "dossier.line.report", _("Wrote the achievement report of a dossier line")
    LINE_APPRAISE = "dossier.line.appraise", _("Appraised a line of a proposal dossier")
    LINE_COUNCIL_OUTCOME = "line.council_outcome", _("Recorded the council's conclusion on a dossier line")
    PAPER_UPLOAD = "dossier.paper.upload", _("Attached a paper to a proposal dossier")
    PAPER_REPLACE = "dossier.paper.replace", _("Replaced a paper of a proposal dossier")
    PAPER_REMOVE = "dossier.paper.remove", _("Removed a paper from a proposal dossier")
    PAPER_NUMBER = "dossier.paper.number", _("Numbered the submission of a proposal dossier")
    SUBMITTED = "dossier.submitted", _("Submitted a proposal dossier")
    RECEIVED = "dossier.received", _("Received a proposal dossier")
    UNDER_REVIEW = "dossier.under_review", _("Started the review of a proposal dossier")
    RETURNED = "dossier.returned", _("Returned a proposal dossier for changes")
    RESUBMITTED = "dossier.resubmitted", _("Resubmitted a proposal dossier")
    FOR_COUNCIL = "dossier.for_council", _("Put a proposal dossier before the council")
    DECIDED = "dossier.decided", _("Marked a proposal dossier as decided")
    REJECTED = "dossier.rejected", _("Rejected a proposal dossier")
    WITHDRAWN = "dossier.withdrawn", _("Withdrew a proposal dossier")
    DECISION_DRAFT = "decision.draft", _("Drafted a decision")
    DECISION_ISSUE = "decision.issue", _("Issued a decision")
    DECISION_CANCEL = "decision.cancel", _("Cancelled a decision")
    DECISION_RECORD_EXTERNAL = "decision.record_external", _("Recorded a decision of another authority")
    FUND_ENTRY = "fund.entry", _("Recorded an entry of the award fund")


# The action of each status a step of `TRANSITIONS` reaches (the stored action is "dossier.<status>").
DOSSIER_STEP_ACTIONS: dict[str, ProposalAction] = {
    DossierStatus.SUBMITTED: ProposalAction.SUBMITTED,
    DossierStatus.RECEIVED: ProposalAction.RECEIVED,
    DossierStatus.UNDER_REVIEW: ProposalAction.UNDER_REVIEW,
    DossierStatus.RETURNED: ProposalAction.RETURNED,
    DossierStatus.RESUBMITTED: ProposalAction.RESUBMITTED,
    DossierStatus.FOR_COUNCIL: ProposalAction.FOR_COUNCIL,
    DossierStatus.DECIDED: ProposalAction.DECIDED,
    DossierStatus.REJECTED: ProposalAction.REJECTED,
    DossierStatus.WITHDRAWN: ProposalAction.WITHDRAWN,
}
