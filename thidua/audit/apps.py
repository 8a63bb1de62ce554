from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "thidua.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from thidua.audit.actions import register
        from thidua.audit.audit_actions import AuditAction

        register(AuditAction)
