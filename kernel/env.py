"""Small typed readers of the environment that fail loudly on a bad value.

A setting with a typo (``DJANGO_DEBUG=ture``) must stop the process at start-up with a
message naming the variable, not quietly fall back to a default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str | None = None, schemes: tuple[str, ...] = ()) -> str | None:
    """A URL whose scheme must be one of ``schemes`` (when given)."""
    raw = os.environ.get(name, default)
    if not raw:
        return None
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if schemes and scheme not in schemes:
        raise ImproperlyConfigured(f"{name} must start with one of {', '.join(schemes)}://, got {scheme or raw!r}")
    return raw
