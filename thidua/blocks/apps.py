from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlocksConfig(AppConfig):
    name = "thidua.blocks"
    verbose_name = _("Blocks and clusters")

    def ready(self) -> None:
        from thidua.audit.actions import register
        from thidua.blocks.audit_actions import BlockAction

        register(BlockAction)
