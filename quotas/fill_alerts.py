"""Alerts that lead to action (issue 15): when a quota's fill turns ``behind`` or ``at_risk``, staff
and the head are told once per change, by e-mail in Kazakh and Russian and on the start page.

``quota_fill_check`` runs daily (the beat schedule): it computes the fill of the year's family
quotas, records each quota's new status with a conditional UPDATE (the database decides: two
checks at once raise one alert), and writes an alert row — the e-mail's outbox — whose sending is
enqueued after commit. ``quota_fill_alert_sweep`` enqueues what the broker refused.
"""

import datetime
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kernel.jobs import enqueue_on_commit
from quotas.fill import quotas_fill
from quotas.models import Quota, QuotaFillAlert

ALERTING = {QuotaFillAlert.Status.BEHIND, QuotaFillAlert.Status.AT_RISK}
REENQUEUE_AFTER = timedelta(minutes=10)


def _notify_on_commit(alert_id: int) -> None:
    from quotas.tasks import notify_quota_fill_alert

    QuotaFillAlert.objects.filter(pk=alert_id).update(notify_enqueued_at=timezone.now())
    enqueue_on_commit(
        notify_quota_fill_alert,
        alert_id,
        on_refused=lambda: QuotaFillAlert.objects.filter(pk=alert_id).update(notify_enqueued_at=None),
    )


def quota_fill_check(*, today: datetime.date) -> list[QuotaFillAlert]:
    """Record the fill status of the open family quotas covering ``today``'s year; raise an alert
    for each that turned ``behind`` or ``at_risk``. Returns the alerts raised."""
    quotas = Quota.objects.filter(
        kind__in=Quota.FAMILY_KINDS, period_start__lte=today.year, period_end__gte=today.year
    ).select_related("region", "district")
    raised = []
    for fill in quotas_fill(quotas, today=today):
        quota, before = fill.quota, fill.quota.fill_status
        if fill.status == before:
            continue
        with transaction.atomic():
            if not Quota.objects.filter(pk=quota.pk, fill_status=before).update(fill_status=fill.status):
                continue  # another check recorded this change first
            if fill.status not in ALERTING:
                continue
            alert = QuotaFillAlert.objects.create(
                quota=quota,
                status=fill.status,
                previous_status=before,
                raised_on=today,
                used_persons=fill.used_persons,
                expected_persons=fill.expected_persons_by_now,
                projected_persons=fill.projected_persons_at_period_end,
                projected_low=fill.projected_low,
                projected_high=fill.projected_high,
            )
            _notify_on_commit(alert.pk)
            raised.append(alert)
    return raised


def quota_fill_alert_notify_once(*, alert_id: int) -> int:
    """E-mail staff and the head about an alert, once (the row is locked while the mail goes out
    and marked in the same transaction). Returns the number of recipients."""
    from quotas.notifications import quota_fill_alert_notify

    with transaction.atomic():
        alert = (
            QuotaFillAlert.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("quota", "quota__region", "quota__district")
            .filter(pk=alert_id, notified_at__isnull=True)
            .first()
        )
        if alert is None:
            return 0
        sent = quota_fill_alert_notify(alert=alert)
        QuotaFillAlert.objects.filter(pk=alert.pk).update(notified_at=timezone.now())
    return sent


def quota_fill_alert_sweep(*, now=None) -> int:
    """Enqueue the e-mails of alerts not yet told whose enqueue was refused or is long past."""
    now = now or timezone.now()
    due = list(
        QuotaFillAlert.objects.filter(notified_at__isnull=True)
        .exclude(notify_enqueued_at__gt=now - REENQUEUE_AFTER)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for pk in due:
            _notify_on_commit(pk)
    return len(due)


def open_fill_alerts(*, today: datetime.date):
    """The alerts of quotas still in the status they were raised for (the start page's list)."""
    latest = QuotaFillAlert.objects.filter(status=F("quota__fill_status"), raised_on__year=today.year)
    return latest.select_related("quota", "quota__region", "quota__district").order_by("quota_id", "-raised_on")
