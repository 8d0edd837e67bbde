"""Celery tasks of monitoring: thin — ids in, a service called, transient errors retried."""

import logging
import smtplib

from celery import shared_task
from django.utils import timezone

from kernel.jobs import TRANSIENT_DATABASE_ERRORS, retrying

log = logging.getLogger(__name__)

# Database and mail-server hiccups are worth a retry; anything else is a bug to look at.
TRANSIENT = (*TRANSIENT_DATABASE_ERRORS, ConnectionError, TimeoutError, smtplib.SMTPException)
RETRY = retrying(on=TRANSIENT, backoff=10, backoff_max=600)


@shared_task(name="monitoring.recompute_indicators", **RETRY)
def recompute_indicators(year: int | None = None) -> dict:
    """Recompute the computed indicators of ``year`` (default: the years ``recompute_years`` names
    today), then the forecasts from the latest of them."""
    from monitoring.services import indicators_and_forecasts_recompute

    return indicators_and_forecasts_recompute(year=year, today=timezone.localdate())


@shared_task(name="monitoring.build_report", **RETRY)
def build_report(report_id: int) -> str | None:
    from monitoring.services import report_build

    report = report_build(report_id=report_id)
    return report.status if report else None


@shared_task(name="monitoring.run_recompute_request", **RETRY)
def run_recompute_request(request_id: int) -> dict | None:
    """A recompute staff asked for (the dashboard's button); done once, whoever enqueued it."""
    from monitoring.services import recompute_request_run

    return recompute_request_run(request_id=request_id)


@shared_task(name="monitoring.notify_outflow_alert", **RETRY)
def notify_outflow_alert(alert_id: int) -> int:
    from monitoring.services import outflow_alert_notify_once

    return outflow_alert_notify_once(alert_id=alert_id)


@shared_task(name="monitoring.sweep", ignore_result=True)
def sweep() -> dict:
    """Enqueue again the reports, recomputes and alert e-mails still waiting (their rows are the outbox)."""
    from monitoring.services import monitoring_sweep

    return monitoring_sweep()
