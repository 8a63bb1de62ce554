from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "thidua.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from thidua.accounts import signals  # noqa: F401  (connects the audit receivers)
        from thidua.accounts.audit_actions import AccountAction
        from thidua.audit.actions import register

        register(AccountAction)
