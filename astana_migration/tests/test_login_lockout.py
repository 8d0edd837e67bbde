"""Lockout after repeated failed admin logins, and the audit of logins (kernel/security)."""

import io
import time

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from kernel.audit.models import AuditEntry
from kernel.security.forms import LOCKED_OUT_MESSAGE
from kernel.security.lockout import lockout_minutes, login_is_locked

PASSWORD = "test-password-123"  # conftest's password for every role user


def _login(client, username, password, address="10.1.1.1"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _lock_message():
    with translation.override("kk"):
        return str(LOCKED_OUT_MESSAGE % {"minutes": lockout_minutes()})


def _shows_lock(response) -> bool:
    return _lock_message() in response.content.decode()


def test_it_locks_a_username_after_the_limit_of_failures(client, staff_user):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        response = _login(client, "staff", "wrong password")
        assert response.status_code == 200
        assert not _shows_lock(response)
    response = _login(client, "staff", "wrong password")
    assert _shows_lock(response)
    # Locked means locked: the right password does not get in either, from another address too.
    response = _login(client, "staff", PASSWORD, address="10.9.9.9")
    assert _shows_lock(response)
    assert "_auth_user_id" not in client.session


def test_it_says_the_same_for_a_username_that_does_not_exist(client, staff_user):
    # The lock must not tell which accounts are real: an unknown name is counted and locked alike.
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = _login(client, "no-such-person", "whatever")
    assert _shows_lock(response)


def test_it_locks_an_address_that_tries_many_usernames(client, staff_user, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for name in ("alpha", "beta"):
        assert not _shows_lock(_login(client, name, "x", address="10.2.2.2"))
    assert _shows_lock(_login(client, "gamma", "x", address="10.2.2.2"))
    # Staff behind another address are not affected.
    response = _login(client, "staff", PASSWORD, address="10.3.3.3")
    assert response.status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, staff_user, settings):
    settings.LOGIN_COOLOFF_SECONDS = 1
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "staff", "wrong password")
    assert login_is_locked(username="staff", address=None)
    time.sleep(1.5)
    assert _login(client, "staff", PASSWORD).status_code == 302


def test_a_successful_login_forgets_the_usernames_failures(client, staff_user):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _login(client, "staff", "wrong password")
    assert _login(client, "staff", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        response = _login(client, "staff", "wrong password")
    assert not _shows_lock(response)


def test_it_counts_case_variants_of_a_username_together(client, staff_user):
    for name in ["Staff", "STAFF", " staff", "staff", "sTaff"][: settings.LOGIN_FAILURE_LIMIT]:
        _login(client, name, "wrong password")
    assert login_is_locked(username="staff", address=None)


def test_the_counters_live_in_redis_under_hashed_names(client, staff_user):
    # Several web processes share them; and a username (maybe an IIN) never appears in a key.
    _login(client, "900101300123", "wrong password")
    keys = [k.decode() for k in redis.Redis.from_url(settings.REDIS_URL).keys("*security:login-failures*")]
    assert len(keys) == 2  # the username's and the address's counter
    assert not any("900101300123" in k or "10.1.1.1" in k for k in keys)


def test_it_audits_logins_failures_and_the_lockout_without_the_password_or_the_iin(client, staff_user):
    assert _login(client, "staff", PASSWORD).status_code == 302
    login = AuditEntry.objects.get(action="login")
    assert login.actor == staff_user
    assert "10.1.1.1" in login.note
    client.logout()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "900101300123", "secret-guess-1")
    failures = AuditEntry.objects.filter(action="login_failed")
    assert failures.count() == settings.LOGIN_FAILURE_LIMIT
    assert {entry.actor_label for entry in failures} == {"9001******23"}
    lockout = AuditEntry.objects.get(action="denied")
    assert "locked out" in lockout.note
    for entry in AuditEntry.objects.all():
        text = f"{entry.actor_label} {entry.note} {entry.changes} {entry.object_repr}"
        assert "secret-guess-1" not in text
        assert "900101300123" not in text


def test_it_audits_a_refused_attempt_while_locked_without_extending_the_lock(client, staff_user):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "staff", "wrong password")
    _login(client, "staff", PASSWORD)
    assert AuditEntry.objects.filter(action="login_failed", note__startswith="refused while locked").count() == 1
    assert AuditEntry.objects.filter(action="denied").count() == 1


def test_it_refuses_and_audits_the_right_password_of_an_account_not_allowed_in_the_admin(client, mobility_user):
    response = _login(client, "mobility", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login_failed", note__startswith="not allowed into the admin").exists()


def test_unlock_login_lifts_the_lock_and_is_audited(client, staff_user):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "staff", "wrong password")
    call_command("unlock_login", "--username", "staff", stdout=io.StringIO())
    assert _login(client, "staff", PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="update", note__startswith="login lock lifted").exists()


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.5", "1.2.3.4", "10.0.0.5"),  # no proxy trusted: the header is the client's own word
        (1, "10.0.0.5", "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # our proxy appended the real peer last
        (2, "10.0.0.5", "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),
        (1, "10.0.0.5", "", "10.0.0.5"),  # not through the proxy
        (1, "10.0.0.5", "not-an-ip", "10.0.0.5"),
        (1, "10.0.1.7", "1.2.3.4", "10.0.1.7"),  # reached gunicorn directly, not through the proxy
        (1, "192.168.4.20", "6.6.6.6, 1.2.3.4", "192.168.4.20"),
    ],
)
def test_it_trusts_only_the_proxies_it_is_told_of(rf, settings, trusted, remote, forwarded, expected):
    from kernel.security.client import client_address

    settings.TRUSTED_PROXY_COUNT = trusted
    settings.TRUSTED_PROXY_ADDRESSES = ["10.0.0.5", "10.0.0.9/32"]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_by_default_only_a_proxy_on_this_host_is_trusted(rf, settings):
    from kernel.security.client import client_address

    settings.TRUSTED_PROXY_COUNT = 1
    assert settings.TRUSTED_PROXY_ADDRESSES == ["127.0.0.1", "::1"]
    through_proxy = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    direct = rf.get("/", REMOTE_ADDR="10.20.30.40", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(through_proxy) == "1.2.3.4"
    assert client_address(direct) == "10.20.30.40"


def test_it_refuses_a_lockout_limit_below_one():
    import os
    import subprocess
    import sys

    env = {**os.environ, "LOGIN_FAILURE_LIMIT": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "LOGIN_FAILURE_LIMIT must be at least 1" in result.stderr
