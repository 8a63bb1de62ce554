from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "thidua.proposals"
    verbose_name = _("Proposals and decisions")

    def ready(self) -> None:
        from thidua.jobs.registry import register
        from thidua.proposals.papers import run_decision_pdf

        register("proposals.decision_pdf", label=_("Decision as PDF"), run=run_decision_pdf)
