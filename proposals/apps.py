from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals to the authorised body")
    # The daily ``proposals.suggest`` is on settings.CELERY_BEAT_SCHEDULE.
