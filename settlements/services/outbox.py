"""The delivery outbox: sending one row (``delivery_attempt``), the sweep that re-enqueues due rows
(``delivery_sweep``) and staff's retry of a failed row (``delivery_retry``).

A worker claims a row with one conditional UPDATE; short waits after a transient failure go back
to Celery, longer ones are parked in the row for the sweep; a row that was sent is never sent
again. The retry policy reads optional settings so tests and operators can tighten it.
"""

import functools
import logging
import random
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.audit.services import audit_record
from kernel.jobs import enqueue_on_commit
from settlements import channels
from settlements.errors import DeliveryError
from settlements.models import Delivery, Recipient

logger = logging.getLogger(__name__)


# Retry policy of deliveries (docs/architecture.md "External contracts"): exponential backoff with jitter,
# a bounded number of attempts; the settings exist so tests and operators can tighten them.
def backoff_base() -> float:
    return float(settings.SETTLEMENTS_DELIVERY_BACKOFF_BASE)


def backoff_max() -> float:
    return float(settings.SETTLEMENTS_DELIVERY_BACKOFF_MAX)


def max_attempts() -> int:
    return int(settings.SETTLEMENTS_DELIVERY_MAX_ATTEMPTS)


def claim_lease() -> timedelta:
    """How long a worker's claim on a row holds (``SETTLEMENTS_DELIVERY_LEASE``, 75 s). Longer than
    one attempt can take (HTTP and SMTP timeouts, checked at start-up), and the deliver task is
    killed before it runs out (``attempt_time_limits``), so a live worker always keeps its claim:
    the lease, not luck, decides that a row is never sent by two workers at once."""
    return timedelta(seconds=float(settings.SETTLEMENTS_DELIVERY_LEASE))


def attempt_time_limits() -> tuple[float, float]:
    """(soft, hard) time limits of one ``deliver`` task, in seconds: the soft one records the
    attempt as failed-and-retried, the hard one kills the worker process, both before the lease ends."""
    lease = claim_lease().total_seconds()
    return lease - 15, lease - 5


def reenqueue_after() -> timedelta:
    """How long the sweep trusts a row it (or publication) enqueued before enqueueing it again."""
    return timedelta(seconds=float(settings.SETTLEMENTS_SWEEP_REENQUEUE_AFTER))


def backoff_delay(attempt: int, retry_after: int | None = None) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1-based): base·2^(n-1), capped,
    with jitter in its upper half so many rows failing together do not return together."""
    delay = min(backoff_max(), backoff_base() * (2 ** max(attempt - 1, 0)))
    delay = delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 - jitter, not a secret
    if retry_after:
        delay = max(delay, min(float(retry_after), backoff_max()))
    return delay


@dataclass(frozen=True)
class Attempt:
    """What one call of ``delivery_attempt`` did: ``skipped`` (gone, not due, claimed elsewhere
    or done), ``sent``, ``failed``, or ``retry`` after ``wait`` seconds."""

    outcome: str
    wait: float = 0.0


def _claim(delivery_id: int, now) -> str | None:
    """Claim a due pending row with one conditional UPDATE; the token proves the claim is ours."""
    token = uuid.uuid4().hex
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(
            claimed_until=now + claim_lease(),
            claim_token=token,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    )
    return token if claimed else None


@transaction.atomic
def _finish(delivery: Delivery, token: str, *, status: str, **fields) -> bool:
    done = (
        Delivery.objects.filter(pk=delivery.pk, claim_token=token)
        .exclude(status=Delivery.Status.SENT)
        .update(status=status, claimed_until=None, claim_token="", **fields)
    )
    if not done:
        logger.warning("delivery %s: the claim was lost before the attempt finished", delivery.pk)
        return False
    if status != Delivery.Status.PENDING:
        audit_record(
            by=None,
            action="transition",
            target=delivery,
            changes={"status": ["pending", status], "attempts": [None, delivery.attempts]},
            note=fields.get("last_error", "")[:500],
        )
    return True


def _retry_or_give_up(delivery: Delivery, token: str, error: str, retry_after: int | None) -> Attempt:
    used = delivery.attempts - delivery.attempts_base
    if used >= max_attempts():
        _finish(delivery, token, status=Delivery.Status.FAILED, last_error=f"{error} (gave up after {used} attempts)")
        return Attempt("failed")
    wait = backoff_delay(used, retry_after)
    _finish(
        delivery,
        token,
        status=Delivery.Status.PENDING,
        last_error=error,
        next_attempt_at=timezone.now() + timedelta(seconds=wait),
    )
    return Attempt("retry", wait)


def delivery_attempt(*, delivery_id: int) -> Attempt:
    """Send one delivery row once, if it is due and no other worker holds it, and record the
    outcome: sent; failed (a permanent error, or the attempts are spent); or pending again with
    ``next_attempt_at`` set by the backoff. A row that was sent is never sent again."""
    now = timezone.now()
    token = _claim(delivery_id, now)
    if token is None:
        return Attempt("skipped")
    delivery = Delivery.objects.select_related("settlement_list", "recipient").get(pk=delivery_id)
    if delivery.recipient is not None and not delivery.recipient.is_active:
        _finish(delivery, token, status=Delivery.Status.FAILED, last_error="the recipient is no longer active")
        return Attempt("failed")
    try:
        response = channels.send(delivery)
    except channels.TransientError as exc:
        return _retry_or_give_up(delivery, token, str(exc), exc.retry_after)
    except channels.EndpointGone as exc:
        Recipient.objects.filter(pk=cast(int, delivery.recipient_id), webhook_disabled_at__isnull=True).update(
            webhook_disabled_at=timezone.now()
        )
        _finish(delivery, token, status=Delivery.Status.FAILED, last_error=f"{exc} (webhook endpoint disabled)")
        return Attempt("failed")
    except channels.PermanentError as exc:
        _finish(delivery, token, status=Delivery.Status.FAILED, last_error=str(exc))
        return Attempt("failed")
    except DatabaseError:
        raise  # the task retries the whole attempt; the claim lapses with its lease
    except Exception as exc:  # an unforeseen failure must not wedge the row: count it and retry
        logger.exception("delivery %s: unexpected error", delivery.pk)
        return _retry_or_give_up(delivery, token, f"{type(exc).__name__}: {exc}", None)
    _finish(
        delivery,
        token,
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        response=response[: channels.RESPONSE_KEEP],
    )
    return Attempt("sent")


@transaction.atomic
def delivery_retry(*, delivery: Delivery, by) -> Delivery:
    """Staff give a failed delivery a fresh budget of attempts, starting now."""
    delivery = Delivery.objects.select_for_update(of=("self",)).select_related("recipient").get(pk=delivery.pk)
    if delivery.status != Delivery.Status.FAILED:
        raise DeliveryError(
            _("Only a failed delivery can be retried; this one is %(status)s.")
            % {"status": delivery.get_status_display()}
        )
    recipient = delivery.recipient
    if recipient is not None and not recipient.is_active:
        raise DeliveryError(_("The recipient is not active: activate it first."))
    if delivery.channel == Delivery.Channel.WEBHOOK and recipient is not None and recipient.webhook_disabled_at:
        raise DeliveryError(_("The recipient's webhook endpoint is disabled (410 Gone): re-enable it first."))
    now = timezone.now()
    delivery.status = Delivery.Status.PENDING
    delivery.attempts_base = delivery.attempts
    delivery.next_attempt_at = now
    delivery.enqueued_at = now
    delivery.save(update_fields=["status", "attempts_base", "next_attempt_at", "enqueued_at"])
    audit_record(by=by, action="transition", target=delivery, changes={"status": ["failed", "pending"]})
    delivery_enqueue_on_commit(delivery_id=delivery.pk)
    return delivery


def delivery_enqueue_on_commit(*, delivery_id: int) -> None:
    """Send the row's task once the transaction commits; if the broker refuses it, the row is
    marked for the next sweep (the action that asked answers at once either way)."""
    from settlements.tasks import deliver

    refused = functools.partial(delivery_enqueue_failed, delivery_id=delivery_id)
    enqueue_on_commit(deliver, delivery_id, on_refused=refused)


def delivery_enqueue_failed(*, delivery_id: int) -> None:
    """The broker refused a delivery's task: let the next sweep enqueue it without waiting."""
    Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(enqueued_at=None)


def delivery_mark_enqueued(*, delivery_id: int) -> None:
    """A task for the row is in the broker (e.g. a Celery retry with a countdown): the sweep
    leaves the row alone for a while, so the two do not both send it."""
    Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(enqueued_at=timezone.now())


@transaction.atomic
def delivery_sweep(*, limit: int = 500) -> int:
    """Enqueue the pending rows that are due, not held by a worker, and either not enqueued
    recently or whose worker died mid-attempt (its claim lapsed unfinished, ``claim_lease()``).

    ``select_for_update(skip_locked=True)`` lets two sweeps run at once without taking the same
    rows; the tasks go out after commit. Returns how many rows were enqueued."""
    now = timezone.now()
    due = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(status=Delivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .filter(
            Q(enqueued_at__isnull=True)
            | Q(enqueued_at__lte=now - reenqueue_after())
            # A claim that lapsed without being finished: its worker died mid-attempt (the task's
            # time limit ends an attempt before its lease), so the row is due again at once.
            | Q(claimed_until__isnull=False)
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if due:
        # A lapsed claim is void (``_claim`` ignores it): clear it, so the row waits ``reenqueue_after``
        # for this task like any other enqueued row.
        Delivery.objects.filter(pk__in=due).update(enqueued_at=now, claimed_until=None)
        for pk in due:
            delivery_enqueue_on_commit(delivery_id=pk)
    return len(due)
