"""Kernel tasks: the worker heartbeat that /health/ reads."""

from celery import shared_task
from django.utils import timezone

from kernel.shared_cache import cache_call

HEARTBEAT_KEY = "portal:celery-heartbeat"


@shared_task(name="portal.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Leave a timestamp in the shared cache: proof that a worker (and beat) are alive."""
    cache_call("set", HEARTBEAT_KEY, timezone.now().isoformat(), 3600)
