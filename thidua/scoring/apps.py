from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    verbose_name = _("Covenant and scoring")

    def ready(self) -> None:
        from thidua.audit.actions import register
        from thidua.scoring import jobs  # noqa: F401 - registers the daily reminders with thidua.jobs
        from thidua.scoring.audit_actions import ScoringAction

        register(ScoringAction)
