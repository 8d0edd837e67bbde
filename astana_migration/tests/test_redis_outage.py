"""Redis down (cache, broker and result backend): nothing hangs on it, every action still answers.

The tests run their own ``redis-server`` (conftest ``portal_redis``) and stop it for the outage.
"""

import io
import socket
import time
from datetime import timedelta

import pytest
import redis
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from kernel.jobs import enqueue
from kernel.security.forms import LOCKED_OUT_MESSAGE
from kernel.security.lockout import lockout_minutes, login_is_locked
from monitoring.tasks import build_report


def test_an_enqueue_gives_up_within_seconds_when_redis_is_down(portal_redis):
    portal_redis.stop()
    started = time.monotonic()
    assert not enqueue(build_report, 0)
    # Celery's defaults retried the result backend for ~20 s before its RuntimeError escaped.
    assert time.monotonic() - started < 5
    portal_redis.start()
    assert enqueue(build_report, 0)


@pytest.fixture
def silent_redis(settings):
    """A Redis address that accepts connections and never answers (a hung server, a lost packet)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}
        yield url


def test_the_cache_gives_up_within_seconds_on_a_server_that_does_not_answer(silent_redis):
    started = time.monotonic()
    with pytest.raises(redis.RedisError):
        cache.get("anything")
    assert time.monotonic() - started < 3


# --- The login lockout counts in the database while the cache is down -------------------------------

PASSWORD = "test-password-123"  # conftest's password for every role user


def _login(client, username, password, address="10.1.1.1"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _shows_lock(response) -> bool:
    with translation.override("kk"):
        return str(LOCKED_OUT_MESSAGE % {"minutes": lockout_minutes()}) in response.content.decode()


def test_with_redis_down_logging_in_works_and_wrong_passwords_still_lock(
    client, staff_user, head_user, portal_redis, caplog
):
    portal_redis.stop()
    assert _login(client, "staff", PASSWORD).status_code == 302  # was a 500: the counters were unreadable
    client.logout()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        response = _login(client, "staff", "wrong password")
        assert response.status_code == 200
        assert not _shows_lock(response)
    assert _shows_lock(_login(client, "staff", "wrong password"))
    assert _shows_lock(_login(client, "staff", PASSWORD, address="10.9.9.9"))
    assert "counted in the database" in caplog.text
    # Not everyone is locked out: another user, from another address, logs in.
    assert _login(Client(), "head", PASSWORD, address="10.5.5.5").status_code == 302

    # Redis is back (empty, as after a crash): the failures counted meanwhile still hold.
    portal_redis.start()
    assert login_is_locked(username="staff", address=None)
    call_command("unlock_login", username="staff", stdout=io.StringIO())
    assert _login(client, "staff", PASSWORD, address="10.9.9.9").status_code == 302


def test_failures_counted_while_redis_was_down_cool_off(client, staff_user, portal_redis, settings):
    portal_redis.stop()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "staff", "wrong password")
    assert login_is_locked(username="staff", address=None)
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.LOGIN_COOLOFF_SECONDS + 1)):
        assert not login_is_locked(username="staff", address=None)
        assert _login(client, "staff", PASSWORD).status_code == 302


# --- Commands ---------------------------------------------------------------------------------------


def test_load_demo_data_finishes_without_traceback_with_redis_down(
    reference_data, settings, portal_redis, django_capture_on_commit_callbacks
):
    from settlements.models import Delivery, SettlementList

    settings.ALLOW_DEMO_DATA = True
    portal_redis.stop()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", "--settlements", "20", "--registrations", "0", stdout=out)
    assert "Demo users" in out.getvalue()
    published = SettlementList.objects.get(status="published")
    # The deliveries wait for the sweep (the broker refused them), nothing was lost.
    waiting = Delivery.objects.filter(settlement_list=published, status="pending", enqueued_at__isnull=True)
    assert waiting.count() == published.deliveries.count() > 0


# --- /health/ -----------------------------------------------------------------------------------------


def test_health_answers_503_naming_redis_when_it_is_stopped(client, db, portal_redis):
    assert client.get("/health/").status_code == 200
    portal_redis.stop()
    started = time.monotonic()
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["redis"]
    assert body["checks"]["database"] == "ok"
    assert body["worker_heartbeat"] == "unknown"
    assert time.monotonic() - started < 3


def test_health_answers_503_within_seconds_when_redis_hangs(client, db, settings, silent_redis):
    settings.REDIS_URL = silent_redis
    started = time.monotonic()
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["down"] == ["redis"]
    # The ping and the heartbeat read each give up after about a second (was 2 s, and no limit at all
    # for the cache read).
    assert time.monotonic() - started < 3
