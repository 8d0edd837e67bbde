"""Writes of settlements, recipients and the settlement list (rules p.5): atomic, keyword-only,
with ``by=`` the acting user and an audit entry inside the same transaction.

``settlement_list_create`` takes a draft snapshot of the settlements offered for resettlement,
``settlement_list_refresh`` retakes it, the head approves (``settlement_list_approve``) and
publishes (``settlement_list_publish``): publication freezes the version and writes the delivery
outbox, whose sending is enqueued only after commit (see ``outbox``).
"""

from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.accounts.actors import actor_user
from kernel.audit.services import audit_diff, audit_record, audit_snapshot
from kernel.shared_cache import cache_call
from settlements import channels, documents, page_store, selectors
from settlements.errors import SettlementListError
from settlements.models import Delivery, Recipient, Settlement, SettlementList, SettlementListItem
from settlements.services.outbox import delivery_enqueue_on_commit


def _require_permission(by, codename: str, message: str) -> None:
    if actor_user(by) is None or not by.has_perm(f"settlements.{codename}"):
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
                    version=_next_version(), year=year, note=note, created_by=actor_user(by)
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
    _announce_current_on_commit()
    for delivery in deliveries:
        delivery_enqueue_on_commit(delivery_id=delivery.pk)
    return settlement_list


def _announce_current_on_commit() -> None:
    """After the publication commits, make the new version current in the shared cache (every
    process sees it within ``selectors.CURRENT_LOCAL_SECONDS``) and drop this host's pages of
    older versions."""

    def announce():
        meta = selectors.latest_published()
        cache_call("set", selectors.CURRENT_KEY, asdict(meta) if meta else {}, selectors.CURRENT_TTL)
        selectors.forget_current_list()
        if meta:
            page_store.prune_pages(meta.checksum)

    transaction.on_commit(announce)
