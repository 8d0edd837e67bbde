"""Every write to registration records: one record (admin), deregistration, and imports.

Each function is atomic, takes the acting user as ``by=`` and writes the audit trail inside its
transaction. Rows of a file are never logged: they hold personal data.
"""

import datetime
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from astana_migration.audit.services import audit_diff, audit_record, audit_snapshot
from astana_migration.territory.models import Region
from registration.importing import (
    Conflicts,
    FileProblem,
    Reference,
    RowChecker,
    column_order,
    read_table,
    write_records,
)
from registration.models import ImportBatch, RegistrationRecord
from registration.validation import COUNTRIES, KAZ

logger = logging.getLogger(__name__)

MAX_BULK_DEREGISTRATION = 1000
# A batch left "checking" or "applying" this long was abandoned by a killed worker: claim it again.
STALE_AFTER = datetime.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800) + 300)
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


class RegistrationError(Exception):
    """A registration write that the rules do not allow; the message is for the staff member."""


# --- One record ---------------------------------------------------------------------------------


@transaction.atomic
def registration_create(*, record: RegistrationRecord, by) -> RegistrationRecord:
    """Add ``record`` (an unsaved instance) after checking every rule."""
    record.full_clean()
    record.save()
    audit_record(by=by, action="create", target=record)
    return record


@transaction.atomic
def registration_update(*, record: RegistrationRecord, by) -> RegistrationRecord:
    """Save the changed ``record``; the audit entry holds what changed, before and after."""
    before = audit_snapshot(RegistrationRecord.objects.select_for_update().get(pk=record.pk))
    record.full_clean()
    record.save()
    changes = audit_diff(before, audit_snapshot(record))
    changes.pop("updated_at", None)
    if changes:
        audit_record(by=by, action="update", target=record, changes=changes)
    return record


def _departure(departed_to: str) -> tuple[Region | None, str]:
    """A destination given as a region's KATO code or an ISO alpha-3 country code."""
    departed_to = (departed_to or "").strip().upper()
    if not departed_to:
        return None, ""
    if departed_to.isdigit():
        region = Region.objects.filter(kato=departed_to).first()
        if region is None:
            raise RegistrationError(_("“%(value)s” is not the KATO code of a region.") % {"value": departed_to})
        return region, ""
    if departed_to == KAZ or departed_to not in COUNTRIES:
        raise RegistrationError(
            _("“%(value)s” is not an ISO 3166 alpha-3 code of a foreign country.") % {"value": departed_to}
        )
    return None, departed_to


def _check_deregistration_date(on: datetime.date) -> None:
    if on > timezone.localdate():
        raise RegistrationError(_("The deregistration date is in the future."))


@transaction.atomic
def registration_deregister(*, record: RegistrationRecord, on: datetime.date, departed_to: str = "", by):
    """End a registration; the record stays (monitoring counts the history)."""
    _check_deregistration_date(on)
    region, country = _departure(departed_to)
    record = RegistrationRecord.objects.select_for_update().get(pk=record.pk)
    if record.deregistered_on is not None:
        raise RegistrationError(_("The registration has already ended."))
    if on < record.registered_on:
        raise RegistrationError(_("The deregistration date is before the registration date."))
    record.deregistered_on, record.departed_to_region, record.departed_to_country = on, region, country
    record.save(update_fields=["deregistered_on", "departed_to_region", "departed_to_country", "updated_at"])
    audit_record(
        by=by,
        action="transition",
        target=record,
        changes={"deregistered_on": [None, on.isoformat()], "departed_to": ["", departed_to]},
    )
    return record


@transaction.atomic
def registration_bulk_deregister(*, record_ids, on: datetime.date, departed_to: str = "", by) -> tuple[int, int]:
    """Deregister many records at once (the admin's bulk action). Records already deregistered,
    or registered after ``on``, are left alone. Returns ``(deregistered, left alone)``."""
    record_ids = list(record_ids)
    if len(record_ids) > MAX_BULK_DEREGISTRATION:
        raise RegistrationError(
            _("At most %(max)d records can be deregistered at once.") % {"max": MAX_BULK_DEREGISTRATION}
        )
    _check_deregistration_date(on)
    region, country = _departure(departed_to)
    due = list(
        RegistrationRecord.objects.select_for_update()
        .filter(pk__in=record_ids, deregistered_on__isnull=True, registered_on__lte=on)
        .order_by("pk")
    )
    RegistrationRecord.objects.filter(pk__in=[r.pk for r in due]).update(
        deregistered_on=on, departed_to_region=region, departed_to_country=country, updated_at=timezone.now()
    )
    for record in due:
        audit_record(
            by=by,
            action="transition",
            target=record,
            changes={"deregistered_on": [None, on.isoformat()], "departed_to": ["", departed_to]},
            note="bulk deregistration",
        )
    return len(due), len(record_ids) - len(due)


# --- Imports ------------------------------------------------------------------------------------


def _user(by):
    return by if getattr(by, "pk", None) and getattr(by, "_meta", None) else None


def import_batch_submit(*, content: bytes, file_name: str, by, run_async: bool = False) -> ImportBatch:
    """Take a file of registration records. In the foreground it is processed now and the
    finished batch returned; with ``run_async`` the file is stored and a Celery job processes
    it after commit (the admin shows its progress)."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file_name=file_name[:255], file_sha256=hashlib.sha256(content).hexdigest(), created_by=_user(by)
        )
        if run_async:
            from registration.tasks import import_batch_process_task

            suffix = ".xlsx" if content[:4] == b"PK\x03\x04" else ".csv"
            batch.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=True)
            import_batch_process_task.delay_on_commit(batch.pk)
            return batch
    return import_batch_process(batch_id=batch.pk, content=content, by=by) or batch


def import_batch_process(*, batch_id: int, content: bytes | None = None, by=None) -> ImportBatch | None:
    """Check every row of the batch's file and apply it all, or nothing.

    Claims the batch first with a conditional UPDATE, so a job delivered twice runs once (a batch
    abandoned by a killed worker can be claimed again after STALE_AFTER). Returns the finished
    batch, or None when there was nothing to claim.
    """
    now = timezone.now()
    claimed = (
        ImportBatch.objects.filter(pk=batch_id)
        .filter(
            Q(status=ImportBatch.Status.PENDING)
            | Q(status__in=[ImportBatch.Status.CHECKING, ImportBatch.Status.APPLYING], started_at__lt=now - STALE_AFTER)
        )
        .update(status=ImportBatch.Status.CHECKING, started_at=now, rows_checked=0)
    )
    if not claimed:
        return None
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    by = by if by is not None else batch.created_by
    try:
        if content is None:
            with batch.file.open("rb") as handle:
                content = handle.read()
        duplicate = (
            ImportBatch.objects.filter(file_sha256=batch.file_sha256, status=ImportBatch.Status.APPLIED)
            .exclude(pk=batch.pk)
            .order_by("pk")
            .first()
        )
        if duplicate is not None:
            return _finish(batch, by, status=ImportBatch.Status.DUPLICATE, duplicate_of=duplicate)
        table = read_table(content, batch.file_name)
        order = column_order(table.header)
        ImportBatch.objects.filter(pk=batch.pk).update(rows_total=table.estimated_rows)
        checker = RowChecker(reference=Reference.load(), today=timezone.localdate())
        checker.check(
            table.rows,
            order,
            progress=lambda n: ImportBatch.objects.filter(pk=batch.pk).update(rows_checked=n),
        )
        batch.rows_total = batch.rows_checked = checker.rows_seen
        if checker.error_count:
            return _finish(
                batch, by, status=ImportBatch.Status.REJECTED, errors=checker.problems, error_count=checker.error_count
            )
        if not checker.rows_good:
            raise FileProblem("file_empty")
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.APPLYING, rows_total=batch.rows_total, rows_checked=batch.rows_checked
        )
        with transaction.atomic():
            added, present = write_records(checker.out)
            return _finish(batch, by, status=ImportBatch.Status.APPLIED, added=added, present=present)
    except FileProblem as problem:
        error = [1, "file", "", problem.code, problem.params]
        return _finish(batch, by, status=ImportBatch.Status.REJECTED, stored_errors=[error], error_count=1)
    except Conflicts as conflicts:
        return _finish(
            batch, by, status=ImportBatch.Status.REJECTED, errors=conflicts.problems, error_count=conflicts.count
        )
    except TRANSIENT_ERRORS:
        # The database went away: give the batch back, and let the job retry it.
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PENDING)
        raise
    except (DatabaseError, ValidationError, OSError) as exc:
        # Never the exception's text in a log line or on the batch: it may quote a row.
        logger.error("registration import batch %s failed: %s", batch.pk, type(exc).__name__)
        return _finish(batch, by, status=ImportBatch.Status.FAILED, failure=type(exc).__name__)


def import_batch_fail(*, batch_id: int, reason: str) -> None:
    """Mark a batch failed when its job gave up (retries exhausted); deletes the stored file."""
    batch = ImportBatch.objects.filter(pk=batch_id).exclude(status__in=ImportBatch.FINISHED).first()
    if batch is not None:
        _finish(batch, None, status=ImportBatch.Status.FAILED, failure=reason[:500])


@transaction.atomic
def _finish(
    batch: ImportBatch,
    by,
    *,
    status: str,
    added: int = 0,
    present: int = 0,
    errors=(),
    stored_errors=None,
    error_count: int = 0,
    duplicate_of: ImportBatch | None = None,
    failure: str = "",
) -> ImportBatch:
    batch.status = status
    batch.finished_at = timezone.now()
    batch.rows_created, batch.rows_skipped = added, present
    batch.errors = stored_errors if stored_errors is not None else [p.stored() for p in errors]
    batch.error_count = error_count
    batch.duplicate_of = duplicate_of
    batch.failure = failure
    if status == ImportBatch.Status.DUPLICATE:
        batch.rows_skipped = duplicate_of.rows_created + duplicate_of.rows_skipped
    stored_file = batch.file.name if batch.file else ""
    batch.file = ""
    batch.save()
    audit_record(
        by=by,
        action="import",
        target=batch,
        changes={
            "status": [ImportBatch.Status.PENDING, status],
            "rows_created": [0, batch.rows_created],
            "rows_skipped": [0, batch.rows_skipped],
            "error_count": [0, batch.error_count],
        },
        note=f"sha256 {batch.file_sha256}",
    )
    if stored_file:
        # The uploaded file holds personal data: once processed, only its hash is kept.
        storage = batch.file.storage
        transaction.on_commit(lambda: storage.delete(stored_file))
    return batch


@transaction.atomic
def registration_export_record(*, by, personal: bool, filters: str = "") -> None:
    """Note in the audit trail that ``by`` exported registration records (with personal data or not)."""
    audit_record(
        by=by,
        action="export",
        changes={"personal_data": [None, personal]},
        note=f"registration records; filters: {filters or '-'}",
    )


@transaction.atomic
def import_batch_report_record(*, batch: ImportBatch, by) -> None:
    """Note in the audit trail that ``by`` downloaded the error report of ``batch``."""
    audit_record(by=by, action="export", target=batch, note="error report")
