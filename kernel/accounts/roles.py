"""The portal's roles, as Django groups with stable names (labels translated).

Each app states what its roles may do in ``<app>/roles.py`` as ``PERMISSIONS = {role: [
"app_label.codename", ...]}``; ``roles_sync`` (run by ``load_reference_data``) gathers them. The
department head holds everything department staff hold, plus their own.
"""

from importlib import import_module

from django.apps import apps
from django.utils.translation import gettext_lazy as _

DEPARTMENT_STAFF = "department_staff"
DEPARTMENT_HEAD = "department_head"
ANALYST = "analyst"
MOBILITY_CENTRE = "mobility_centre"

ROLES = {
    DEPARTMENT_STAFF: _("Department staff"),
    DEPARTMENT_HEAD: _("Department head"),
    ANALYST: _("Analyst"),
    MOBILITY_CENTRE: _("Labour mobility centre"),
}

# The kernel's own grants; apps add theirs in <app>/roles.py.
PERMISSIONS = {
    DEPARTMENT_STAFF: [
        "territory.view_region",
        "territory.view_district",
        "territory.view_ruraldistrict",
    ],
    DEPARTMENT_HEAD: [
        "audit.view_auditentry",
        "accounts.view_apikey",
        "accounts.add_apikey",
        "accounts.change_apikey",
    ],
    ANALYST: [
        "territory.view_region",
        "territory.view_district",
        "territory.view_ruraldistrict",
    ],
    MOBILITY_CENTRE: [],
}


def role_permissions() -> dict[str, set[str]]:
    """Every role's permission names, gathered from the kernel and every installed app."""
    grants: dict[str, set[str]] = {role: set(PERMISSIONS.get(role, [])) for role in ROLES}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.roles":
                raise
            continue
        if module.__name__ == __name__:
            continue
        for role, names in getattr(module, "PERMISSIONS", {}).items():
            grants[role].update(names)
    grants[DEPARTMENT_HEAD] |= grants[DEPARTMENT_STAFF]
    return grants


def user_roles(user) -> set[str]:
    """The role names of a user (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not hasattr(user, "groups"):
        return set()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._portal_roles = cached
    return cached


def user_has_role(user, *roles: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(user_roles(user) & set(roles))


def staff_and_head_emails() -> list[str]:
    """The e-mail addresses of every active staff member and the head: who is told of alerts."""
    from django.contrib.auth import get_user_model

    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[DEPARTMENT_STAFF, DEPARTMENT_HEAD])
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))
