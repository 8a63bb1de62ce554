from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "thidua.transfer"
    verbose_name = _("Import and export")
