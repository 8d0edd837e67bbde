"""How a quota fills over its period (issue 15): the pace against the plan, a projection to the
period's end, and a status the Department's head can act on in time (rules p.4).

Read only, from SQL aggregates: one ``GROUP BY quota, month`` over the standing admissions of the
quotas asked for, whatever their number; nothing loops over admissions in Python.

The method, as the API and the admin state it:

- **Plan**: the limit spread evenly over the period's days (a quota of 1 January – 31 December
  expects half its places by 2 July). ``expected_persons_by_now`` is that line at ``today``.
- **Projection**: the recent pace is the persons admitted over the last ``RECENT_DAYS`` days (the
  elapsed part of the period if shorter), per day; the projection adds that pace over the days
  left. The range takes the slowest and the fastest of the recent ``RANGE_MONTHS`` whole months
  (30 days each) instead: ``projected_low`` – ``projected_high``. Demand is projected, not capped at
  the limit: a projection over the limit is what running out early looks like.
- **Status**, first that applies: ``closed`` (closed, or its period is over); ``exhausted`` (no
  place left); ``at_risk`` (projected to run out before the period ends); ``behind`` (projected to
  fill less than ``BEHIND_BELOW`` of the limit); ``ahead`` (more than ``PACE_TOLERANCE`` of the limit
  above the plan's line); ``on_track``. A quota whose period has not begun is ``on_track``.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from quotas.models import Admission, Quota

RECENT_DAYS = 90
RANGE_MONTHS = 3
BEHIND_BELOW = 0.9
PACE_TOLERANCE = 0.1

STATUSES = tuple(Quota.FillStatus.values)
STATUS_LABELS = dict(Quota.FillStatus.choices)


@dataclass
class QuotaFill:
    quota: Quota
    expected_persons_by_now: int
    projected_persons_at_period_end: int
    projected_low: int
    projected_high: int
    status: str
    monthly: list[dict] = field(default_factory=list)

    @property
    def used_persons(self) -> int:
        return self.monthly[-1]["used_persons"] if self.monthly else 0

    @property
    def used_families(self) -> int:
        return self.monthly[-1]["used_families"] if self.monthly else 0


def period_bounds(quota: Quota) -> tuple[datetime.date, datetime.date]:
    return datetime.date(quota.period_start, 1, 1), datetime.date(quota.period_end, 12, 31)


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _admitted_by_month(quota_ids: list[int], today: datetime.date) -> dict[int, dict[datetime.date, tuple]]:
    """``{quota id: {first of month: (persons, families)}}`` of the standing admissions up to today."""
    rows = (
        Admission.objects.filter(quota_id__in=quota_ids, status=Admission.Status.ADMITTED, admitted_on__lte=today)
        .annotate(month=TruncMonth("admitted_on"))
        .values("quota_id", "month")
        .annotate(persons=Sum("persons"), families=Count("pk"))
        .order_by()
    )
    found: dict[int, dict] = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        found.setdefault(row["quota_id"], {})[month] = (row["persons"], row["families"])
    return found


def _admitted_within(quota_ids: list[int], since: datetime.date, today: datetime.date) -> dict[int, int]:
    rows = (
        Admission.objects.filter(
            quota_id__in=quota_ids,
            status=Admission.Status.ADMITTED,
            admitted_on__gt=since,
            admitted_on__lte=today,
        )
        .values("quota_id")
        .annotate(persons=Sum("persons"))
        .order_by()
    )
    return {row["quota_id"]: row["persons"] for row in rows}


def _status(quota: Quota, *, used: int, expected: int, projected: int, today: datetime.date) -> str:
    start, end = period_bounds(quota)
    limit = quota.limit_persons
    if quota.status == Quota.Status.CLOSED or today > end:
        return "closed"
    if limit and used >= limit:
        return "exhausted"
    if today < start or not limit:
        return "on_track"
    if projected > limit:
        return "at_risk"
    if projected < BEHIND_BELOW * limit:
        return "behind"
    if used > expected + PACE_TOLERANCE * limit:
        return "ahead"
    return "on_track"


def quotas_fill(quotas, *, today: datetime.date) -> list[QuotaFill]:
    """The fill of each of ``quotas`` (a queryset or a list) on ``today``, in their order."""
    quotas = list(quotas)
    ids = [quota.pk for quota in quotas]
    by_month = _admitted_by_month(ids, today)
    recent_from = today - datetime.timedelta(days=RECENT_DAYS)
    recent = _admitted_within(ids, recent_from, today)
    windows = [
        _admitted_within(ids, today - datetime.timedelta(days=30 * (n + 1)), today - datetime.timedelta(days=30 * n))
        for n in range(RANGE_MONTHS)
    ]
    fills = []
    for quota in quotas:
        start, end = period_bounds(quota)
        months = by_month.get(quota.pk, {})
        monthly, persons, families = [], 0, 0
        for month in _months(start, min(max(today, start), end)):
            got_persons, got_families = months.get(month, (0, 0))
            persons, families = persons + got_persons, families + got_families
            monthly.append({"month": f"{month:%Y-%m}", "used_persons": persons, "used_families": families})
        total_days = (end - start).days + 1
        elapsed = min(max((today - start).days + 1, 0), total_days)
        left = total_days - elapsed
        expected = round(quota.limit_persons * elapsed / total_days)
        window = min(RECENT_DAYS, elapsed) or 1
        pace = recent.get(quota.pk, 0) / window
        month_paces = [w.get(quota.pk, 0) / 30 for w in windows[: max(1, min(RANGE_MONTHS, elapsed // 30))]]
        projected = round(persons + pace * left)
        low = round(persons + min(month_paces) * left)
        high = round(persons + max(month_paces) * left)
        fills.append(
            QuotaFill(
                quota=quota,
                expected_persons_by_now=expected,
                projected_persons_at_period_end=projected,
                projected_low=min(low, projected),
                projected_high=max(high, projected),
                status=_status(quota, used=persons, expected=expected, projected=projected, today=today),
                monthly=monthly,
            )
        )
    return fills


# The order in which a group of quotas takes its status from its members: what asks for a
# decision first (the start page colours a region's bar by its most urgent quota).
URGENCY = ("at_risk", "behind", "exhausted", "ahead", "on_track", "closed")


@dataclass(frozen=True)
class GroupFill:
    """The fill of several quotas summed: a region's quotas of one kind (its own and its districts')."""

    kind: str
    region_id: int
    limit_persons: int
    used_persons: int
    used_families: int
    expected_persons_by_now: int
    status: str


def fill_by_region(quotas, *, today: datetime.date) -> list[GroupFill]:
    """``quotas`` summed per kind and region, kinds in their order then regions by KATO: persons and
    families admitted, the limit, the plan's line at ``today`` (the pace marker) and the most
    urgent status among them (``URGENCY``)."""
    groups: dict[tuple[str, int], list[QuotaFill]] = {}
    for fill in quotas_fill(quotas, today=today):
        groups.setdefault((fill.quota.kind, fill.quota.region_id), []).append(fill)
    kinds = {kind: i for i, kind in enumerate(Quota.Kind.values)}
    rows = [
        GroupFill(
            kind=kind,
            region_id=region_id,
            limit_persons=sum(f.quota.limit_persons for f in fills),
            used_persons=sum(f.used_persons for f in fills),
            used_families=sum(f.used_families for f in fills),
            expected_persons_by_now=sum(f.expected_persons_by_now for f in fills),
            status=min((f.status for f in fills), key=URGENCY.index),
        )
        for (kind, region_id), fills in groups.items()
    ]
    katos = {fill.quota.region_id: fill.quota.region.kato for fills in groups.values() for fill in fills}
    return sorted(rows, key=lambda row: (kinds.get(row.kind, len(kinds)), katos[row.region_id]))
