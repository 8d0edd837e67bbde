"""Every write of the settlements app: atomic, keyword-only, with ``by=`` the acting user, and an
audit entry written inside the same transaction. Celery work is enqueued only after commit.

The settlement list (rules p.5): ``settlement_list_create`` takes a draft snapshot of the
settlements offered for resettlement, ``settlement_list_refresh`` retakes it, the head approves
(``settlement_list_approve``) and publishes (``settlement_list_publish``). Publication freezes
the version and writes the delivery outbox; ``delivery_attempt`` sends one row,
``delivery_sweep`` re-enqueues what is due, ``delivery_retry`` gives a failed row another go.
"""

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from astana_migration.audit.services import audit_diff, audit_record, audit_snapshot
from settlements import channels, documents, selectors
from settlements.errors import DeliveryError, SettlementListError
from settlements.models import Delivery, Recipient, Settlement, SettlementList, SettlementListItem

logger = logging.getLogger(__name__)


def _setting(name: str, default):
    return getattr(settings, name, default)


# Retry policy of deliveries (DESIGN.md "External contracts"): exponential backoff with jitter,
# a bounded number of attempts; the settings exist so tests and operators can tighten them.
def backoff_base() -> float:
    return float(_setting("SETTLEMENTS_DELIVERY_BACKOFF_BASE", 30))


def backoff_max() -> float:
    return float(_setting("SETTLEMENTS_DELIVERY_BACKOFF_MAX", 6 * 3600))


def max_attempts() -> int:
    return int(_setting("SETTLEMENTS_DELIVERY_MAX_ATTEMPTS", 12))


def claim_lease() -> timedelta:
    # Longer than one attempt can take (HTTP timeout, SMTP timeout), so a live worker keeps its claim.
    seconds = max(settings.LABOUR_EXCHANGE_TIMEOUT, getattr(settings, "EMAIL_TIMEOUT", 30) or 30) + 60
    return timedelta(seconds=seconds)


def reenqueue_after() -> timedelta:
    """How long the sweep trusts a row it (or publication) enqueued before enqueueing it again."""
    return timedelta(seconds=float(_setting("SETTLEMENTS_SWEEP_REENQUEUE_AFTER", 600)))


def backoff_delay(attempt: int, retry_after: int | None = None) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1-based): base·2^(n-1), capped,
    with jitter in its upper half so many rows failing together do not return together."""
    delay = min(backoff_max(), backoff_base() * (2 ** max(attempt - 1, 0)))
    delay = delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 - jitter, not a secret
    if retry_after:
        delay = max(delay, min(float(retry_after), backoff_max()))
    return delay


def _is_user(by) -> bool:
    return getattr(by, "_meta", None) is not None and getattr(by, "pk", None) is not None


def _require_permission(by, codename: str, message: str) -> None:
    if not _is_user(by) or not by.has_perm(f"settlements.{codename}"):
        raise SettlementListError(message)


# --- Settlements and recipients ---------------------------------------------------------------------


@transaction.atomic
def settlement_save(*, settlement: Settlement, by) -> Settlement:
    """Create or change a settlement after validating it (territory consistency, KATO code)."""
    before = audit_snapshot(Settlement.objects.get(pk=settlement.pk)) if settlement.pk else {}
    settlement.full_clean()
    created = settlement.pk is None
    settlement.save()
    audit_record(
        by=by,
        action="create" if created else "update",
        target=settlement,
        changes=audit_diff(before, audit_snapshot(settlement)),
    )
    return settlement


def _recipient_audit(recipient: Recipient) -> dict:
    values = audit_snapshot(recipient)
    values["webhook_secret"] = "***" if values.get("webhook_secret") else ""  # never in the audit trail
    return values


@transaction.atomic
def recipient_save(*, recipient: Recipient, by) -> Recipient:
    """Create or change a recipient; a webhook URL without a secret gets a new signing secret."""
    before = _recipient_audit(Recipient.objects.get(pk=recipient.pk)) if recipient.pk else {}
    if recipient.webhook_url and not recipient.webhook_secret:
        recipient.webhook_secret = channels.new_webhook_secret()
    recipient.full_clean()
    created = recipient.pk is None
    recipient.save()
    audit_record(
        by=by,
        action="create" if created else "update",
        target=recipient,
        changes=audit_diff(before, _recipient_audit(recipient)),
    )
    return recipient


# --- The settlement list ------------------------------------------------------------------------------


def _take_snapshot(settlement_list: SettlementList) -> int:
    """Replace a draft's items with the settlements now offered for resettlement."""
    settlement_list.items.all().delete()
    settlements = (
        Settlement.objects.filter(is_active=True)
        .select_related("region", "district", "rural_district", "mobility_centre")
        .order_by("kato")
    )
    batch: list[SettlementListItem] = []
    count = 0
    for settlement in settlements.iterator(chunk_size=2000):
        item = SettlementListItem(settlement_list=settlement_list, **documents.item_values(settlement))
        item.fragment = documents.item_fragment(item)
        batch.append(item)
        if len(batch) >= 2000:
            SettlementListItem.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    SettlementListItem.objects.bulk_create(batch)
    count += len(batch)
    settlement_list.items_count = count
    return count


def _next_version() -> int:
    return (SettlementList.objects.aggregate(last=Max("version"))["last"] or 0) + 1


def settlement_list_create(*, year: int, by, note: str = "") -> SettlementList:
    """A new draft version (the next number of the one sequence) holding every settlement now
    offered for resettlement."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                settlement_list = SettlementList(
                    version=_next_version(), year=year, note=note, created_by=by if _is_user(by) else None
                )
                settlement_list.full_clean(exclude=["version"])
                settlement_list.save()
                _take_snapshot(settlement_list)
                settlement_list.save(update_fields=["items_count"])
                audit_record(
                    by=by,
                    action="create",
                    target=settlement_list,
                    changes={"version": [None, settlement_list.version], "items": [None, settlement_list.items_count]},
                )
                return settlement_list
        except IntegrityError:
            # Another draft took the same number at the same moment: take the next one.
            continue
    raise SettlementListError(_("Could not allocate a version number; try again."))


def _locked(settlement_list: SettlementList) -> SettlementList:
    return SettlementList.objects.select_for_update().get(pk=settlement_list.pk)


@transaction.atomic
def settlement_list_refresh(*, settlement_list: SettlementList, by) -> SettlementList:
    """Retake a draft's snapshot from the settlements as they stand now."""
    settlement_list = _locked(settlement_list)
    if settlement_list.status != SettlementList.Status.DRAFT:
        raise SettlementListError(
            _("Version %(version)s is %(status)s: only a draft can be refreshed.")
            % {"version": settlement_list.version, "status": settlement_list.get_status_display()}
        )
    before = settlement_list.items_count
    _take_snapshot(settlement_list)
    settlement_list.save(update_fields=["items_count"])
    audit_record(
        by=by, action="update", target=settlement_list, changes={"items": [before, settlement_list.items_count]}
    )
    return settlement_list


@transaction.atomic
def settlement_list_approve(*, settlement_list: SettlementList, by) -> SettlementList:
    """The department head approves a draft; its items cannot change any more."""
    _require_permission(by, "approve_settlementlist", _("Only the department head can approve a settlement list."))
    settlement_list = _locked(settlement_list)
    if settlement_list.status != SettlementList.Status.DRAFT:
        raise SettlementListError(
            _("Version %(version)s is %(status)s: only a draft can be approved.")
            % {"version": settlement_list.version, "status": settlement_list.get_status_display()}
        )
    if settlement_list.items_count == 0:
        raise SettlementListError(_("An empty settlement list cannot be approved."))
    settlement_list.status = SettlementList.Status.APPROVED
    settlement_list.approved_at = timezone.now()
    settlement_list.approved_by = by
    settlement_list.save(update_fields=["status", "approved_at", "approved_by"])
    audit_record(by=by, action="transition", target=settlement_list, changes={"status": ["draft", "approved"]})
    return settlement_list


@transaction.atomic
def settlement_list_return_to_draft(*, settlement_list: SettlementList, by) -> SettlementList:
    """The head sends an approved, unpublished version back to draft (e.g. to refresh it)."""
    _require_permission(by, "approve_settlementlist", _("Only the department head can withdraw an approval."))
    settlement_list = _locked(settlement_list)
    if settlement_list.status != SettlementList.Status.APPROVED:
        raise SettlementListError(
            _("Version %(version)s is %(status)s: only an approved version can return to draft.")
            % {"version": settlement_list.version, "status": settlement_list.get_status_display()}
        )
    settlement_list.status = SettlementList.Status.DRAFT
    settlement_list.approved_at = None
    settlement_list.approved_by = None
    settlement_list.save(update_fields=["status", "approved_at", "approved_by"])
    audit_record(by=by, action="transition", target=settlement_list, changes={"status": ["approved", "draft"]})
    return settlement_list


def _deliveries_create(settlement_list: SettlementList, now) -> list[Delivery]:
    common = {
        "settlement_list": settlement_list,
        "idempotency_key": settlement_list.checksum,
        "next_attempt_at": now,
        "enqueued_at": now,
    }
    rows = [Delivery(channel=Delivery.Channel.LABOUR_EXCHANGE, **common)]
    for recipient in Recipient.objects.filter(is_active=True).order_by("pk"):
        if recipient.email:
            rows.append(Delivery(channel=Delivery.Channel.EMAIL, recipient=recipient, **common))
        if recipient.webhook_url and recipient.webhook_disabled_at is None:
            rows.append(Delivery(channel=Delivery.Channel.WEBHOOK, recipient=recipient, **common))
    return Delivery.objects.bulk_create(rows)


@transaction.atomic
def settlement_list_publish(*, settlement_list: SettlementList, by) -> SettlementList:
    """Publish an approved version: freeze its canonical JSON and checksum, write one delivery row
    per channel × recipient, and enqueue their sending once the transaction has committed."""
    from settlements.tasks import deliver

    _require_permission(by, "publish_settlementlist", _("Only the department head can publish a settlement list."))
    settlement_list = _locked(settlement_list)
    if settlement_list.status == SettlementList.Status.PUBLISHED:
        raise SettlementListError(_("Version %(version)s is already published.") % {"version": settlement_list.version})
    if settlement_list.status != SettlementList.Status.APPROVED:
        raise SettlementListError(
            _("Version %(version)s must be approved by the department head before it is published.")
            % {"version": settlement_list.version}
        )
    newer = SettlementList.objects.filter(status=SettlementList.Status.PUBLISHED, version__gt=settlement_list.version)
    if newer.exists():
        raise SettlementListError(
            _("A newer version (%(newer)s) is already published; publish a new version instead.")
            % {"newer": newer.order_by("-version").values_list("version", flat=True).first()}
        )
    fragments = list(settlement_list.items.order_by("kato").values_list("fragment", flat=True))
    now = timezone.now()
    settlement_list.document = documents.version_document(
        version=settlement_list.version, year=settlement_list.year, fragments=fragments
    )
    settlement_list.checksum = documents.checksum(settlement_list.document)
    settlement_list.items_count = len(fragments)
    settlement_list.status = SettlementList.Status.PUBLISHED
    settlement_list.published_at = now
    settlement_list.published_by = by
    settlement_list.save(
        update_fields=["document", "checksum", "items_count", "status", "published_at", "published_by"]
    )
    deliveries = _deliveries_create(settlement_list, now)
    audit_record(
        by=by,
        action="transition",
        target=settlement_list,
        changes={"status": ["approved", "published"], "checksum": [None, settlement_list.checksum]},
        note=f"{len(deliveries)} deliveries",
    )
    selectors.current_list_announce_on_commit(settlement_list)
    for delivery in deliveries:
        deliver.delay_on_commit(delivery.pk)
    return settlement_list


# --- Deliveries ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """What one call of ``delivery_attempt`` did: ``skipped`` (gone, not due, claimed elsewhere
    or done), ``sent``, ``failed``, or ``retry`` after ``wait`` seconds."""

    outcome: str
    wait: float = 0.0


def _claim(delivery_id: int, now) -> str | None:
    """Claim a due pending row with one conditional UPDATE; the token proves the claim is ours."""
    token = uuid.uuid4().hex
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(
            claimed_until=now + claim_lease(),
            claim_token=token,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    )
    return token if claimed else None


@transaction.atomic
def _finish(delivery: Delivery, token: str, *, status: str, **fields) -> bool:
    done = (
        Delivery.objects.filter(pk=delivery.pk, claim_token=token)
        .exclude(status=Delivery.Status.SENT)
        .update(status=status, claimed_until=None, claim_token="", **fields)
    )
    if not done:
        logger.warning("delivery %s: the claim was lost before the attempt finished", delivery.pk)
        return False
    if status != Delivery.Status.PENDING:
        audit_record(
            by=None,
            action="transition",
            target=delivery,
            changes={"status": ["pending", status], "attempts": [None, delivery.attempts]},
            note=fields.get("last_error", "")[:500],
        )
    return True


def _retry_or_give_up(delivery: Delivery, token: str, error: str, retry_after: int | None) -> Attempt:
    used = delivery.attempts - delivery.attempts_base
    if used >= max_attempts():
        _finish(delivery, token, status=Delivery.Status.FAILED, last_error=f"{error} (gave up after {used} attempts)")
        return Attempt("failed")
    wait = backoff_delay(used, retry_after)
    _finish(
        delivery,
        token,
        status=Delivery.Status.PENDING,
        last_error=error,
        next_attempt_at=timezone.now() + timedelta(seconds=wait),
    )
    return Attempt("retry", wait)


def delivery_attempt(*, delivery_id: int) -> Attempt:
    """Send one delivery row once, if it is due and no other worker holds it, and record the
    outcome: sent; failed (a permanent error, or the attempts are spent); or pending again with
    ``next_attempt_at`` set by the backoff. A row that was sent is never sent again."""
    now = timezone.now()
    token = _claim(delivery_id, now)
    if token is None:
        return Attempt("skipped")
    delivery = Delivery.objects.select_related("settlement_list", "recipient").get(pk=delivery_id)
    if delivery.recipient_id and not delivery.recipient.is_active:
        _finish(delivery, token, status=Delivery.Status.FAILED, last_error="the recipient is no longer active")
        return Attempt("failed")
    try:
        response = channels.send(delivery)
    except channels.TransientError as exc:
        return _retry_or_give_up(delivery, token, str(exc), exc.retry_after)
    except channels.EndpointGone as exc:
        Recipient.objects.filter(pk=delivery.recipient_id, webhook_disabled_at__isnull=True).update(
            webhook_disabled_at=timezone.now()
        )
        _finish(delivery, token, status=Delivery.Status.FAILED, last_error=f"{exc} (webhook endpoint disabled)")
        return Attempt("failed")
    except channels.PermanentError as exc:
        _finish(delivery, token, status=Delivery.Status.FAILED, last_error=str(exc))
        return Attempt("failed")
    except DatabaseError:
        raise  # the task retries the whole attempt; the claim lapses with its lease
    except Exception as exc:  # an unforeseen failure must not wedge the row: count it and retry
        logger.exception("delivery %s: unexpected error", delivery.pk)
        return _retry_or_give_up(delivery, token, f"{type(exc).__name__}: {exc}", None)
    _finish(
        delivery,
        token,
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        response=response[: channels.RESPONSE_KEEP],
    )
    return Attempt("sent")


@transaction.atomic
def delivery_retry(*, delivery: Delivery, by) -> Delivery:
    """Staff give a failed delivery a fresh budget of attempts, starting now."""
    from settlements.tasks import deliver

    delivery = Delivery.objects.select_for_update(of=("self",)).select_related("recipient").get(pk=delivery.pk)
    if delivery.status != Delivery.Status.FAILED:
        raise DeliveryError(
            _("Only a failed delivery can be retried; this one is %(status)s.")
            % {"status": delivery.get_status_display()}
        )
    if delivery.recipient_id and not delivery.recipient.is_active:
        raise DeliveryError(_("The recipient is not active: activate it first."))
    if delivery.channel == Delivery.Channel.WEBHOOK and delivery.recipient.webhook_disabled_at:
        raise DeliveryError(_("The recipient's webhook endpoint is disabled (410 Gone): re-enable it first."))
    now = timezone.now()
    delivery.status = Delivery.Status.PENDING
    delivery.attempts_base = delivery.attempts
    delivery.next_attempt_at = now
    delivery.enqueued_at = now
    delivery.save(update_fields=["status", "attempts_base", "next_attempt_at", "enqueued_at"])
    audit_record(by=by, action="transition", target=delivery, changes={"status": ["failed", "pending"]})
    deliver.delay_on_commit(delivery.pk)
    return delivery


def delivery_enqueue_failed(*, delivery_id: int) -> None:
    """The broker refused a delivery's task: let the next sweep enqueue it without waiting."""
    Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(enqueued_at=None)


def delivery_mark_enqueued(*, delivery_id: int) -> None:
    """A task for the row is in the broker (e.g. a Celery retry with a countdown): the sweep
    leaves the row alone for a while, so the two do not both send it."""
    Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(enqueued_at=timezone.now())


@transaction.atomic
def delivery_sweep(*, limit: int = 500) -> int:
    """Enqueue the pending rows that are due, not held by a worker and not enqueued recently.

    ``select_for_update(skip_locked=True)`` lets two sweeps run at once without taking the same
    rows; the tasks go out after commit. Returns how many rows were enqueued."""
    from settlements.tasks import deliver

    now = timezone.now()
    due = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(status=Delivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=now - reenqueue_after()))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if due:
        Delivery.objects.filter(pk__in=due).update(enqueued_at=now)
        for pk in due:
            deliver.delay_on_commit(pk)
    return len(due)
