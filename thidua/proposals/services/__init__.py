"""State changes of dossiers, decisions and the reward fund, one module per domain (as pretix's
`base/services/<domain>.py`): `dossiers` (composing), `attachments` (the papers, R-DOS-01/02),
`submission`, `review` (the receiving body), `decisions`, `fund`, `calendar`, and `workflow` (the
transitions table's step every change shares). Each change is atomic and audited and follows
`models.TRANSITIONS`; who may take a step is the permission door's business (permissions.py).

The names below are the package's public surface: callers write `from thidua.proposals import
services` and `services.submit_dossier(...)`, or import from the domain's module.
"""

from __future__ import annotations

from thidua.proposals.services.attachments import (
    REPORT_FIELDS,
    remove_attachment,
    save_achievement_report,
    upload_attachment,
)
from thidua.proposals.services.calendar import (
    add_holiday,
    set_deadline,
)
from thidua.proposals.services.decisions import (
    cancel_decision,
    draft_decision,
    issue_decision,
    record_external_decision,
    version_on,
)
from thidua.proposals.services.dossiers import (
    SIGNER_FIELDS,
    add_line,
    create_block_dossier,
    create_dossier,
    remove_line,
    set_signer,
    update_line,
)
from thidua.proposals.services.fund import (
    Balance,
    add_fund_entry,
    fund_balances,
    organisation_share,
)
from thidua.proposals.services.review import (
    appraise_line,
    receive_dossier,
    record_council_outcome,
    reject_dossier,
    return_dossier,
    send_to_council,
)
from thidua.proposals.services.submission import (
    fingerprint,
    history_changed,
    resubmit_dossier,
    shown_number,
    submit_dossier,
    verdict_of,
    withdraw_dossier,
)
from thidua.proposals.services.workflow import (
    LINE_FIELDS,
)

__all__ = [
    "LINE_FIELDS",
    "REPORT_FIELDS",
    "SIGNER_FIELDS",
    "Balance",
    "add_fund_entry",
    "add_holiday",
    "add_line",
    "appraise_line",
    "cancel_decision",
    "create_block_dossier",
    "create_dossier",
    "draft_decision",
    "fingerprint",
    "fund_balances",
    "history_changed",
    "issue_decision",
    "organisation_share",
    "receive_dossier",
    "record_council_outcome",
    "record_external_decision",
    "reject_dossier",
    "remove_attachment",
    "remove_line",
    "resubmit_dossier",
    "return_dossier",
    "save_achievement_report",
    "send_to_council",
    "set_deadline",
    "set_signer",
    "shown_number",
    "submit_dossier",
    "update_line",
    "upload_attachment",
    "verdict_of",
    "version_on",
    "withdraw_dossier",
]
