"""Kernel tasks: the worker heartbeat that /health/ reads."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "portal:celery-heartbeat"


@shared_task(name="portal.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Leave a timestamp in the shared cache: proof that a worker (and beat) are alive."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=3600)
