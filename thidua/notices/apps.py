from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "thidua.notices"
    verbose_name = _("To-do and notifications")

    def ready(self) -> None:
        from thidua.notices import signals  # noqa: F401  (the reminder → notification receiver)
