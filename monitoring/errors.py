"""Domain errors of the monitoring app; their messages are shown to the user as they are."""


class MonitoringError(Exception):
    """A request the monitoring rules refuse; the message is for the user."""


class PeriodError(ValueError):
    """A period that is not a year, a quarter (2025-Q1) or a month (2025-03)."""
