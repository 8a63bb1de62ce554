from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "thidua.orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from thidua.audit.actions import register
        from thidua.orgs.audit_actions import OrgAction

        register(OrgAction)
