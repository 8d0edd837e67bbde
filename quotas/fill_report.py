"""The figures of the fill report for the ministry (issue 15): for a month or a quarter, every kandas
and resettler quota covering its year, summed by kind and region — the limits, who was admitted in
the period and since the quota's period began, the plan's line and the projection to the quota
period's end, and the most urgent status. Read only, from SQL aggregates (``quotas.fill``).

The figures are as of the period's last day, or of ``today`` while the period is still running.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from quotas.fill import URGENCY, quotas_fill
from quotas.models import Admission, Quota
from quotas.selectors import quotas_covering_year
from quotas.utilisation import utilisation_percent

FAMILY_KINDS = (Quota.Kind.KANDAS, Quota.Kind.RESETTLER)


def period_bounds(year: int, period_kind: str, number: int) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of month ``number`` or quarter ``number`` of ``year``."""
    first_month, last_month = (number, number) if period_kind == "month" else (3 * number - 2, 3 * number)
    last_day = calendar.monthrange(year, last_month)[1]
    return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)


def period_title(year: int, period_kind: str, number: int) -> str:
    """ "Q2 2026" or "May 2026", in the active language."""
    if period_kind == "month":
        from django.utils.dates import MONTHS

        return _("%(month)s %(year)s") % {"month": MONTHS[number], "year": year}
    return _("quarter %(number)s of %(year)s") % {"number": number, "year": year}


@dataclass
class Line:
    """One region's quotas of one kind (or a total)."""

    label: str
    limit_persons: int = 0
    limit_families: int = 0
    period_persons: int = 0
    period_families: int = 0
    used_persons: int = 0
    used_families: int = 0
    expected_persons: int = 0
    projected_persons: int = 0
    projected_low: int = 0
    projected_high: int = 0
    statuses: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return utilisation_percent(self.used_persons, self.limit_persons)

    @property
    def status(self) -> str:
        return min(self.statuses, key=URGENCY.index) if self.statuses else ""

    def add(self, other: "Line") -> None:
        for name in (
            "limit_persons",
            "limit_families",
            "period_persons",
            "period_families",
            "used_persons",
            "used_families",
            "expected_persons",
            "projected_persons",
            "projected_low",
            "projected_high",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.statuses += other.statuses


@dataclass
class Section:
    kind: str
    lines: list[Line]
    total: Line


@dataclass
class FillReportData:
    title: str
    as_of: datetime.date
    sections: list[Section]
    total: Line


def _admitted_in(quota_ids: list[int], start: datetime.date, end: datetime.date) -> dict[int, tuple[int, int]]:
    rows = (
        Admission.objects.filter(
            quota_id__in=quota_ids, status=Admission.Status.ADMITTED, admitted_on__gte=start, admitted_on__lte=end
        )
        .values("quota_id")
        .annotate(persons=Sum("persons"), families=Count("pk"))
        .order_by()
    )
    return {row["quota_id"]: (row["persons"], row["families"]) for row in rows}


def fill_report_data(*, year: int, period_kind: str, number: int, kind: str = "", today: datetime.date):
    """The report's figures, with names in the active language."""
    start, end = period_bounds(year, period_kind, number)
    as_of = min(end, today)
    quotas = quotas_covering_year(Quota.objects.select_related("region"), year).filter(
        kind__in=[kind] if kind else FAMILY_KINDS
    )
    fills = quotas_fill(quotas.order_by("kind", "region__kato"), today=as_of)
    in_period = _admitted_in([f.quota.pk for f in fills], start, as_of)
    grouped: dict[tuple[str, str], Line] = {}
    for fill in fills:
        quota = fill.quota
        line = grouped.setdefault((quota.kind, quota.region.kato), Line(label=quota.region.name))
        persons, families = in_period.get(quota.pk, (0, 0))
        line.add(
            Line(
                label="",
                limit_persons=quota.limit_persons,
                limit_families=quota.limit_families or 0,
                period_persons=persons,
                period_families=families,
                used_persons=fill.used_persons,
                used_families=fill.used_families,
                expected_persons=fill.expected_persons_by_now,
                projected_persons=fill.projected_persons_at_period_end,
                projected_low=fill.projected_low,
                projected_high=fill.projected_high,
                statuses=[fill.status],
            )
        )
    sections, total = [], Line(label=_("All quotas"))
    for quota_kind in FAMILY_KINDS:
        lines = [line for (k, _kato), line in sorted(grouped.items()) if k == quota_kind]
        if not lines:
            continue
        section_total = Line(label=_("Total"))
        for line in lines:
            section_total.add(line)
        total.add(section_total)
        sections.append(Section(kind=str(Quota.Kind(quota_kind).label), lines=lines, total=section_total))
    return FillReportData(title=period_title(year, period_kind, number), as_of=as_of, sections=sections, total=total)
