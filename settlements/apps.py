from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SWEEP_EVERY_SECONDS = 60.0


class SettlementsConfig(AppConfig):
    name = "settlements"
    verbose_name = _("Settlements for resettlement")

    def ready(self):
        from astana_migration.celery import app
        from settlements import schema  # noqa: F401 - registers the OpenAPI authentication scheme

        # The outbox sweep (DESIGN.md "Delivery"): re-enqueue due delivery rows every minute.
        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            "settlements-sweep-deliveries": {"task": "settlements.sweep_deliveries", "schedule": SWEEP_EVERY_SECONDS},
        }
