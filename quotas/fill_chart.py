"""A quota's fill as a chart on its admin page: admissions so far against the plan's line, and the
projection to the period's end with its range (quotas/fill.py computes the figures)."""

import calendar
import datetime

from django.utils.translation import gettext as _

from kernel import charts
from quotas.fill import QuotaFill, period_bounds


def _month_ends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    ends, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        ends.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def _month_labels(ends: list[datetime.date]) -> list[str]:
    """Months by name, the year once where the period or a new year starts ("Қаң. 2026", "Ақп.", …):
    a year on every month would crowd the axis."""
    return [charts.month_label(day.month, day.year if i == 0 or day.month == 1 else None) for i, day in enumerate(ends)]


def fill_chart(fill: QuotaFill):
    quota = fill.quota
    start, end = period_bounds(quota)
    ends = _month_ends(start, end)
    total = (end - start).days + 1
    plan = [round(quota.limit_persons * ((day - start).days + 1) / total) for day in ends]
    used = [row["used_persons"] for row in fill.monthly] + [None] * (len(ends) - len(fill.monthly))
    now = len(fill.monthly) - 1
    last = len(ends) - 1

    def towards(target):
        if now >= last:
            return [None] * len(ends)
        current = fill.used_persons
        return [
            None if i < now else round(current + (target - current) * (i - now) / (last - now))
            for i in range(len(ends))
        ]

    lines = [
        charts.Line(_("admitted, persons"), "used", used),
        charts.Line(_("plan (even over the period)"), "plan", plan),
        charts.Line(_("limit"), "limit", [quota.limit_persons] * len(ends)),
        charts.Line(_("projection at the recent pace"), "projection", towards(fill.projected_persons_at_period_end)),
    ]
    band = ("range", _("projection range"), towards(fill.projected_low), towards(fill.projected_high))
    title = _("Fill of the quota, %(period)s (persons)") % {"period": quota.period_label}
    return charts.line_chart(lines, x_labels=_month_labels(ends), title=title, band=band)
