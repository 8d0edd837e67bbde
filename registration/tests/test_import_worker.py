"""A large file is imported by a Celery job on a real worker (through Redis, not eager mode),
while the batch shows its progress."""

import time
from pathlib import Path

import pytest
from django.conf import settings

from registration.models import ImportBatch, RegistrationRecord
from registration.services import import_batch_process, import_batch_submit
from registration.tests.conftest import csv_file, demo_rows


def _wait_until_finished(batch_id, seconds=120):
    deadline = time.monotonic() + seconds
    seen_progress = set()
    while time.monotonic() < deadline:
        batch = ImportBatch.objects.get(pk=batch_id)
        seen_progress.add(batch.progress)
        if batch.is_finished:
            return batch, seen_progress
        time.sleep(0.05)
    raise AssertionError(f"batch {batch_id} still {batch.status} after {seconds} s")


@pytest.mark.worker
def test_a_large_file_is_imported_by_a_real_worker(celery_worker_real, staff_user):
    content = csv_file(demo_rows(20_000, seed=5))

    batch = import_batch_submit(content=content, file_name="city-export.csv", by=staff_user, run_async=True)

    # Queued: the file waits on storage for the worker; nothing is applied yet.
    assert batch.status == ImportBatch.Status.PENDING
    stored = Path(settings.MEDIA_ROOT) / batch.file.name
    assert stored.exists()
    finished, seen_progress = _wait_until_finished(batch.pk)
    assert finished.status == ImportBatch.Status.APPLIED, finished.errors[:3]
    assert finished.rows_created == RegistrationRecord.objects.count() == 20_000
    assert finished.progress == 100
    assert seen_progress - {0, 100}, "no intermediate progress was ever visible"
    # Once processed, the file (personal data) is gone and only its hash is kept.
    assert not stored.exists()
    assert finished.file.name == ""
    assert finished.file_sha256


@pytest.mark.worker
def test_a_job_delivered_twice_imports_once(celery_worker_real, staff_user):
    batch = import_batch_submit(
        content=csv_file(demo_rows(500, seed=6)), file_name="twice.csv", by=staff_user, run_async=True
    )
    finished, _progress = _wait_until_finished(batch.pk)

    # A second delivery of the same job (Redis re-delivers after a lost acknowledgement).
    assert import_batch_process(batch_id=batch.pk) is None
    assert RegistrationRecord.objects.count() == finished.rows_created == 500
