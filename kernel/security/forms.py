"""The admin's login form: Django's, with the lockout's message when logging in is locked."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext_lazy

from kernel.audit.services import audit_record
from kernel.security.client import client_address
from kernel.security.lockout import lockout_minutes, login_is_locked, masked_username

# The same words whether or not the username exists: the lock must not tell which accounts are real.
LOCKED_OUT_MESSAGE = ngettext_lazy(
    "Too many failed login attempts. Logging in is blocked for %(minutes)d minute; "
    "try again later or ask the portal administrator.",
    "Too many failed login attempts. Logging in is blocked for %(minutes)d minutes; "
    "try again later or ask the portal administrator.",
    "minutes",
)


class PortalAuthenticationForm(AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "locked_out": LOCKED_OUT_MESSAGE}

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            username = self.cleaned_data.get("username")
            if username and login_is_locked(username=username, address=client_address(self.request)):
                raise ValidationError(
                    self.error_messages["locked_out"], code="locked_out", params={"minutes": lockout_minutes()}
                ) from None
            raise

    def confirm_login_allowed(self, user):
        try:
            super().confirm_login_allowed(user)
        except ValidationError:
            # The right password of an account that may not use the admin (inactive, or an API-only
            # mobility-centre account): no brute force, so not counted, but the security officer sees it.
            audit_record(
                by=masked_username(user.get_username()),
                action="login_failed",
                note=f"not allowed into the admin, from {client_address(self.request) or 'an unknown address'}",
            )
            raise
