"""E-mail the portal writes itself to department staff, who read Kazakh or Russian: one message
carrying both, Kazakh first (outflow alerts, quota fill alerts)."""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation

LANGUAGES = ("kk", "ru")


def send_in_kazakh_and_russian(text: Callable[[], tuple[str, str]], recipients: list[str]) -> int:
    """Send ``text()`` — ``(subject, body)`` in the active language — written in each of
    ``LANGUAGES`` as one message to ``recipients``. Returns how many were addressed."""
    if not recipients:
        return 0
    parts = []
    for language in LANGUAGES:
        with translation.override(language):
            parts.append(text())
    subject = " / ".join(dict.fromkeys(subject for subject, _body in parts))
    send_mail(subject, "\n\n---\n\n".join(body for _subject, body in parts), settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
