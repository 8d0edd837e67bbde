"""The admin's start page (issue 8): how quotas are used, where the settlement list stands, which
outflow alerts are open and what proposals wait for the user — read through each app's selectors.

Each part is there only for a user who may open the pages it summarises (the same permissions),
so an analyst sees quotas, the list and alerts but never deliveries, and nothing here is personal
data. The template only lays the parts out; the charts are SVG drawn on the server.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kernel import charts
from kernel.numbers import count_text
from kernel.territory.models import Region
from monitoring.selectors import open_alerts_with_progress
from proposals.selectors import open_proposals_by_quota, proposals_waiting_for
from quotas.fill import URGENCY, fill_by_region
from quotas.fill_alerts import open_fill_alerts
from quotas.models import Quota
from quotas.selectors import quota_years, quotas_covering_year
from quotas.utilisation import utilisation_percent
from settlements.models import Delivery
from settlements.selectors import delivery_counts, latest_unpublished_list, published_lists

ALERTS_SHOWN = 8
PROPOSALS_SHOWN = 10
# Proposal permissions that put proposals in someone's hands (see proposals_waiting_for).
PROPOSAL_ACTIONS = ("proposals.approve_proposal", "proposals.send_proposal", "proposals.decide_proposal")


@dataclass(frozen=True)
class Part:
    rows: list
    count: int


def start_page(user, *, today=None) -> dict:
    """The parts of the start page ``user`` may see, by name (absent: not for this user)."""
    parts = {}
    if user.has_perm("quotas.view_quota"):
        parts["quotas"] = quotas_part(today=today)
    if user.has_perm("settlements.view_settlementlist"):
        parts["settlement_list"] = settlement_list_part(with_deliveries=user.has_perm("settlements.view_delivery"))
    if user.has_perm("monitoring.view_outflowalert"):
        parts["alerts"] = alerts_part()
    if any(user.has_perm(name) for name in PROPOSAL_ACTIONS):
        parts["proposals"] = proposals_part(user)
    return parts


def quotas_part(*, today=None) -> dict:
    """How the quotas covering this year (else the latest year with quotas) fill, by region: each
    bar coloured by its most urgent quota's status, with a tick where the plan's pace stands today."""
    today = today or timezone.localdate()
    years = quota_years()
    year = today.year if today.year in years or not years else years[0]
    rows = fill_by_region(quotas_covering_year(Quota.objects.select_related("region"), year), today=today)
    regions = Region.objects.in_bulk({row.region_id for row in rows})
    statuses = dict(Quota.FillStatus.choices)
    groups: dict[str, list[charts.Bar]] = {}
    for row in rows:
        expected = _("expected by now: %(persons)s") % {"persons": count_text(row.expected_persons_by_now)}
        bar = charts.Bar(
            label=regions[row.region_id].name,
            used=row.used_persons,
            limit=row.limit_persons,
            percent=utilisation_percent(row.used_persons, row.limit_persons),
            level=f"fill-{row.status}",
            marker=utilisation_percent(row.expected_persons_by_now, row.limit_persons),
            note=f"{statuses[row.status]} · {expected}",
        )
        groups.setdefault(capfirst(Quota.Kind(row.kind).label), []).append(bar)
    shown = {row.status for row in rows}
    legend = [charts.Key(capfirst(statuses[status]), css=f"fill-{status}") for status in URGENCY if status in shown]
    legend.append(charts.Key(capfirst(_("expected by now at the plan's pace")), shape="tick"))
    title = _("Quota utilisation by region, %(year)s (persons)") % {"year": year}
    return {
        "year": year,
        "title": title,
        "chart": charts.utilisation_chart(list(groups.items()), title=title, legend_keys=legend) if groups else None,
        "persons": sum(row.used_persons for row in rows),
        "families": sum(row.used_families for row in rows),
        "limit": sum(row.limit_persons for row in rows),
        # Quotas whose fill turned behind or at risk and still is (the daily check raises them).
        "attention": _needing_a_decision(today),
    }


def _needing_a_decision(today) -> list:
    """Quotas whose fill turned behind or at risk and still is (their latest alert), each with the
    open proposal the daily suggestions drafted for it, if any."""
    seen, latest = set(), []
    for alert in open_fill_alerts(today=today):
        if alert.quota_id not in seen:
            seen.add(alert.quota_id)
            latest.append(alert)
    proposals = open_proposals_by_quota(seen)
    for alert in latest:
        alert.open_proposal = proposals.get(alert.quota_id)
    return latest


def settlement_list_part(*, with_deliveries: bool) -> dict:
    """The current published version, the next one on its way, and (for those who may see them)
    the current version's deliveries by state."""
    current = published_lists().first()
    part = {"current": current, "upcoming": latest_unpublished_list(), "deliveries": None}
    if current is not None and with_deliveries:
        counts = delivery_counts(current.pk)
        order = [
            ("sent", Delivery.Status.SENT),
            ("pending", Delivery.Status.PENDING),
            ("failed", Delivery.Status.FAILED),
        ]
        segments = [(css, capfirst(status.label), counts[status]) for css, status in order]
        part["deliveries"] = {
            "counts": {css: count for css, _label, count in segments},
            "total": sum(counts.values()),
            "chart": charts.status_bar(
                segments, title=_("Deliveries of version %(version)s") % {"version": current.version}
            ),
        }
    return part


def alerts_part() -> Part:
    """Open outflow alerts (rules p.6), newest period first, with their measure plans' progress."""
    alerts = open_alerts_with_progress()
    return Part(rows=list(alerts[:ALERTS_SHOWN]), count=alerts.count())


def proposals_part(user) -> Part:
    """Proposals that wait for this user's step: approval by the head, sending or a decision by staff."""
    waiting = proposals_waiting_for(user)
    return Part(rows=list(waiting[:PROPOSALS_SHOWN]), count=waiting.count())
