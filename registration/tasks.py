"""Celery jobs of the registration app: thin, they take ids and call a service."""

from celery import shared_task
from celery.utils.log import get_task_logger
from django.utils import timezone

from kernel.jobs import retrying
from registration import services

logger = get_task_logger(__name__)


def _give_up(task, exc, task_id, args, kwargs, einfo):
    """Retries exhausted (or an unexpected error): the batch is marked failed, never left waiting."""
    batch_id = (args or [kwargs.get("batch_id")])[0]
    services.import_batch_fail(batch_id=batch_id, reason=type(exc).__name__)


@shared_task(
    name="registration.import_batch_process",
    ignore_result=True,
    **retrying(on=services.TRANSIENT_ERRORS),
    on_failure=_give_up,
)
def import_batch_process_task(batch_id: int) -> None:
    batch = services.import_batch_process(batch_id=batch_id)
    if batch is None:
        # Already taken by another delivery of this job, or finished: nothing to do.
        logger.info("registration import batch %s: nothing to claim", batch_id)


@shared_task(name="registration.import_batch_sweep", ignore_result=True)
def import_batch_sweep_task() -> None:
    """Every few minutes (the beat schedule): re-enqueue imports whose job never came, reject
    those abandoned while working."""
    services.import_batch_sweep(timezone.now())
