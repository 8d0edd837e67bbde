"""Handing work to Celery without ever failing the action that asked for it.

Every kind of job (a delivery, an import, a report, a recompute, an alert's notification) has its
own database row as the outbox: the row says what is waiting, and a periodic sweep re-enqueues
rows that waited too long. Enqueueing is therefore only a hint to go faster: it happens after the
transaction commits, tries the broker briefly, and when the broker is unreachable it logs a
warning and returns, leaving the row for the sweep. The request, command or job that asked for the
work answers at once either way.
"""

import functools
import logging

from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# A few quick tries, then the sweep's turn: an action must not hang on a dead broker.
ENQUEUE_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}

# What a broker (or result backend) outage raises out of ``apply_async``: kombu's connection
# errors, redis-py's, socket errors, and Celery's RuntimeError once its own retries are spent.
BROKER_ERRORS = (KombuError, RedisError, OSError, RuntimeError)


# The database went away for a moment: worth running the job again.
TRANSIENT_DATABASE_ERRORS = (OperationalError, InterfaceError)


def retrying(*, on=TRANSIENT_DATABASE_ERRORS, backoff: int = 5, backoff_max: int = 300, max_retries: int = 5) -> dict:
    """Celery task options for a job that runs again after a transient error: exponential backoff
    from ``backoff`` seconds up to ``backoff_max`` (kept well below the broker's visibility
    timeout), with jitter so that many retries do not arrive together. The one retry policy of the
    portal's tasks: ``@shared_task(name=..., **retrying())``."""
    return {
        "autoretry_for": on,
        "retry_backoff": backoff,
        "retry_backoff_max": backoff_max,
        "retry_jitter": True,
        "max_retries": max_retries,
    }


def enqueue(task, *args, on_refused=None, **options) -> bool:
    """Send ``task(*args)`` to the broker now. False (and ``on_refused()`` called) when the
    broker refused it; the caller's outbox row then waits for its sweep."""
    try:
        task.apply_async(args, retry=True, retry_policy=ENQUEUE_RETRY_POLICY, **options)
    except BROKER_ERRORS as exc:
        logger.warning("%s%r not enqueued (%s): its sweep will enqueue it", task.name, args, type(exc).__name__)
        if on_refused is not None:
            on_refused()
        return False
    return True


def enqueue_on_commit(task, *args, on_refused=None, **options) -> None:
    """``enqueue`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(functools.partial(enqueue, task, *args, on_refused=on_refused, **options))
