"""Celery tasks of the settlements app: thin, they take ids and call services.

``deliver`` sends one outbox row. Its own short retries (408/429/5xx/timeouts) go back to Celery
with a countdown kept well below the broker's visibility timeout; longer waits stay parked in the
row (``next_attempt_at``) and the periodic ``sweep_deliveries`` enqueues them when due. A broker
outage at enqueue time is logged and left to the sweep (``kernel.jobs.enqueue_on_commit``
with ``services.delivery_enqueue_failed``): the outbox row is the source of truth.
"""

import logging

from celery import shared_task
from django.conf import settings

from kernel.jobs import retrying
from settlements import services

logger = logging.getLogger(__name__)


def max_countdown() -> float:
    """The longest wait handed to Celery; anything longer is parked in the outbox row."""
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    return min(float(settings.SETTLEMENTS_DELIVERY_MAX_COUNTDOWN), visibility / 4)


@shared_task(
    bind=True,
    name="settlements.deliver",
    acks_late=True,
    # Database hiccups: Celery retries the whole task with backoff and jitter.
    **retrying(),
    # An attempt ends before its claim on the row does: no second worker can send it meanwhile.
    soft_time_limit=services.attempt_time_limits()[0],
    time_limit=services.attempt_time_limits()[1],
)
def deliver(self, delivery_id: int) -> str:
    attempt = services.delivery_attempt(delivery_id=delivery_id)
    if attempt.outcome == "retry" and not self.request.is_eager and attempt.wait <= max_countdown():
        services.delivery_mark_enqueued(delivery_id=delivery_id)
        raise self.retry(countdown=attempt.wait, max_retries=services.max_attempts())
    return attempt.outcome


@shared_task(name="settlements.sweep_deliveries", ignore_result=True)
def sweep_deliveries() -> int:
    return services.delivery_sweep()
