from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals to the authorised body")

    def ready(self):
        from astana_migration.celery import app

        app.conf.beat_schedule = {
            **app.conf.beat_schedule,
            "proposals-suggest": {"task": "proposals.suggest", "schedule": 24 * 3600.0},
        }
