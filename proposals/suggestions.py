"""Drafts the system proposes for staff to review, from quota use and monitoring (rules p.4, p.6).

Two rules, each run idempotently (no second draft while an open proposal has the same target):
- a kandas or resettler quota of the current year that is near full (quotas/utilisation.py) gets a
  draft to increase, by ``INCREASE_SHARE`` of its limit, the quota that covers the coming year
  (the same territory's next quota, or this one if its period runs on); with no such quota the
  draft increases this year's quota and does not claim the coming year;
- a district of Astana with an open outflow alert (p.6: outflow above natural increase) that is
  not assigned for settlement gets a draft to assign it.
The system only drafts: a person submits, the head approves, a person sends.
"""

import math

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.numbers import count_text
from proposals.models import OPEN_STATUSES, Direction, Horizon, Kind, Proposal
from proposals.services import proposal_create
from quotas.fill import quotas_fill
from quotas.utilisation import is_near_full

INCREASE_SHARE = 0.1


def _coming_year_quota(quota, coming: int):
    """The quota of the same kind and territory that covers ``coming``, if the order set one."""
    from quotas.models import Quota

    return (
        Quota.objects.filter(
            kind=quota.kind,
            region_id=quota.region_id,
            district_id=quota.district_id,
            status="open",
            period_start__lte=coming,
            period_end__gte=coming,
        )
        .order_by("period_start")
        .first()
    )


def _quota_drafts(by, today) -> list[Proposal]:
    """For each nearly full quota of this year: increase the coming year's quota of the same kind
    and territory when one exists (or this one when its period runs on); otherwise increase this
    year's quota itself, and the proposal says so (no "coming year" on a quota that ends this year)."""
    from quotas.models import Quota

    year = today.year
    open_proposals = Proposal.objects.filter(status__in=OPEN_STATUSES, quota__isnull=False)
    busy = set(open_proposals.values_list("quota_id", flat=True))
    candidates = (
        Quota.objects.filter(
            kind__in=["kandas", "resettler"], status="open", period_start__lte=year, period_end__gte=year
        )
        .exclude(pk__in=busy)
        .select_related("region", "district")
    )
    drafts = []
    fills = {fill.quota.pk: fill for fill in quotas_fill(candidates, today=today)}
    for quota in candidates:
        if not quota.limit_persons:
            continue
        if not is_near_full(quota.used_persons, quota.limit_persons):
            draft = _fill_draft(fills[quota.pk], by=by, today=today)
            if draft is not None:
                busy.add(quota.pk)
                drafts.append(draft)
            continue
        target = quota if quota.period_end > year else _coming_year_quota(quota, year + 1)
        horizon = Horizon.COMING_YEAR
        if target is None:
            target, horizon = quota, ""
        if target.pk in busy:
            continue
        busy.add(target.pk)
        drafts.append(
            proposal_create(
                kind=Kind.REGIONAL,
                direction=Direction.INCREASE,
                quota=target,
                amount=max(1, math.ceil(INCREASE_SHARE * quota.limit_persons)),
                horizon=horizon,
                justification=_(
                    "%(territory)s has used %(used)s of %(limit)s places (%(share)s%%) of its quota for %(period)s."
                )
                % {
                    "territory": quota.territory_name,
                    "used": count_text(quota.used_persons),
                    "limit": count_text(quota.limit_persons),
                    "share": quota.utilisation,
                    "period": quota.period_label,
                },
                suggested=True,
                by=by,
                today=today,
            )
        )
    return drafts


def _fill_draft(fill, *, by, today) -> Proposal | None:
    """A quota whose fill is at risk gets a draft to increase it by what the projection exceeds;
    one that is behind, a draft to decrease it to what the projection's high end reaches. The fill
    figures are in the justification, and frozen into the evidence when it is submitted."""
    quota = fill.quota
    if fill.status == "at_risk":
        direction, amount = Direction.INCREASE, fill.projected_persons_at_period_end - quota.limit_persons
    elif fill.status == "behind":
        direction = Direction.DECREASE
        amount = quota.limit_persons - max(fill.projected_high, quota.used_persons)
    else:
        return None
    if amount <= 0:
        return None
    justification = _(
        "%(territory)s: %(used)s of %(limit)s places of its quota for %(period)s are used by %(day)s, against "
        "%(expected)s expected at an even pace; at the pace of the last 90 days the period ends with %(projected)s "
        "persons (between %(low)s and %(high)s)."
    ) % {
        "territory": quota.territory_name,
        "used": count_text(fill.used_persons),
        "limit": count_text(quota.limit_persons),
        "period": quota.period_label,
        "day": today.strftime("%d.%m.%Y"),
        "expected": count_text(fill.expected_persons_by_now),
        "projected": count_text(fill.projected_persons_at_period_end),
        "low": count_text(fill.projected_low),
        "high": count_text(fill.projected_high),
    }
    return proposal_create(
        kind=Kind.REGIONAL,
        direction=direction,
        quota=quota,
        amount=amount,
        justification=justification,
        suggested=True,
        by=by,
        today=today,
    )


def _territory_drafts(by) -> list[Proposal]:
    from monitoring.selectors import open_alerts

    busy = set(
        Proposal.objects.filter(status__in=OPEN_STATUSES, kind=Kind.TERRITORY).values_list("district_id", flat=True)
    )
    drafts = []
    for alert in open_alerts():
        district = alert.district
        if district is None or district.pk in busy or district.assigned_for_settlement:
            continue
        busy.add(district.pk)
        drafts.append(
            proposal_create(
                kind=Kind.TERRITORY,
                direction=Direction.ASSIGN,
                district=district,
                justification=_(
                    "In %(period)s the outflow (%(outflow)s) exceeded the natural increase (%(increase)s) "
                    "in this district (rules p.6)."
                )
                % {"period": alert.period, "outflow": alert.outflow, "increase": alert.natural_increase},
                suggested=True,
                by=by,
            )
        )
    return drafts


@transaction.atomic
def proposals_suggest(*, by=None, today=None) -> list[Proposal]:
    """Create the drafts the rules above call for (quotas of the year of ``today``, default the
    date in Astana now); returns the new ones."""
    return _quota_drafts(by, today or timezone.localdate()) + _territory_drafts(by)
