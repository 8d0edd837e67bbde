"""Reads of the settlements app: nothing here writes a row, a file or a page.

The API's hot path (``GET /api/v1/settlements/``) needs the current version (``current_list``:
process memory for two seconds, then the shared cache, then the database) and, for a page not
seen before, two queries (count and page of pre-rendered item fragments: ``render_page``). The
rendered page is kept by ``settlements.page_store`` and served by ``settlements.polling``.
"""

import hashlib
import json
import logging
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Count
from django.utils.translation import gettext as _

from kernel.shared_cache import cache_call
from settlements.errors import InvalidQuery, PageNotFound, VersionNotFound
from settlements.filters import FILTER_PARAMS, SettlementItemFilter
from settlements.models import Delivery, SettlementList, SettlementListItem

logger = logging.getLogger(__name__)

CURRENT_KEY = "settlements:current-list:v1"
CURRENT_TTL = 300  # the publisher overwrites it on commit; the TTL bounds an update lost to a cache outage
# Each process trusts what it read for this long: other processes see a new version within it.
CURRENT_LOCAL_SECONDS = 2.0
# Bump when the page envelope's rendering changes: cached pages and ETags of the old form are
# then never used again (the items' fragments are frozen at publication and do not change).
PAGE_FORMAT = "1"
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class ListMeta:
    """What the API needs to know about a published version before any list work."""

    id: int
    version: int
    year: int
    checksum: str
    published_at: datetime | None  # set on every published version
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
    # A cache outage must cost speed, never the answer (logged once per outage).
    return cache_call(method, *args)


def latest_published() -> ListMeta | None:
    row = published_lists().values(*META_FIELDS).first()
    return ListMeta(**row) if row else None


_local_current: list = [0.0, None]  # [valid until (monotonic), ListMeta | None]


def current_list() -> ListMeta | None:
    """The current (newest published) version: from this process's memory for up to
    ``CURRENT_LOCAL_SECONDS``, else from the shared cache, else from the database."""
    now = time.monotonic()
    if _local_current[0] > now:
        return _local_current[1]
    cached = _cache_call("get", CURRENT_KEY)
    if cached is not None:
        meta = ListMeta(**cached) if cached else None
    else:
        meta = latest_published()
        # add, not set: a reader that read the database just before a publication committed must
        # not overwrite what the publisher announced (see current_list_announce_on_commit).
        _cache_call("add", CURRENT_KEY, asdict(meta) if meta else {}, CURRENT_TTL)
    _local_current[:] = [now + CURRENT_LOCAL_SECONDS, meta]
    return meta


def forget_current_list() -> None:
    _local_current[:] = [0.0, None]


def latest_unpublished_list() -> SettlementList | None:
    """The newest version still on its way (draft or approved), if any."""
    return (
        SettlementList.objects.exclude(status=SettlementList.Status.PUBLISHED)
        .defer("document")
        .order_by("-version")
        .first()
    )


def delivery_counts(settlement_list_id: int) -> dict[str, int]:
    """How many of a version's deliveries are pending, sent and failed (every status named)."""
    found = dict(
        Delivery.objects.filter(settlement_list_id=settlement_list_id)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {status: found.get(status, 0) for status in Delivery.Status.values}


def deliveries_waiting_for_queue(settlement_list_ids) -> int:
    """Pending deliveries the broker refused (Redis unreachable): the sweep enqueues them later."""
    return Delivery.objects.filter(
        settlement_list_id__in=settlement_list_ids, status=Delivery.Status.PENDING, enqueued_at__isnull=True
    ).count()


def published_list(version: int) -> ListMeta:
    row = published_lists().filter(version=version).values(*META_FIELDS).first()
    if row is None:
        raise VersionNotFound(_("No published settlement list has version %(version)s.") % {"version": version})
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
    digest = hashlib.sha256(f"{meta.checksum}\n{PAGE_FORMAT}\n{base_url}\n{urlencode(query)}".encode()).hexdigest()
    return f'"{digest[:40]}"'


def _page_number(raw: str | None, count: int, size: int) -> int:
    pages = max(1, -(-count // size))
    if not raw:
        return 1
    if raw == "last":
        return pages
    try:
        number = int(raw)
    except ValueError:
        raise PageNotFound(_("Invalid page.")) from None
    if number < 1 or number > pages:
        raise PageNotFound(_("Invalid page."))
    return number


def _page_size(raw: str | None) -> int:
    """A whole number from 1 (a larger one gives ``MAX_PAGE_SIZE`` items); anything else is a 400
    naming ``page_size``, as on every other list of the API."""
    if not raw:
        return DEFAULT_PAGE_SIZE
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise InvalidQuery({"page_size": [_("A whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}]})
    return min(int(raw), MAX_PAGE_SIZE)


def _filtered_items(queryset, query: list[tuple[str, str]]):
    filterset = SettlementItemFilter(dict(query), queryset=queryset)
    if not filterset.is_valid():
        raise InvalidQuery(filterset.errors)
    return filterset.qs


def empty_page(query: list[tuple[str, str]]) -> dict:
    """The answer before the first publication: no items, the query checked as for a real page
    (bad filters 400, a page past the first 404)."""
    _filtered_items(SettlementListItem.objects.none(), query)
    params = dict(query)
    _page_number(params.get("page"), 0, _page_size(params.get("page_size")))
    return {"count": 0, "next": None, "previous": None, "results": []}


def _link(base_url: str, query: list[tuple[str, str]], page: int) -> str:
    params = [(k, v) for k, v in query if k != "page"]
    if page > 1:
        params.append(("page", str(page)))
    return base_url + ("?" + urlencode(params) if params else "")


def render_page(meta: ListMeta, base_url: str, query: list[tuple[str, str]]) -> bytes:
    params = dict(query)
    items = _filtered_items(SettlementListItem.objects.filter(settlement_list_id=meta.id), query).order_by("kato")
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
