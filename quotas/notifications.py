"""E-mail to department staff and the head when a quota's fill turns behind or at risk (issue 15).
One message in Kazakh and Russian, Kazakh first, as the outflow alerts are sent."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kernel.accounts.roles import staff_and_head_emails
from kernel.mail import send_in_kazakh_and_russian
from kernel.numbers import count_text
from quotas.models import QuotaFillAlert


def _text(alert: QuotaFillAlert) -> tuple[str, str]:
    quota = alert.quota
    subject = _("Quota fill: %(quota)s — %(status)s") % {"quota": quota, "status": alert.get_status_display()}
    if alert.status == QuotaFillAlert.Status.AT_RISK:
        advice = _(
            "At this pace the places run out before the period ends: consider proposing an increase (rules p.4)."
        )
    else:
        advice = _("At this pace the quota will not be filled: consider a decrease or measures (rules p.4, p.6).")
    body = _(
        "%(quota)s: %(used)s of %(limit)s persons admitted by %(day)s; the plan expected %(expected)s. At the pace "
        "of the last 90 days the period ends with %(projected)s persons (between %(low)s and %(high)s).\n%(advice)s\n"
        "%(url)s"
    ) % {
        "quota": quota,
        "used": count_text(alert.used_persons),
        "limit": count_text(quota.limit_persons),
        "day": alert.raised_on.strftime("%d.%m.%Y"),
        "expected": count_text(alert.expected_persons),
        "projected": count_text(alert.projected_persons),
        "low": count_text(alert.projected_low),
        "high": count_text(alert.projected_high),
        "advice": advice,
        "url": reverse("admin:quotas_quota_change", args=[quota.pk]),
    }
    return subject, body


def quota_fill_alert_notify(*, alert: QuotaFillAlert) -> int:
    return send_in_kazakh_and_russian(lambda: _text(alert), staff_and_head_emails())
