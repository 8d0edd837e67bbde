"""Importing the same file again, or a later export overlapping an earlier one, adds nothing twice."""

import pytest

from registration.models import ImportBatch, RegistrationRecord
from registration.services import import_batch_submit
from registration.tests.conftest import csv_file, demo_rows

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar


def test_a_file_imported_again_adds_nothing(staff_user):
    content = csv_file(demo_rows(300))
    first = import_batch_submit(content=content, file_name="march.csv", by=staff_user)
    assert first.status == ImportBatch.Status.APPLIED

    again = import_batch_submit(content=content, file_name="march (copy).csv", by=staff_user)

    assert again.status == ImportBatch.Status.DUPLICATE
    assert again.duplicate_of == first
    assert again.rows_created == 0
    assert RegistrationRecord.objects.count() == first.rows_created == 300


def test_rows_already_in_the_register_are_skipped_not_duplicated(staff_user):
    # A later export repeats the earlier rows (a different file, so a different hash) and adds new ones.
    rows = demo_rows(400, seed=11)
    import_batch_submit(content=csv_file(rows[:250]), file_name="march.csv", by=staff_user)

    later = import_batch_submit(content=csv_file(rows), file_name="april.csv", by=staff_user)

    assert later.status == ImportBatch.Status.APPLIED, later.errors[:3]
    assert (later.rows_created, later.rows_skipped) == (150, 250)
    assert RegistrationRecord.objects.count() == 400


def test_an_import_leaves_one_audit_entry_with_its_counts(staff_user):
    from kernel.audit.models import AuditEntry

    batch = import_batch_submit(content=csv_file(demo_rows(30)), file_name="a.csv", by=staff_user)

    entries = AuditEntry.objects.filter(action="import")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == staff_user
    assert entry.object_id == str(batch.pk)
    assert entry.changes["rows_created"] == [0, 30]
