"""E-mail to department staff and the head when an outflow alert is raised (rules p.6).

Staff read Kazakh or Russian: one message carries both, Kazakh first.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from kernel.accounts.roles import staff_and_head_emails
from kernel.mail import send_in_kazakh_and_russian
from monitoring.models import OutflowAlert


def _n(number):
    return int(number) if number == int(number) else number


def _text(alert: OutflowAlert) -> tuple[str, str]:
    where = alert.district.name if alert.district_id else _("Astana (whole city)")
    subject = _("Outflow alert: %(where)s, %(period)s") % {"where": where, "period": alert.period}
    body = _(
        "In %(period)s the population outflow of %(where)s (%(outflow)s persons: emigration %(emigration)s, "
        "departures to other regions %(internal)s) exceeded its natural increase (%(natural)s persons).\n"
        "Under rules p.6 a measure plan has been opened: attracting qualified labour, social adaptation, "
        "training and retraining of kandases, young people first. Assign owners and dates in the portal:\n%(url)s"
    ) % {
        "period": alert.period,
        "where": where,
        "outflow": _n(alert.outflow),
        "emigration": _n(alert.emigration),
        "internal": _n(alert.internal_outflow),
        "natural": _n(alert.natural_increase),
        "url": reverse("admin:monitoring_outflowalert_change", args=[alert.pk]),
    }
    return subject, body


def outflow_alert_notify(*, alert: OutflowAlert) -> int:
    """Send the alert to every active staff member and the head who has an e-mail address."""
    return send_in_kazakh_and_russian(lambda: _text(alert), staff_and_head_emails())
