from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kernel.accounts"
    label = "accounts"
    verbose_name = _("Access: roles and API keys")

    def ready(self):
        from kernel.accounts import schema  # noqa: F401 - registers the OpenAPI scheme
