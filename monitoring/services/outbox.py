"""Monitoring's jobs and their outboxes: a report's build, a requested recompute and an alert's
e-mail each have their row as the outbox (``kernel.jobs``).

Each job is enqueued once its row commits; the row records when (``enqueued_at``, or
``notify_enqueued_at`` for an alert), and a refused enqueue (Redis unreachable) empties that field.
``monitoring_sweep`` (the periodic ``monitoring.sweep``) enqueues again every row still waiting
whose job was refused or has waited longer than ``reenqueue_after()``, and every job whose worker
died (left "being built" longer than the task time limit). Running a job twice is harmless: each
claims its row first (reports and recomputes with a conditional UPDATE, an alert's e-mail under a
row lock), so the work is done once.
"""

import functools
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kernel.jobs import enqueue_on_commit
from monitoring.models import OutflowAlert, RecomputeRequest, Report


def reenqueue_after() -> timedelta:
    """How long the sweep trusts a job it (or the request) enqueued before enqueueing it again."""
    return timedelta(seconds=float(settings.MONITORING_SWEEP_REENQUEUE_AFTER))


def stale_after() -> timedelta:
    """A job still running this long after it started has lost its worker (the task time limit)."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def _refused(model, field: str, pk: int) -> None:
    model.objects.filter(pk=pk).update(**{field: None})


def report_enqueue_on_commit(*, report_id: int) -> None:
    from monitoring.tasks import build_report

    refused = functools.partial(_refused, Report, "enqueued_at", report_id)
    enqueue_on_commit(build_report, report_id, on_refused=refused)


def recompute_enqueue_on_commit(*, request_id: int) -> None:
    from monitoring.tasks import run_recompute_request

    refused = functools.partial(_refused, RecomputeRequest, "enqueued_at", request_id)
    enqueue_on_commit(run_recompute_request, request_id, on_refused=refused)


def alert_notify_enqueue_on_commit(*, alert_id: int) -> None:
    from monitoring.tasks import notify_outflow_alert

    refused = functools.partial(_refused, OutflowAlert, "notify_enqueued_at", alert_id)
    enqueue_on_commit(notify_outflow_alert, alert_id, on_refused=refused)


def _due(queryset, field: str, now, limit: int) -> list[int]:
    waited = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": now - reenqueue_after()})
    locked = queryset.select_for_update(skip_locked=True).filter(waited).order_by("pk")
    ids = list(locked.values_list("pk", flat=True)[:limit])
    if ids:
        queryset.model.objects.filter(pk__in=ids).update(**{field: now})
    return ids


@transaction.atomic
def monitoring_sweep(*, limit: int = 200) -> dict[str, int]:
    """Enqueue again the reports, recomputes and alert e-mails still waiting (see the module's
    docstring); the tasks go out after commit. Returns how many of each were enqueued."""
    now = timezone.now()
    stale = now - stale_after()
    reports = _due(
        Report.objects.filter(Q(status=Report.Status.PENDING) | Q(status=Report.Status.RUNNING, started_at__lt=stale)),
        "enqueued_at",
        now,
        limit,
    )
    recomputes = _due(
        RecomputeRequest.objects.filter(finished_at__isnull=True).filter(
            Q(started_at__isnull=True) | Q(started_at__lt=stale)
        ),
        "enqueued_at",
        now,
        limit,
    )
    alerts = _due(OutflowAlert.objects.filter(notified_at__isnull=True), "notify_enqueued_at", now, limit)
    for pk in reports:
        report_enqueue_on_commit(report_id=pk)
    for pk in recomputes:
        recompute_enqueue_on_commit(request_id=pk)
    for pk in alerts:
        alert_notify_enqueue_on_commit(alert_id=pk)
    return {"reports": len(reports), "recomputes": len(recomputes), "notifications": len(alerts)}
