"""API-key authentication for the settlement list endpoints, with a short per-process memory.

Hundreds of mobility-centre clients poll ``/api/v1/settlements/``; most answers are a 304. The
kernel's ``ApiKeyAuthentication`` looks the key up in PostgreSQL on every request, which costs
more than the whole 304. Here a successful lookup is remembered in the process for
``KEY_CACHE_SECONDS``: a revoked key stops working within that time in every process, and an
unknown or revoked key is never remembered (each attempt goes to the database).
"""

import hashlib
import threading
import time

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from kernel.accounts.authentication import ApiClient, ApiKeyAuthentication
from kernel.accounts.services import api_key_authenticate

KEY_CACHE_SECONDS = 5.0
KEY_CACHE_SIZE = 2048

_remembered: dict[str, tuple[float, object]] = {}
_lock = threading.Lock()


def remembered_key(raw: str):
    """The key for ``raw`` if this process authenticated it in the last few seconds, else None."""
    remembered = _remembered.get(hashlib.sha256(raw.encode()).hexdigest())
    if remembered is not None and remembered[0] > time.monotonic():
        return remembered[1]
    return None


def forget_keys() -> None:
    with _lock:
        _remembered.clear()


class CachedApiKeyAuthentication(ApiKeyAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        keyword, _sep, raw = header.partition(" ")
        if not header or keyword != self.keyword:
            return None
        raw = raw.strip()
        if not raw:
            raise exceptions.AuthenticationFailed(_("The API key is missing after 'Api-Key'."))
        digest = hashlib.sha256(raw.encode()).hexdigest()
        now = time.monotonic()
        remembered = _remembered.get(digest)
        if remembered is not None and remembered[0] > now:
            key = remembered[1]
        else:
            key = api_key_authenticate(raw)
            if key is None:
                raise exceptions.AuthenticationFailed(_("The API key is not valid or has been revoked."))
            with _lock:
                if len(_remembered) >= KEY_CACHE_SIZE:
                    _remembered.clear()
                _remembered[digest] = (now + KEY_CACHE_SECONDS, key)
        return ApiClient(key), key
