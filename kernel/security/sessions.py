"""Expiry of a logged-in session: after ``SESSION_IDLE_SECONDS`` without a request, and at the
latest ``SESSION_COOKIE_AGE`` after login (one working day), however busy the session is.

Django alone gives neither: its database session's expiry moves forward whenever the session is
saved, and the cookie dies only when the browser closes. Both times are kept in the session
itself (in the database), so every web process agrees on them.
"""

import math
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

LAST_SEEN_KEY = "_portal_last_seen"
STARTED_KEY = "_portal_started"
# The last-seen time is written at most this often, so that not every request saves the session.
TOUCH_EVERY_SECONDS = 60

IDLE_MESSAGE = ngettext_lazy(
    "You were logged out after %(minutes)d minute without activity. Please log in again.",
    "You were logged out after %(minutes)d minutes without activity. Please log in again.",
    "minutes",
)
AGE_MESSAGE = _("Your working session has ended. Please log in again.")


def session_start(request, *, now: float | None = None) -> None:
    """A new login: both clocks start now (also when the same user logs in again)."""
    now = int(time.time() if now is None else now)
    request.session[STARTED_KEY] = now
    request.session[LAST_SEEN_KEY] = now


def session_expiry_check(request, *, now: float | None = None) -> bool:
    """Log the user out if their session has been idle or alive too long; returns whether it ended.

    Called for every request of a session-authenticated user (``SessionExpiryMiddleware``).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    session = request.session
    now = int(time.time() if now is None else now)
    started = session.get(STARTED_KEY)
    last_seen = session.get(LAST_SEEN_KEY)
    message: str | Promise | None = None
    if last_seen is not None and now - last_seen > settings.SESSION_IDLE_SECONDS:
        message = IDLE_MESSAGE % {"minutes": max(1, math.ceil(settings.SESSION_IDLE_SECONDS / 60))}
    elif started is not None and now - started > settings.SESSION_COOKIE_AGE:
        message = AGE_MESSAGE
    if message is not None:
        logout(request)  # flushes the session and sends user_logged_out
        messages.info(request, str(message))
        return True
    if started is None:
        session[STARTED_KEY] = now
    if last_seen is None or now - last_seen >= TOUCH_EVERY_SECONDS:
        session[LAST_SEEN_KEY] = now
    return False
