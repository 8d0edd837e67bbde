"""Reads of the settlements app.

The API's hot path (``GET /api/v1/settlements/``) costs, after authentication, one cache read
for the current version (``current_list``) and, for a page not seen before, two queries (count
and page of pre-rendered item fragments); the rendered page is then kept in the shared cache
under the version's checksum, and in a small per-process map (content-addressed, so it can never
be stale).
"""

import hashlib
import json
import logging
from collections import OrderedDict
from dataclasses import asdict, dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError

from settlements.filters import FILTER_PARAMS, SettlementItemFilter
from settlements.models import SettlementList, SettlementListItem

logger = logging.getLogger(__name__)

CURRENT_KEY = "settlements:current-list:v1"
CURRENT_TTL = 300  # the publisher overwrites it on commit; the TTL bounds an update lost to a cache outage
PAGE_TTL = 24 * 3600
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
LOCAL_PAGES = 64  # rendered pages kept in each process


@dataclass(frozen=True)
class ListMeta:
    """What the API needs to know about a published version before any list work."""

    id: int
    version: int
    year: int
    checksum: str
    published_at: datetime
    items_count: int

    @classmethod
    def of(cls, settlement_list: SettlementList) -> "ListMeta":
        return cls(
            id=settlement_list.pk,
            version=settlement_list.version,
            year=settlement_list.year,
            checksum=settlement_list.checksum,
            published_at=settlement_list.published_at,
            items_count=settlement_list.items_count,
        )


META_FIELDS = ["id", "version", "year", "checksum", "published_at", "items_count"]


def published_lists():
    """Published versions, newest first, without their (large) documents."""
    return SettlementList.objects.filter(status=SettlementList.Status.PUBLISHED).defer("document").order_by("-version")


def _cache_call(method, *args):
    try:
        return getattr(cache, method)(*args)
    except Exception as exc:  # noqa: BLE001 - a cache outage must cost speed, never the answer
        logger.warning("cache %s failed: %s", method, exc)
        return None


def _latest_published() -> ListMeta | None:
    row = published_lists().values(*META_FIELDS).first()
    return ListMeta(**row) if row else None


def current_list() -> ListMeta | None:
    """The current (newest published) version, from the shared cache when it is there."""
    cached = _cache_call("get", CURRENT_KEY)
    if cached is not None:
        return ListMeta(**cached) if cached else None
    meta = _latest_published()
    # add, not set: a reader that read the database just before a publication committed must not
    # overwrite what the publisher announced (see current_list_announce_on_commit).
    _cache_call("add", CURRENT_KEY, asdict(meta) if meta else {}, CURRENT_TTL)
    return meta


def current_list_announce_on_commit(settlement_list: SettlementList) -> None:
    """After the publication commits, make the new version current in the shared cache."""

    def announce():
        meta = _latest_published()
        _cache_call("set", CURRENT_KEY, asdict(meta) if meta else {}, CURRENT_TTL)

    transaction.on_commit(announce)


def published_list(version: int) -> ListMeta:
    row = published_lists().filter(version=version).values(*META_FIELDS).first()
    if row is None:
        raise NotFound(_("No published settlement list has version %(version)s.") % {"version": version})
    return ListMeta(**row)


# --- Pages of items ------------------------------------------------------------------------------------


def normalised_query(params) -> list[tuple[str, str]]:
    """The parameters that shape a page, last value of each, in a fixed order."""
    pairs = []
    for name in (*FILTER_PARAMS, "page", "page_size"):
        values = params.getlist(name)
        if values:
            pairs.append((name, values[-1]))
    return pairs


def page_etag(meta: ListMeta, base_url: str, query: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256(f"{meta.checksum}\n{base_url}\n{urlencode(query)}".encode()).hexdigest()[:40]
    return f'"{digest}"'


def _page_number(raw: str | None, count: int, size: int) -> int:
    pages = max(1, -(-count // size))
    if raw in (None, ""):
        return 1
    if raw == "last":
        return pages
    try:
        number = int(raw)
    except ValueError:
        raise NotFound(_("Invalid page.")) from None
    if number < 1 or number > pages:
        raise NotFound(_("Invalid page."))
    return number


def _page_size(raw: str | None) -> int:
    try:
        size = int(raw) if raw not in (None, "") else DEFAULT_PAGE_SIZE
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return DEFAULT_PAGE_SIZE if size <= 0 else min(size, MAX_PAGE_SIZE)


def _link(base_url: str, query: list[tuple[str, str]], page: int) -> str:
    params = [(k, v) for k, v in query if k != "page"]
    if page > 1:
        params.append(("page", str(page)))
    return base_url + ("?" + urlencode(params) if params else "")


def _render_page(meta: ListMeta, base_url: str, query: list[tuple[str, str]]) -> bytes:
    params = dict(query)
    filterset = SettlementItemFilter(params, queryset=SettlementListItem.objects.filter(settlement_list_id=meta.id))
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    items = filterset.qs.order_by("kato")
    count = items.count()
    size = _page_size(params.get("page_size"))
    number = _page_number(params.get("page"), count, size)
    start = (number - 1) * size
    fragments = list(items.values_list("fragment", flat=True)[start : start + size])
    has_next = start + size < count
    next_link = json.dumps(_link(base_url, query, number + 1)) if has_next else "null"
    previous_link = json.dumps(_link(base_url, query, number - 1)) if number > 1 else "null"
    envelope = f'{{"count":{count},"next":{next_link},"previous":{previous_link},"results":['
    return (envelope + ",".join(fragments) + "]}").encode("utf-8")


_local_pages: OrderedDict[str, bytes] = OrderedDict()


def items_page(meta: ListMeta, base_url: str, query: list[tuple[str, str]]) -> bytes:
    """The JSON body of one page of a published version's items (filters applied).

    Raises ``ValidationError`` for bad filters and ``NotFound`` for a page out of range; only
    valid pages are cached."""
    digest = hashlib.sha256(f"{base_url}\n{urlencode(query)}".encode()).hexdigest()[:40]
    key = f"settlements:page:{meta.checksum}:{digest}"
    body = _local_pages.get(key)
    if body is not None:
        _local_pages.move_to_end(key)
        return body
    body = _cache_call("get", key)
    if body is None:
        body = _render_page(meta, base_url, query)
        _cache_call("set", key, body, PAGE_TTL)
    _local_pages[key] = body
    while len(_local_pages) > LOCAL_PAGES:
        _local_pages.popitem(last=False)
    return body


# --- Changes between versions -----------------------------------------------------------------------


def list_changes(new: ListMeta, old: ListMeta) -> dict:
    """Items added, removed and changed (with the fields that changed) from ``old`` to ``new``."""
    before = dict(SettlementListItem.objects.filter(settlement_list_id=old.id).values_list("kato", "fragment"))
    after = dict(SettlementListItem.objects.filter(settlement_list_id=new.id).values_list("kato", "fragment"))
    added = [json.loads(after[k]) for k in sorted(after.keys() - before.keys())]
    removed = [json.loads(before[k]) for k in sorted(before.keys() - after.keys())]
    changed = []
    for kato in sorted(before.keys() & after.keys()):
        if before[kato] == after[kato]:
            continue
        old_item, new_item = json.loads(before[kato]), json.loads(after[kato])
        fields = sorted(k for k in new_item.keys() | old_item.keys() if old_item.get(k) != new_item.get(k))
        changed.append({"kato": kato, "fields": fields, "before": old_item, "after": new_item})
    return {
        "version": new.version,
        "since": old.version,
        "added": added,
        "removed": removed,
        "changed": changed,
    }


def previous_published(meta: ListMeta) -> ListMeta | None:
    row = published_lists().filter(version__lt=meta.version).values(*META_FIELDS).first()
    return ListMeta(**row) if row else None
