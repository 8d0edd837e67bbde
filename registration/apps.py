from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SWEEP_IMPORTS_EVERY_SECONDS = 120.0


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = _("Registration of the population")

    def ready(self):
        from astana_migration.celery import app

        # The imports' safety net: re-enqueue batches whose job never came, reject abandoned ones.
        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            "registration-sweep-imports": {
                "task": "registration.import_batch_sweep",
                "schedule": SWEEP_IMPORTS_EVERY_SECONDS,
            },
        }
