from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "thidua.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from thidua.audit.actions import register
        from thidua.jobs.audit_actions import JobAction

        register(JobAction)
