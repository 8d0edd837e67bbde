"""Roles, demo accounts and machine API keys."""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from kernel.accounts.actors import actor_user
from kernel.accounts.models import ApiKey
from kernel.accounts.roles import ROLES, role_permissions
from kernel.audit.services import audit_record

API_KEY_PREFIX_LENGTH = 8


@transaction.atomic
def roles_sync() -> list[str]:
    """Create the role groups and set exactly the permissions the apps declare."""
    for role, names in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for name in sorted(names):
            app_label, codename = name.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is None:
                raise ImproperlyConfigured(f"Role {role} names a permission that does not exist: {name}")
            perms.append(perm)
        group.permissions.set(perms)
    return list(ROLES)


def hash_api_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_key_create(*, code: str, scope: str = ApiKey.Scope.SETTLEMENTS, by=None) -> tuple[ApiKey, str]:
    """A new key for client ``code``. The raw key is returned once and only its hash is kept."""
    if scope not in ApiKey.Scope.values:
        raise ValueError(f"unknown scope {scope!r}")
    raw = secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        code=code,
        scope=scope,
        prefix=raw[:API_KEY_PREFIX_LENGTH],
        key_hash=hash_api_key(raw),
        created_by=actor_user(by),
    )
    audit_record(by=by, action="create", target=key, changes={"scope": [None, scope]})
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: ApiKey, by) -> ApiKey:
    """Revoke a key; revoking twice is harmless."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit_record(by=by, action="update", target=key, changes={"revoked_at": [None, key.revoked_at.isoformat()]})
    return key


def api_key_authenticate(raw: str) -> ApiKey | None:
    """The active key for ``raw``, or None. Last use is written at most once a minute."""
    key = ApiKey.objects.filter(key_hash=hash_api_key(raw), revoked_at__isnull=True).first()
    if key is not None:
        now = timezone.now()
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


DEMO_USERS = {
    # username: (role, password) -- demo accounts for `make run` only, never in production.
    "staff": ("department_staff", "staff-demo-2026"),
    "head": ("department_head", "head-demo-2026"),
    "analyst": ("analyst", "analyst-demo-2026"),
    "mobility": ("mobility_centre", "mobility-demo-2026"),
}


@transaction.atomic
def demo_users_create() -> dict[str, str]:
    """One user per role with a known password; returns {username: password}."""
    User = get_user_model()
    for username, (role, password) in DEMO_USERS.items():
        user, _ = User.objects.get_or_create(username=username)
        user.is_staff = role != "mobility_centre"
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
    return {username: password for username, (_, password) in DEMO_USERS.items()}


@transaction.atomic
def demo_api_key_ensure(*, code: str, path, scope: str = ApiKey.Scope.SETTLEMENTS) -> str:
    """The one demo key of client ``code``, kept in the file ``path`` (demo only, never production).

    A rerun of ``make run`` reuses the key in the file while it still works, so the ``curl`` line a
    newcomer pasted keeps working; otherwise a new key is minted and written there. Every other
    active key of ``code`` is revoked, so exactly one demo key stands.
    """
    raw = path.read_text(encoding="ascii").strip() if path.exists() else ""
    key = ApiKey.objects.select_for_update().filter(key_hash=hash_api_key(raw), revoked_at__isnull=True).first()
    if key is None or key.code != code or key.scope != scope:
        key, raw = api_key_create(code=code, scope=scope, by=None)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(raw + "\n", encoding="ascii")
    for other in ApiKey.objects.filter(code=code, revoked_at__isnull=True).exclude(pk=key.pk):
        api_key_revoke(key=other, by=None)
    return raw
