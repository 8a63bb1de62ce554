from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    verbose_name = _("Awards and eligibility")

    def ready(self) -> None:
        from thidua.audit.actions import register
        from thidua.awards import jobs  # noqa: F401 - registers the batch with thidua.jobs
        from thidua.awards.audit_actions import AwardAction

        register(AwardAction)
