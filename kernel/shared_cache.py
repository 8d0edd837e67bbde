"""Reading and writing the shared cache (Redis) where an outage must cost speed, never the answer.

``cache_call`` returns a default when the cache is unreachable; ``cache_try`` raises
``CacheUnavailable`` so the caller can fall back to something else (the login lockout counts in the
database). The first failure of an outage is logged as a warning, the following ones only at debug
level until the cache answers again (then one info line), so a dead Redis does not flood the log.
"""

import logging
import threading

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What an unreachable or hung Redis raises out of Django's cache (redis-py's errors, sockets').
CACHE_ERRORS = (RedisError, OSError)


class CacheUnavailable(Exception):
    pass


_state = {"down": False}
_lock = threading.Lock()


def _failed(method: str, exc: Exception) -> None:
    with _lock:
        first, _state["down"] = not _state["down"], True
    if first:
        logger.warning("shared cache unreachable (%s on %s): going on without it", type(exc).__name__, method)
    else:
        logger.debug("shared cache still unreachable (%s on %s)", type(exc).__name__, method)


def _answered() -> None:
    if _state["down"]:
        with _lock:
            was, _state["down"] = _state["down"], False
        if was:
            logger.info("shared cache reachable again")


def cache_try(method: str, *args):
    """``cache.<method>(*args)``; ``CacheUnavailable`` when the cache cannot be reached."""
    try:
        result = getattr(cache, method)(*args)
    except CACHE_ERRORS as exc:
        _failed(method, exc)
        raise CacheUnavailable(type(exc).__name__) from exc
    _answered()
    return result


def cache_call(method: str, *args, default=None):
    """``cache.<method>(*args)``, or ``default`` when the cache cannot be reached."""
    try:
        return cache_try(method, *args)
    except CacheUnavailable:
        return default
