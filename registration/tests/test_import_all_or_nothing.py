"""A file with a single bad row changes nothing; the report lists exactly the bad rows."""

from django.utils import translation

from registration.columns import COLUMNS
from registration.exports import error_report_rows
from registration.models import ImportBatch, RegistrationRecord
from registration.services import import_batch_submit
from registration.tests.conftest import csv_file, demo_rows


def test_a_file_of_1000_rows_with_3_bad_ones_imports_nothing_and_reports_those_3(staff_user):
    rows = demo_rows(1000)
    # Spread over the file: the first, a middle and the last row (file rows 2, 502 and 1001).
    rows[0][COLUMNS.index("district")] = "999999999"
    rows[500][COLUMNS.index("registered_on")] = "2099-01-01"
    rows[999][COLUMNS.index("sex")] = "X"

    batch = import_batch_submit(content=csv_file(rows), file_name="registry.csv", by=staff_user)

    assert batch.status == ImportBatch.Status.REJECTED
    assert RegistrationRecord.objects.count() == 0
    assert batch.error_count == 3
    assert batch.rows_total == 1000
    with translation.override("en"):
        report = error_report_rows(batch)
    assert report[0] == ("row", "column", "value", "reason")
    assert [(row, column, value) for row, column, value, _reason in report[1:]] == [
        (2, "district", "999999999"),
        (502, "registered_on", "2099-01-01"),
        (1001, "sex", "X"),
    ]


def test_the_same_file_without_the_bad_rows_imports_every_row(staff_user):
    rows = demo_rows(1000)

    batch = import_batch_submit(content=csv_file(rows), file_name="registry.csv", by=staff_user)

    assert batch.status == ImportBatch.Status.APPLIED, batch.errors[:3]
    assert batch.rows_created == 1000
    assert RegistrationRecord.objects.count() == 1000


def test_a_clash_with_the_register_rejects_the_whole_file(staff_user):
    # The register already holds a person's active permanent registration; the file gives the
    # same person another one (a new address), among good rows.
    first = demo_rows(50, seed=1)
    import_batch_submit(content=csv_file(first), file_name="first.csv", by=staff_user)
    before = RegistrationRecord.objects.count()
    person = RegistrationRecord.objects.filter(kind="permanent", deregistered_on__isnull=True).exclude(iin="").first()
    rows = demo_rows(20, seed=2)
    moved = list(rows[0])
    moved[COLUMNS.index("iin")] = person.iin
    moved[COLUMNS.index("kind")] = "permanent"
    moved[COLUMNS.index("valid_until")] = ""
    moved[COLUMNS.index("deregistered_on")] = ""
    moved[COLUMNS.index("departed_to")] = ""
    moved[COLUMNS.index("registered_on")] = "2025-01-02"
    moved[COLUMNS.index("birth_date")] = "1980-01-01"
    moved[COLUMNS.index("category")] = "citizen"
    moved[COLUMNS.index("citizenship")] = "KAZ"
    moved[COLUMNS.index("document_type")] = moved[COLUMNS.index("document_number")] = ""
    rows[0] = moved

    batch = import_batch_submit(content=csv_file(rows), file_name="second.csv", by=staff_user)

    assert batch.status == ImportBatch.Status.REJECTED
    assert RegistrationRecord.objects.count() == before
    with translation.override("en"):
        report = error_report_rows(batch)[1:]
    assert len(report) == 1
    row, column, value, reason = report[0]
    assert (row, column) == (2, "iin")
    assert value == f"{person.iin[:4]}******{person.iin[-2:]}"  # the stored report masks IINs
    assert reason == (
        f"IIN: this person already has an active permanent registration (record №{person.pk}); deregister it first."
    )


def test_the_same_person_twice_in_a_file_is_reported_on_the_second_row(staff_user):
    rows = demo_rows(10, seed=3)
    rows = [r for r in rows if r[COLUMNS.index("kind")] == "permanent" and not r[COLUMNS.index("deregistered_on")]]
    twin = list(rows[0])
    twin[COLUMNS.index("street")] = "Тұран даңғылы"
    twin[COLUMNS.index("registered_on")] = "2025-02-02"
    rows.append(twin)

    batch = import_batch_submit(content=csv_file(rows), file_name="twice.csv", by=staff_user)

    assert batch.status == ImportBatch.Status.REJECTED
    with translation.override("en"):
        report = error_report_rows(batch)[1:]
    assert [(r[0], r[1], r[3]) for r in report] == [
        (
            len(rows) + 1,
            "iin",
            "IIN: the same person already has an active permanent registration in row 2 of the file.",
        )
    ]
