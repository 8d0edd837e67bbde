from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring of migration")

    def ready(self):
        from celery.schedules import crontab

        from astana_migration.celery import app

        # Nightly, after the day's registrations are in: the computed indicators, alerts and forecast.
        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            "monitoring-recompute-indicators": {
                "task": "monitoring.recompute_indicators",
                "schedule": crontab(hour=2, minute=30),
            },
        }
