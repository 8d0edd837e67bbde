import time

import pytest
from django.core.cache import cache

from astana_migration.tasks import HEARTBEAT_KEY, heartbeat


@pytest.mark.worker
def test_a_real_worker_runs_a_task_through_redis(celery_worker_real):
    cache.delete(HEARTBEAT_KEY)
    result = heartbeat.delay()
    # The task went to Redis, not through eager mode, and a worker thread picked it up.
    assert result.backend.__class__.__name__ == "RedisBackend"
    deadline = time.monotonic() + 20
    while cache.get(HEARTBEAT_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cache.get(HEARTBEAT_KEY) is not None
