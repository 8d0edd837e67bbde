"""The polling path of ``GET /api/v1/settlements/`` and the pages of a version's items: one module
and one gate.

Hundreds of mobility-centre systems poll the current list; nearly every answer is a 304 or a page
already rendered on this host. ``PollingGate`` wraps the WSGI application (astana_migration.wsgi)
and answers exactly those polls itself (``fast_response``: a key this process checked seconds
ago, the current version known here, the page's file on this host), with the security headers the
skipped middleware would have added, before Django's request handler. Everything else, and
anything the gate is unsure about or fails at, goes to Django unchanged: the API view
(``items_response``) checks everything, renders and stores the page (``settlements.page_store``),
and so makes the next such poll fast.

A page is identified by the version's checksum, the URL it was asked at and the normalised
query. That identity is worked out once per distinct request line and remembered in the process
(``page_identity``), so a polling client costs a dictionary lookup, not a parse and a hash.
"""

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import reverse
from django.utils.http import http_date, parse_http_date_safe

from kernel.accounts.models import ApiKey
from settlements import page_store, selectors
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
            path=page_store.page_path(meta, base_url, query),
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
        return file_response(page_store.items_page(meta, identity.base_url, identity.query), meta, identity.etag)
    except FileNotFoundError:  # pruned by a publication between rendering and opening: once more
        return file_response(page_store.items_page(meta, identity.base_url, identity.query), meta, identity.etag)


def fast_response(request):
    """The gate: the answer to a poll of the current list that this process can give without
    Django's handler, or None for the full path. Answered only when the caller's key was checked
    in this process seconds ago, the current version is known here and the page is already
    rendered on this host; an HTTPS redirect, if due, is left to the full path."""
    if request.method != "GET" or (settings.SECURE_SSL_REDIRECT and not request.is_secure()):
        return None
    keyword, _sep, raw = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if keyword != CachedApiKeyAuthentication.keyword:
        return None
    key = remembered_key(raw.strip())
    if key is None or key.scope != ApiKey.Scope.SETTLEMENTS:
        return None
    meta = selectors.current_list()
    if meta is None:
        return None
    identity = page_identity(request, meta)
    if not_modified(request, identity.etag, meta):
        response = not_modified_response(meta, identity.etag)
    else:
        try:
            response = file_response(identity.path, meta, identity.etag)
        except FileNotFoundError:  # not rendered on this host yet (or pruned): the full path renders it
            return None
    _SECURITY.process_response(request, response)
    return _FRAME_OPTIONS.process_response(request, response)


_SECURITY = SecurityMiddleware(lambda request: None)
_FRAME_OPTIONS = XFrameOptionsMiddleware(lambda request: None)


class PollingGate:
    """WSGI middleware around Django's application: a ``GET`` of the current list's path goes
    through ``fast_response`` first; any other request, a None, or an error in the gate (Django
    answers, and reports, properly) goes to Django."""

    def __init__(self, django_application):
        self.django_application = django_application
        self._path: str | None = None

    def path(self) -> str:
        if self._path is None:
            self._path = reverse("api:settlement-list")
        return self._path

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") == self.path():
            try:
                response = fast_response(WSGIRequest(environ))
            except Exception:  # noqa: BLE001 - the full path will answer, and report, properly
                response = None
            if response is not None:
                return _send(response, environ, start_response)
        return self.django_application(environ, start_response)


def _send(response, environ, start_response):
    """Send a response the way Django's WSGIHandler does (with sendfile for a page's file)."""
    headers = [*response.items(), *(("Set-Cookie", c.output(header="")) for c in response.cookies.values())]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    stream = getattr(response, "file_to_stream", None)
    if stream is not None and environ.get("wsgi.file_wrapper"):
        stream.close = response.close
        return environ["wsgi.file_wrapper"](stream, response.block_size)
    return response
