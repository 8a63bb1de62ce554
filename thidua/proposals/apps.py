from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "thidua.proposals"
    verbose_name = _("Proposals and decisions")

    def ready(self) -> None:
        from thidua.audit.actions import register as register_actions
        from thidua.jobs.registry import register
        from thidua.proposals.audit_actions import ProposalAction
        from thidua.proposals.papers import run_decision_pdf

        register_actions(ProposalAction)
        register("proposals.decision_pdf", label=_("Decision as PDF"), run=run_decision_pdf)
