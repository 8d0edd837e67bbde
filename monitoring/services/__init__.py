"""Every write of the monitoring app: entered values, the recompute, outflow alerts and their measure
plans (rules p.6), forecasts (p.8) and analysts' reports — one module each, all importable from here.

Each service is atomic, keyword-only, takes ``by=`` (a user, or None for the system) and writes its
audit entry inside its transaction; Celery work and e-mail are enqueued only after commit.
"""

from monitoring.errors import MonitoringError
from monitoring.services.alerts import (
    measure_plan_complete,
    measure_plan_note,
    measure_save,
    outflow_alert_notify_once,
    outflow_alerts_raise,
)
from monitoring.services.forecasts import facility_capacity_enter, forecasts_compute
from monitoring.services.outbox import monitoring_sweep
from monitoring.services.recompute import indicators_and_forecasts_recompute, recompute_years
from monitoring.services.reports import (
    report_build,
    report_claim,
    report_download_record,
    report_progress,
    report_request,
)
from monitoring.services.values import (
    indicator_value_check,
    indicator_value_enter,
    indicators_recompute,
    indicators_recompute_request,
    natural_increase_enter,
    recompute_request_run,
)

__all__ = [
    "MonitoringError",
    "facility_capacity_enter",
    "forecasts_compute",
    "indicator_value_check",
    "indicator_value_enter",
    "indicators_and_forecasts_recompute",
    "indicators_recompute",
    "indicators_recompute_request",
    "measure_plan_complete",
    "measure_plan_note",
    "measure_save",
    "monitoring_sweep",
    "natural_increase_enter",
    "outflow_alert_notify_once",
    "outflow_alerts_raise",
    "recompute_request_run",
    "recompute_years",
    "report_build",
    "report_claim",
    "report_download_record",
    "report_progress",
    "report_request",
]
