"""The rendered pages of a published version's items, kept on this host's disk and in the shared
cache: the writes of the polling path (``settlements.polling`` serves them; selectors only read).

A page is content-addressed by the version's checksum, the URL it was asked at and its normalised
query, so a stored page can never be stale. The store is bounded: a page answered to a free-text
search is never stored (every typed word would leave a file and a Redis key behind), and each host
keeps at most ``SETTLEMENTS_STORED_PAGES_MAX`` pages of a version; past it, a page is rendered for
its request and not kept. Polling clients ask for the same few pages, which stay stored.
"""

import hashlib
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

from kernel.shared_cache import cache_call
from settlements import selectors

PAGE_TTL = 24 * 3600
UNSTORED_PARAMS = frozenset({"search"})


def pages_dir() -> Path:
    return Path(settings.SETTLEMENTS_PAGES_DIR)


def page_path(meta: selectors.ListMeta, base_url: str, query: list[tuple[str, str]]) -> Path:
    """Where the rendered page lives on this host: content-addressed by the version's checksum."""
    digest = hashlib.sha256(f"{base_url}\n{urlencode(query)}".encode()).hexdigest()[:40]
    return pages_dir() / f"{meta.checksum}.{selectors.PAGE_FORMAT}" / f"{digest}.json"


def page_is_storable(query: list[tuple[str, str]]) -> bool:
    """Whether a page of this query may be kept: not a free-text search."""
    return not any(value for name, value in query if name in UNSTORED_PARAMS)


def _room_to_store(directory: Path) -> bool:
    try:
        stored = sum(1 for entry in os.scandir(directory) if entry.name.endswith(".json"))
    except FileNotFoundError:
        return True
    return stored < settings.SETTLEMENTS_STORED_PAGES_MAX


def items_page(meta: selectors.ListMeta, base_url: str, query: list[tuple[str, str]]) -> Path | bytes:
    """The JSON body of one page of a published version's items (filters applied): the file that
    holds it, or — for a page the bounded store does not keep — the body itself.

    Rendered once per host: from the shared cache if another host rendered it, else from the
    database. Raises ``InvalidQuery`` for bad filters and ``PageNotFound`` for a page out of
    range; only valid pages are stored, so an existing file is always a valid answer."""
    path = page_path(meta, base_url, query)
    if path.exists():
        return path
    storable = page_is_storable(query) and _room_to_store(path.parent)
    key = f"settlements:page:{meta.checksum}.{selectors.PAGE_FORMAT}:{path.stem}"
    body = cache_call("get", key) if storable else None
    if body is None:
        body = selectors.render_page(meta, base_url, query)
        if storable:
            cache_call("set", key, body, PAGE_TTL)
    if not storable:
        return body
    _write(path, body)
    return path


def _write(path: Path, body: bytes) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    for _attempt in range(2):  # a publication may prune the directory under us: make it again
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(body)
            os.replace(partial, path)  # atomic: a concurrent reader sees the whole page or none
            return
        except FileNotFoundError:
            continue


def prune_pages(keep_checksum: str) -> None:
    """Drop this host's rendered pages of other versions (they are re-rendered if asked for)."""
    root = pages_dir()
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.name != f"{keep_checksum}.{selectors.PAGE_FORMAT}":
            shutil.rmtree(child, ignore_errors=True)
