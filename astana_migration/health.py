"""``GET /health/``: is the database reachable, and Redis where one is configured.

200 when both are, else 503 naming what is down (``"down": ["redis"]``). Each check gives up within
about a second (``REDIS_CONNECT_TIMEOUT`` / ``REDIS_SOCKET_TIMEOUT``), so a load balancer's probe
gets its answer even from a hung Redis."""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from astana_migration.tasks import HEARTBEAT_KEY
from kernel.shared_cache import cache_call


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return f"error: {type(exc).__name__}"
    return "ok"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
            socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # noqa: BLE001
        return f"error: {type(exc).__name__}"
    return "ok"


def _worker() -> str:
    """When the last Celery heartbeat was seen (information only: a quiet worker is not an outage)."""
    seen = cache_call("get", HEARTBEAT_KEY, default=False)
    if seen is False:
        return "unknown"  # the cache is unreachable
    return seen or "not seen"


@never_cache
@require_GET
def health(request):
    checks = {"database": _database(), "redis": _redis()}
    down = [name for name, value in checks.items() if value.startswith("error")]
    healthy = not down
    body = {"status": "ok" if healthy else "unavailable", "checks": checks, "worker_heartbeat": _worker()}
    if down:
        body["down"] = down  # e.g. ["redis"]: the cache, the job queue and results are unreachable
    return JsonResponse(body, status=200 if healthy else 503)
