"""Admin of monitoring: the catalogue and values, alerts and measure plans, forecasts, reports and
the dashboard (one module each)."""

from monitoring.admin import alerts, dashboard, reports, values  # noqa: F401 - registers the admins
