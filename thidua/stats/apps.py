from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "thidua.stats"
    verbose_name = _("Statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thidua.jobs.registry import register
        from thidua.stats.jobs import KIND, run_province_statistics

        register(KIND, label=_("Statistics of the province"), run=run_province_statistics)
