"""The authentication backend: Django's ``ModelBackend`` behind the lockout.

Why a backend wrapper (and not only the admin login form): every password check in the portal goes
through ``django.contrib.auth.authenticate`` and so through this backend — the admin login today,
any other login view or API password authentication tomorrow. A locked username or address is
refused here before its password is even looked at, so a locked account cannot be probed.
Refusing raises ``PermissionDenied``, which makes ``authenticate`` stop and send
``user_login_failed``; counting and auditing happen in that signal's receiver (``signals``), and
the admin's login form (``forms``) turns the refusal into a clear message.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from kernel.security.client import client_address
from kernel.security.lockout import login_is_locked


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is not None and login_is_locked(username=username, address=client_address(request)):
            raise PermissionDenied("login locked out")
        return super().authenticate(request, username=username, password=password, **kwargs)
