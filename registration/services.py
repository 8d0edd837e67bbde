"""Every write to registration records: one record (admin), deregistration, and imports.

Each function is atomic, takes the acting user as ``by=`` and writes the audit trail inside its
transaction. Rows of a file are never logged: they hold personal data.
"""

import datetime
import hashlib
import io
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.accounts.actors import actor_user
from kernel.audit.services import audit_diff, audit_record, audit_snapshot
from kernel.jobs import TRANSIENT_DATABASE_ERRORS
from kernel.territory.models import Region
from registration.errors import RegistrationError
from registration.importing import (
    Conflicts,
    FileProblem,
    Reference,
    RowChecker,
    check_xlsx_directory,
    column_order,
    is_xlsx,
    read_table,
    write_records,
)
from registration.models import ImportBatch, RegistrationRecord
from registration.validation import COUNTRIES, KAZ

logger = logging.getLogger(__name__)

MAX_BULK_DEREGISTRATION = 1000
# A batch left "checking" or "applying" this long was abandoned by a killed worker: claim it again.
STALE_AFTER = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 300)
TRANSIENT_ERRORS = TRANSIENT_DATABASE_ERRORS
# The sweep: a pending batch's job that has not started this long after it was enqueued is
# enqueued again; a batch still working after the job's hard time limit (and a margin) is rejected.
REENQUEUE_AFTER = datetime.timedelta(minutes=5)
ABANDONED_AFTER = STALE_AFTER
SWEEP_LIMIT = 500
WORKING = ("checking", "applying")


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


def import_batch_submit(*, content: bytes, file_name: str, by, run_async: bool = False) -> ImportBatch:
    """Take a file of registration records. In the foreground it is processed now and the
    finished batch returned; with ``run_async`` the file is stored and a Celery job processes
    it after commit (the admin shows its progress; every XLSX goes this way from the admin).

    Only cheap checks happen here: for an XLSX file, its zip directory (what it unpacks to). A
    file that fails them is a batch rejected at once, with the reason; nothing is unpacked."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file_name=file_name[:255], file_sha256=hashlib.sha256(content).hexdigest(), created_by=actor_user(by)
        )
        xlsx = is_xlsx(content[:4], file_name)
        if xlsx:
            try:
                check_xlsx_directory(io.BytesIO(content))
            except FileProblem as problem:
                return _reject(batch, by, problem)
        if run_async:
            suffix = ".xlsx" if xlsx else ".csv"
            batch.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=True)
            _enqueue(batch)
            return batch
    return import_batch_process(batch_id=batch.pk, content=content, by=by) or batch


# A CSV up to this size is checked and applied within the request; anything larger, and every
# XLSX, is stored and left to the job.
FOREGROUND_MAX_BYTES = 256 * 1024


def import_batch_upload(*, upload, by) -> ImportBatch:
    """Take an uploaded file (a Django ``UploadedFile``) without holding it in memory: a small CSV
    is processed now (``import_batch_submit``); a larger file, and every XLSX, is hashed and stored
    in chunks from the upload's temporary file, its zip directory checked when it is an XLSX, and
    its job enqueued after commit."""
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    xlsx = is_xlsx(head, upload.name)
    if not xlsx and upload.size <= FOREGROUND_MAX_BYTES:
        return import_batch_submit(content=upload.read(), file_name=upload.name, by=by)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file_name=upload.name[:255], file_sha256=digest.hexdigest(), created_by=actor_user(by)
        )
        if xlsx:
            try:
                check_xlsx_directory(upload)
            except FileProblem as problem:
                return _reject(batch, by, problem)
            upload.seek(0)
        batch.file.save(f"{uuid.uuid4().hex}{'.xlsx' if xlsx else '.csv'}", upload, save=True)
        _enqueue(batch)
        return batch


def _enqueue(batch: ImportBatch) -> None:
    """Hand the batch's job to the broker after commit; never fails the caller. A refusal leaves
    ``enqueued_at`` empty, and ``import_batch_sweep`` enqueues it when the broker is back."""
    from kernel.jobs import enqueue_on_commit
    from registration.tasks import import_batch_process_task

    ImportBatch.objects.filter(pk=batch.pk).update(enqueued_at=timezone.now())
    pk = batch.pk
    enqueue_on_commit(
        import_batch_process_task,
        pk,
        on_refused=lambda: ImportBatch.objects.filter(pk=pk, status=ImportBatch.Status.PENDING).update(
            enqueued_at=None
        ),
    )


def import_batch_process(*, batch_id: int, content: bytes | None = None, by=None) -> ImportBatch | None:
    """Check every row of the batch's file and apply it all, or nothing.

    Claims the batch first with a conditional UPDATE, so a job delivered twice runs once (a batch
    abandoned by a killed worker can be claimed again after STALE_AFTER). Returns the finished
    batch, or None when there was nothing to claim. Whatever happens, the batch ends finished:
    an error nobody foresaw rejects it with a reason, never leaves it "checking".
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
        duplicate = (
            ImportBatch.objects.filter(file_sha256=batch.file_sha256, status=ImportBatch.Status.APPLIED)
            .exclude(pk=batch.pk)
            .order_by("pk")
            .first()
        )
        if duplicate is not None:
            return _finish(batch, by, status=ImportBatch.Status.DUPLICATE, duplicate_of=duplicate)
        if content is not None:
            return _check_and_apply(batch, by, io.BytesIO(content))
        with batch.file.open("rb") as handle:
            return _check_and_apply(batch, by, handle)
    except FileProblem as problem:
        return _reject(batch, by, problem)
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
    except Exception as exc:  # noqa: BLE001 - a batch is never left working, whatever happened
        # Anything else (a cell no reader foresaw, a bug, the job's soft time limit): the file is
        # refused with a reason staff can read, and nothing of it is kept.
        logger.error("registration import batch %s stopped unexpectedly: %s", batch.pk, type(exc).__name__)
        return _reject(batch, by, FileProblem("file_unexpected", error=type(exc).__name__))


def _check_and_apply(batch: ImportBatch, by, source) -> ImportBatch:
    table = read_table(source, batch.file_name)
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


def _reject(batch: ImportBatch, by, problem: FileProblem) -> ImportBatch:
    """The whole file refused, for the reason ``problem`` names (at its row when it has one)."""
    error = [problem.row, "file", "", problem.code, problem.params]
    return _finish(batch, by, status=ImportBatch.Status.REJECTED, stored_errors=[error], error_count=1)


def import_batch_fail(*, batch_id: int, reason: str) -> None:
    """Mark a batch failed when its job gave up (retries exhausted); deletes the stored file."""
    batch = ImportBatch.objects.filter(pk=batch_id).exclude(status__in=ImportBatch.FINISHED).first()
    if batch is not None:
        _finish(batch, None, status=ImportBatch.Status.FAILED, failure=reason[:500])


def import_batch_sweep(now: datetime.datetime) -> tuple[int, int]:
    """The periodic safety net of imports. Returns ``(re-enqueued, rejected)``.

    - A pending batch with its file whose job was never enqueued (the broker was down) or was
      enqueued more than REENQUEUE_AFTER ago and has not started is enqueued again (the claim
      makes a second delivery harmless).
    - A batch "checking" or "applying" for longer than ABANDONED_AFTER (the job's hard time
      limit has killed it by then), or pending without a file that long (its foreground process
      died), is rejected with a reason: never left working."""
    due = list(
        ImportBatch.objects.filter(status=ImportBatch.Status.PENDING)
        .exclude(file="")
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REENQUEUE_AFTER))
        .order_by("pk")[:SWEEP_LIMIT]
    )
    for batch in due:
        with transaction.atomic():
            _enqueue(batch)
    abandoned = list(
        ImportBatch.objects.filter(
            Q(status__in=WORKING, started_at__lt=now - ABANDONED_AFTER)
            | Q(status=ImportBatch.Status.PENDING, file="", created_at__lt=now - ABANDONED_AFTER)
        ).order_by("pk")[:SWEEP_LIMIT]
    )
    rejected = 0
    for batch in abandoned:
        with transaction.atomic():
            # Only if it is still where the sweep saw it (a job may have finished it meanwhile).
            locked = (
                ImportBatch.objects.select_for_update(skip_locked=True)
                .filter(pk=batch.pk, status=batch.status, started_at=batch.started_at)
                .first()
            )
            if locked is None:
                continue
            minutes = int(ABANDONED_AFTER.total_seconds() // 60)
            _reject(locked, None, FileProblem("job_abandoned", minutes=minutes))
            rejected += 1
    if due or rejected:
        logger.info("registration import sweep: %d enqueued again, %d abandoned rejected", len(due), rejected)
    return len(due), rejected


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
    if status == ImportBatch.Status.DUPLICATE and duplicate_of is not None:
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
