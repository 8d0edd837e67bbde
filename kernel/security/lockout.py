"""Lockout after repeated failed logins, per username and per client address, with a cool-off.

The counters live in the shared cache (Redis in every real deployment), never in process memory:
several web processes answer the same users, and a lockout seen by one must hold in all of them.
Each failure counts against the username (``LOGIN_FAILURE_LIMIT``) and against the client address
(``LOGIN_ADDRESS_FAILURE_LIMIT``, higher, because an office's staff share one NAT address). A
counter expires ``LOGIN_COOLOFF_SECONDS`` after its last failure, so a lock lifts by itself that
long after the last attempt. Attempts refused while locked are audited but not counted, so a
locked user is not kept locked by their own retries.

Usernames are counted whether or not such an account exists, so the lock reveals nothing about
which usernames are real. Cache keys hold a hash of the username, never the username itself
(a username may be an IIN).

When the cache is unreachable, a failure is counted in the database instead
(``LoginFailureCount``, same keys, same cool-off) and a warning says so; the counts a lock
looks at are always the cache's plus the database's, so failures counted during an outage still
hold once Redis is back. Logging in therefore neither fails nor goes unlimited while Redis is down.
"""

import hashlib
import logging
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kernel.accounts.models import LoginFailureCount
from kernel.audit.services import audit_record
from kernel.logging import mask_iins
from kernel.shared_cache import CacheUnavailable, cache_call, cache_try

logger = logging.getLogger(__name__)

_PREFIX = "security:login-failures"


def _key(kind: str, value: str) -> str:
    return f"{_PREFIX}:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _username_key(username: str) -> str:
    # Case and surrounding blanks do not make a new account name for counting purposes.
    return _key("username", username.strip().casefold())


def _address_key(address: str) -> str:
    return _key("address", address)


def masked_username(username: str) -> str:
    """The username as the audit trail shows it: an IIN-like run of digits is masked."""
    return mask_iins(username.strip())[:150] or "?"


@dataclass(frozen=True)
class LockoutState:
    username_failures: int
    address_failures: int

    @property
    def locked(self) -> bool:
        return (
            self.username_failures >= settings.LOGIN_FAILURE_LIMIT
            or self.address_failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
        )


def login_lockout_state(*, username: str | None, address: str | None) -> LockoutState:
    """How many recent failures count against this username and this address."""
    keys = {}
    if username:
        keys["username"] = _username_key(username)
    if address:
        keys["address"] = _address_key(address)
    if not keys:
        return LockoutState(username_failures=0, address_failures=0)
    found = cache_call("get_many", list(keys.values()), default={})
    counted = _database_counts(list(keys.values()))

    def failures(kind):
        key = keys.get(kind)
        return int(found.get(key, 0) or 0) + counted.get(key, 0) if key else 0

    return LockoutState(username_failures=failures("username"), address_failures=failures("address"))


def _cooloff_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_COOLOFF_SECONDS)


def _database_counts(keys: list[str]) -> dict[str, int]:
    """Failures counted in the database (during a cache outage) that have not cooled off."""
    rows = LoginFailureCount.objects.filter(key__in=keys, last_failure_at__gt=_cooloff_start())
    return dict(rows.values_list("key", "failures"))


def login_is_locked(*, username: str | None, address: str | None) -> bool:
    return login_lockout_state(username=username, address=address).locked


def lockout_minutes() -> int:
    """The cool-off in whole minutes (rounded up), as the login page states it."""
    return max(1, math.ceil(settings.LOGIN_COOLOFF_SECONDS / 60))


def _bump(key: str) -> None:
    """Add one failure to ``key``; the counter then expires one cool-off after this failure.
    In the cache; in the database when the cache is unreachable."""
    timeout = settings.LOGIN_COOLOFF_SECONDS
    try:
        cache_try("add", key, 0, timeout)
        try:
            cache_try("incr", key)
        except ValueError:  # expired between add and incr
            cache_try("set", key, 1, timeout)
        cache_try("touch", key, timeout)
    except CacheUnavailable as exc:
        logger.warning("login lockout: the shared cache is unreachable (%s); failed login counted in the database", exc)
        _database_bump(key)


@transaction.atomic
def _database_bump(key: str) -> None:
    now = timezone.now()
    # Cooled-off counters (this one included) are dropped: a count restarts after the cool-off.
    LoginFailureCount.objects.filter(last_failure_at__lte=_cooloff_start()).delete()
    row, created = LoginFailureCount.objects.select_for_update().get_or_create(
        key=key, defaults={"failures": 1, "last_failure_at": now}
    )
    if not created:
        LoginFailureCount.objects.filter(pk=row.pk).update(failures=F("failures") + 1, last_failure_at=now)


def _forget(keys: list[str]) -> None:
    cache_call("delete_many", keys)
    LoginFailureCount.objects.filter(key__in=keys).delete()


def login_failure_register(*, username: str | None, address: str | None, reason: str = "") -> bool:
    """Count a failed login and audit it; returns whether logging in is now locked.

    A failure that crosses a limit is audited a second time, as the lockout (``denied``).
    """
    username = username or ""
    where = f"from {address}" if address else "from an unknown address"
    before = login_lockout_state(username=username, address=address)
    if before.locked:
        audit_record(by=masked_username(username), action="login_failed", note=f"refused while locked out, {where}")
        return True
    if username:
        _bump(_username_key(username))
    if address:
        _bump(_address_key(address))
    note = f"{reason}, {where}" if reason else where
    audit_record(by=masked_username(username), action="login_failed", note=note)
    after = login_lockout_state(username=username, address=address)
    username_failures, address_failures = after.username_failures, after.address_failures
    if after.locked:
        which = (
            "username"
            if username_failures >= settings.LOGIN_FAILURE_LIMIT
            else f"address {address}"  # the address limit was reached, spread over usernames
        )
        audit_record(
            by=masked_username(username),
            action="denied",
            note=(
                f"login locked out for {settings.LOGIN_COOLOFF_SECONDS} s: {which} reached its limit of failed "
                f"attempts ({username_failures} for the username, {address_failures} {where})"
            ),
        )
    return after.locked


def login_success_register(*, user, address: str | None) -> None:
    """A successful login: audit it and forget the username's failures.

    The address's failures stay: a password sprayer who also owns an account must not be able to
    reset the address counter by logging in to it.
    """
    _forget([_username_key(user.get_username())])
    audit_record(by=user, action="login", note=f"from {address}" if address else "")


def login_lockout_clear(*, username: str | None = None, address: str | None = None, by=None) -> None:
    """Lift a lock before its cool-off ends (an operator's ``unlock_login``); audited."""
    keys = []
    if username:
        keys.append(_username_key(username))
    if address:
        keys.append(_address_key(address))
    if not keys:
        raise ValueError("name a username, an address or both")
    _forget(keys)
    what = " and ".join(filter(None, [f"username {masked_username(username)}" if username else "", address or ""]))
    audit_record(by=by, action="update", note=f"login lock lifted for {what}")
