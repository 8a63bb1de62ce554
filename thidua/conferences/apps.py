from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "thidua.conferences"
    verbose_name = _("Conferences and voting")

    def ready(self) -> None:
        from thidua.audit.actions import register
        from thidua.conferences.audit_actions import ConferenceAction

        register(ConferenceAction)
