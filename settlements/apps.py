from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SettlementsConfig(AppConfig):
    name = "settlements"
    verbose_name = _("Settlements for resettlement")

    def ready(self):
        from settlements import schema  # noqa: F401 - registers the OpenAPI authentication scheme

        # The outbox sweep (docs/architecture.md "Walk: one publication, down to its delivery") is on
        # settings.CELERY_BEAT_SCHEDULE.
