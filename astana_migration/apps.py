from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "astana_migration"
    label = "portal"
    verbose_name = _("Migration portal")

    def ready(self):
        from kernel.security import signals  # noqa: F401 - connects the login receivers
