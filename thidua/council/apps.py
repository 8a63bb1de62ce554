from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "thidua.council"
    verbose_name = _("Emulation and commendation council")

    def ready(self) -> None:
        from thidua.audit.actions import register
        from thidua.council.audit_actions import CouncilAction

        register(CouncilAction)
