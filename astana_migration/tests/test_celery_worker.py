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


def test_every_periodic_job_is_in_the_one_beat_schedule_and_is_a_known_task():
    from django.conf import settings

    from astana_migration.celery import app

    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE
    assert set(settings.CELERY_BEAT_SCHEDULE) == {
        "portal-heartbeat",
        "settlements-sweep-deliveries",
        "monitoring-sweep",
        "registration-sweep-imports",
        "quotas-fill-check",
        "quotas-sweep",
        "monitoring-recompute-indicators",
        "proposals-suggest",
    }
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
