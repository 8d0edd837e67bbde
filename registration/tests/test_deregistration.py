"""Deregistration ends a registration and keeps the record (monitoring counts the history)."""

import datetime

import pytest
from django.utils import timezone, translation

from kernel.audit.models import AuditEntry
from registration.errors import RegistrationError
from registration.models import RegistrationRecord
from registration.services import (
    import_batch_submit,
    registration_bulk_deregister,
    registration_deregister,
)
from registration.tests.conftest import csv_file, valid_row

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar


@pytest.fixture
def record(staff_user):
    import_batch_submit(content=csv_file([valid_row()]), file_name="one.csv", by=staff_user)
    return RegistrationRecord.objects.get()


def test_it_ends_the_registration_and_keeps_the_record(record, staff_user):
    registration_deregister(record=record, on=datetime.date(2025, 6, 1), departed_to="RUS", by=staff_user)

    record.refresh_from_db()
    assert (record.deregistered_on, record.departed_to_country) == (datetime.date(2025, 6, 1), "RUS")
    assert not record.is_active
    entry = AuditEntry.objects.get(action="transition")
    assert entry.changes["deregistered_on"] == [None, "2025-06-01"]


@pytest.mark.parametrize(
    ("on", "departed_to", "reason"),
    [
        (datetime.date(2025, 1, 1), "", "The deregistration date is before the registration date."),
        ("the day after tomorrow", "", "The deregistration date is in the future."),
        (datetime.date(2025, 6, 1), "990000000", "“990000000” is not the KATO code of a region."),
        (datetime.date(2025, 6, 1), "KAZ", "“KAZ” is not an ISO 3166 alpha-3 code of a foreign country."),
    ],
)
def test_it_refuses_a_deregistration_the_rules_do_not_allow(record, staff_user, on, departed_to, reason):
    if on == "the day after tomorrow":  # in Astana, when the test runs
        on = timezone.localdate() + datetime.timedelta(days=2)
    with translation.override("en"):
        with pytest.raises(RegistrationError) as refused:
            registration_deregister(record=record, on=on, departed_to=departed_to, by=staff_user)
        assert str(refused.value) == reason
    record.refresh_from_db()
    assert record.is_active


def test_deregistering_twice_is_refused(record, staff_user):
    registration_deregister(record=record, on=datetime.date(2025, 6, 1), by=staff_user)

    with pytest.raises(RegistrationError):
        registration_deregister(record=record, on=datetime.date(2025, 7, 1), by=staff_user)


def test_bulk_deregistration_leaves_alone_what_it_cannot_end(record, staff_user):
    later = RegistrationRecord.objects.create(
        **{f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields if not f.primary_key}
        | {"iin": "850315441855", "registered_on": datetime.date(2025, 8, 1)}
    )

    done, left = registration_bulk_deregister(
        record_ids=[record.pk, later.pk], on=datetime.date(2025, 7, 1), departed_to="550000000", by=staff_user
    )

    assert (done, left) == (1, 1)
    later.refresh_from_db()
    assert later.is_active  # registered after that date
    record.refresh_from_db()
    assert record.departed_to_region.kato == "550000000"
