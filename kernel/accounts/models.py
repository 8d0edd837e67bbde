"""Machine API keys for labour mobility centres' and career centres' systems."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    class Scope(models.TextChoices):
        SETTLEMENTS = "settlements", _("settlement list (read)")
        STAFF = "staff", _("staff (quotas and admissions)")

    code = models.SlugField(_("client code"), max_length=64, help_text=_("The recipient's code, e.g. demo-mc."))
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.SETTLEMENTS)
    prefix = models.CharField(_("key prefix"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("created by")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.code} · {self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LoginFailureCount(models.Model):
    """Failed logins counted in the database while the shared cache (Redis) is unreachable
    (``kernel.security.lockout``): the lockout then still holds. The key is the cache
    key (a hash of the username or the address, never the username itself)."""

    key = models.CharField(max_length=120, primary_key=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("failed logins (counted while the cache was down)")
        verbose_name_plural = _("failed logins (counted while the cache was down)")

    def __str__(self):
        return f"{self.failures} × {self.key[-8:]}"
