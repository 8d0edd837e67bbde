"""Celery tasks of the quotas app: thin, they take ids (or nothing) and call services."""

from celery import shared_task
from django.utils import timezone

from kernel.jobs import retrying


@shared_task(name="quotas.fill_check", ignore_result=True, **retrying())
def quota_fill_check_task() -> int:
    """Daily: record each quota's fill status, alert staff and the head of a turn for the worse."""
    from quotas.fill_alerts import quota_fill_check

    return len(quota_fill_check(today=timezone.localdate()))


@shared_task(name="quotas.notify_fill_alert", **retrying())
def notify_quota_fill_alert(alert_id: int) -> int:
    from quotas.fill_alerts import quota_fill_alert_notify_once

    return quota_fill_alert_notify_once(alert_id=alert_id)


@shared_task(name="quotas.sweep", ignore_result=True)
def quotas_sweep() -> int:
    from quotas.fill_alerts import quota_fill_alert_sweep

    return quota_fill_alert_sweep()
