"""Receivers of Django's login signals: count and audit failures, audit successful logins.

Connected in ``PortalConfig.ready``. ``user_login_failed`` carries the credentials with the
password already replaced by stars (Django's ``_clean_credentials``); only the username is read.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from kernel.security.client import client_address
from kernel.security.lockout import login_failure_register, login_success_register
from kernel.security.sessions import session_start


@receiver(user_login_failed, dispatch_uid="security.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD) or ""
    login_failure_register(username=str(username), address=client_address(request), reason="wrong credentials")


@receiver(user_logged_in, dispatch_uid="security.logged_in")
def on_logged_in(sender, request, user, **kwargs):
    login_success_register(user=user, address=client_address(request))
    if request is not None and hasattr(request, "session"):
        session_start(request)
