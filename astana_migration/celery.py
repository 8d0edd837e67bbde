"""The Celery app. Settings come from Django's settings, under the ``CELERY_`` prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "astana_migration.settings")

# DjangoTask gives every task delay_on_commit(): enqueue only once the transaction commits.
app = Celery("astana_migration", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
