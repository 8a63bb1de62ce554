from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        from thidua.audit.actions import register
        from thidua.documents.audit_actions import DocumentAction

        register(DocumentAction)
