from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "thidua.certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from thidua.audit.actions import register as register_actions
        from thidua.certificates.audit_actions import CertificateAction
        from thidua.certificates.services import run_decision_certificates
        from thidua.jobs.registry import register

        register_actions(CertificateAction)
        register(
            "certificates.decision", label=_("Certificates of a decision"), run=run_decision_certificates
        )
