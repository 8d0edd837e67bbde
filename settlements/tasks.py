"""Celery tasks of the settlements app: thin, they take ids and call services.

``deliver`` sends one outbox row. Its own short retries (408/429/5xx/timeouts) go back to Celery
with a countdown kept well below the broker's visibility timeout; longer waits stay parked in the
row (``next_attempt_at``) and the periodic ``sweep_deliveries`` enqueues them when due. A broker
outage at enqueue time is logged and left to the sweep: the outbox row is the source of truth.
"""

import functools
import logging

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import OperationalError as BrokerError

from settlements import services

logger = logging.getLogger(__name__)

# A publication must not hang on a dead broker: a few quick tries, then the sweep's turn.
ENQUEUE_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


def max_countdown() -> float:
    """The longest wait handed to Celery; anything longer is parked in the outbox row."""
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    return min(float(getattr(settings, "SETTLEMENTS_DELIVERY_MAX_COUNTDOWN", 300)), visibility / 4)


def _enqueue(task, delivery_id: int) -> None:
    try:
        task.apply_async((delivery_id,), retry=True, retry_policy=ENQUEUE_RETRY_POLICY)
    except (BrokerError, OSError) as exc:
        logger.warning("delivery %s not enqueued (%s): the sweep will send it", delivery_id, exc)
        services.delivery_enqueue_failed(delivery_id=delivery_id)


class OutboxTask(DjangoTask):
    """``delay_on_commit`` that survives a broker outage: the row stays pending for the sweep."""

    def delay_on_commit(self, delivery_id: int) -> None:
        transaction.on_commit(functools.partial(_enqueue, self, delivery_id))


@shared_task(
    bind=True,
    base=OutboxTask,
    name="settlements.deliver",
    acks_late=True,
    # Database hiccups: Celery retries the whole task with backoff and jitter.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
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
