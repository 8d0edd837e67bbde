"""Redis down (cache, broker and result backend): nothing hangs on it, every action still answers.

The tests run their own ``redis-server`` (conftest ``portal_redis``) and stop it for the outage.
"""

import socket
import time

import pytest
import redis
from django.core.cache import cache

from astana_migration.jobs import enqueue
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
