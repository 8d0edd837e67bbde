"""DRF permissions by role (session users) and by key scope (machine clients).

``RoleAccess.allow(read=..., write=...)`` builds a permission class: each set holds role names
and ``"key:<scope>"`` entries. Writes need a ``write`` entry; safe methods need either.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from kernel.accounts.authentication import ApiClient
from kernel.accounts.roles import user_roles


def _grants(user) -> set[str]:
    if isinstance(user, ApiClient):
        return {f"key:{user.scope}"}
    if getattr(user, "is_superuser", False):
        return {"*"}
    return user_roles(user)


class RoleAccess(BasePermission):
    read: frozenset[str] = frozenset()
    write: frozenset[str] = frozenset()

    @classmethod
    def allow(cls, *, read=(), write=()):
        write = frozenset(write)
        return type("RoleAccess", (cls,), {"read": frozenset(read) | write, "write": write})

    def has_permission(self, request, view):
        grants = _grants(request.user)
        if "*" in grants:
            return True
        wanted = self.read if request.method in SAFE_METHODS else self.write
        return bool(grants & wanted)
