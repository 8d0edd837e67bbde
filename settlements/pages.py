"""Answering for a page of a published version's items: validators (``ETag``, ``Last-Modified``),
304s, and the rendered page served from its file (sendfile).

A page is identified by the version's checksum, the URL it was asked at and the normalised
query. That identity is worked out once per distinct request line and remembered in the process
(``page_identity``), so a polling client costs a dictionary lookup, not a parse and a hash.
"""

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils.http import http_date, parse_http_date_safe

from kernel.accounts.models import ApiKey
from settlements import selectors
from settlements.authentication import CachedApiKeyAuthentication, remembered_key

IDENTITIES_KEPT = 4096


@dataclass(frozen=True)
class PageIdentity:
    base_url: str
    query: list
    etag: str
    path: Path


_identities: dict[tuple, PageIdentity] = {}


def page_identity(request, meta: selectors.ListMeta) -> PageIdentity:
    meta_ = request.META
    key = (
        meta.checksum,
        request.scheme,
        meta_.get("HTTP_HOST") or f"{meta_.get('SERVER_NAME')}:{meta_.get('SERVER_PORT')}",
        request.path,
        meta_.get("QUERY_STRING", ""),
    )
    found = _identities.get(key)
    if found is None:
        base_url = request.build_absolute_uri(request.path)  # checks the host against ALLOWED_HOSTS
        query = selectors.normalised_query(request.GET)
        found = PageIdentity(
            base_url=base_url,
            query=query,
            etag=selectors.page_etag(meta, base_url, query),
            path=selectors.page_path(meta, base_url, query),
        )
        if len(_identities) >= IDENTITIES_KEPT:
            _identities.clear()
        _identities[key] = found
    return found


def forget_identities() -> None:
    _identities.clear()


@functools.lru_cache(maxsize=64)
def validators(meta: selectors.ListMeta, etag: str) -> dict:
    return {
        "ETag": etag,
        "Last-Modified": http_date(int(meta.published_at.timestamp())),
        "Cache-Control": "private, no-cache",
        "X-Settlement-List-Version": str(meta.version),
    }


def not_modified(request, etag: str, meta: selectors.ListMeta) -> bool:
    """RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        if if_none_match == etag:
            return True
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if not if_modified_since:
        return False
    since = parse_http_date_safe(if_modified_since)
    return since is not None and int(meta.published_at.timestamp()) <= since


def not_modified_response(meta: selectors.ListMeta, etag: str):
    return HttpResponseNotModified(headers=validators(meta, etag))


class PageFileResponse(StreamingHttpResponse):
    """A rendered page's file as the body. The WSGI server sends it with sendfile
    (``wsgi.file_wrapper``); others, and the test client, read it in blocks."""

    block_size = 256 * 1024

    def __init__(self, path: Path, headers: dict):
        handle = open(path, "rb")  # noqa: SIM115 - closed with the response
        blocks = iter(lambda: handle.read(self.block_size), b"")
        super().__init__(blocks, content_type="application/json", headers=headers)
        self.headers["Content-Length"] = str(os.fstat(handle.fileno()).st_size)
        self.file_to_stream = handle
        self._resource_closers.append(handle.close)


def file_response(page: Path | bytes, meta: selectors.ListMeta, etag: str):
    """The page from its file, or from memory when the bounded store did not keep it."""
    if isinstance(page, bytes):
        return HttpResponse(page, content_type="application/json", headers=validators(meta, etag))
    return PageFileResponse(page, validators(meta, etag))


def conditional_response(request, meta: selectors.ListMeta, etag: str):
    """The document of a version: its ETag is the checksum itself."""
    if not_modified(request, etag, meta):
        return not_modified_response(meta, etag)
    return None


def items_response(request, meta: selectors.ListMeta):
    """304, or the page (rendered now if this host has not rendered it yet)."""
    identity = page_identity(request, meta)
    if not_modified(request, identity.etag, meta):
        return not_modified_response(meta, identity.etag)
    try:
        return file_response(selectors.items_page(meta, identity.base_url, identity.query), meta, identity.etag)
    except FileNotFoundError:  # pruned by a publication between rendering and opening: once more
        return file_response(selectors.items_page(meta, identity.base_url, identity.query), meta, identity.etag)


def fast_items_response(request, meta_of):
    """The hot path of a client polling a page it has seen: answered before DRF (and, from
    ``SettlementsFastPathMiddleware``, before the middleware stack) when the caller's key was
    checked in this process seconds ago, the version is known here and the page is already
    rendered on this host. Anything else returns None and takes the full path, which checks
    everything and then makes the next such request fast."""
    if request.method != "GET":
        return None
    keyword, _sep, raw = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if keyword != CachedApiKeyAuthentication.keyword:
        return None
    key = remembered_key(raw.strip())
    if key is None or key.scope != ApiKey.Scope.SETTLEMENTS:
        return None
    meta = meta_of()
    if meta is None:
        return None
    identity = page_identity(request, meta)
    if not_modified(request, identity.etag, meta):
        return not_modified_response(meta, identity.etag)
    try:
        return file_response(identity.path, meta, identity.etag)
    except FileNotFoundError:  # not rendered on this host yet (or pruned): the full path renders it
        return None
