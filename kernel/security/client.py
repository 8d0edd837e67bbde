"""The address a request comes from, as far as the portal can trust it."""

import functools
import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


@functools.lru_cache(maxsize=8)
def _networks(addresses: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(address, strict=False) for address in addresses)


def _is_trusted_proxy(address: str | None) -> bool:
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXY_ADDRESSES)))


def client_address(request) -> str | None:
    """The client's IP address.

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies that each append to ``X-Forwarded-For``, the
    client is the entry that many places from the right: entries further left were written by the
    client itself and can be forged. The header is read only when the direct peer is one of
    ``TRUSTED_PROXY_ADDRESSES``: a client that reaches the application server directly is known by
    its own address, whatever it writes. With no trusted proxy, ``REMOTE_ADDR`` is the client.
    """
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0 or not _is_trusted_proxy(remote):
        return remote
    forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(forwarded) < hops:
        # Not (or not fully) through our proxies: only the direct peer is known.
        return remote
    return _valid(forwarded[-hops]) or remote
