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


@shared_task(name="quotas.build_fill_report", **retrying())
def build_fill_report(report_id: int) -> str | None:
    from quotas.services import fill_report_build

    report = fill_report_build(report_id=report_id)
    return report.status if report else None


@shared_task(name="quotas.sweep", ignore_result=True)
def quotas_sweep() -> int:
    """Enqueue again the alert e-mails and fill reports still waiting (their rows are the outbox)."""
    from quotas.fill_alerts import quota_fill_alert_sweep
    from quotas.services import fill_report_sweep

    return quota_fill_alert_sweep() + fill_report_sweep()
