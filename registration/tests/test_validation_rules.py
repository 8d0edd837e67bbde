"""Each rule of a registration record, as the import reports it: the row, the column and a clear
message naming the field. (The admin form applies the same rules: test_record_form.py.)"""

import datetime

import pytest
from django.utils import timezone, translation

from registration.exports import error_report_rows
from registration.models import ImportBatch, RegistrationRecord
from registration.services import import_batch_submit
from registration.tests.conftest import csv_file, foreign_worker_row, valid_row

# Replaced by the day after the test's "today" when the test runs (never at import: the clock may
# be frozen at another date, or midnight may pass while the suite runs).
TOMORROW = "<tomorrow>"

CASES = {
    "iin control digit": (
        valid_row(iin="900101322019"),
        "iin",
        "IIN: the control digit is wrong; check the number.",
    ),
    "iin length": (valid_row(iin="90010132201"), "iin", "IIN: an IIN is exactly 12 digits."),
    "registered in the future": (
        valid_row(registered_on=TOMORROW),
        "registered_on",
        "Registered on: the date is in the future.",
    ),
    "born in the future": (valid_row(birth_date=TOMORROW), "birth_date", "Birth date: the date is in the future."),
    "born after registration": (
        valid_row(birth_date="2025-05-01"),
        "birth_date",
        "Birth date: after the registration date.",
    ),
    "born before 1900": (valid_row(birth_date="1890-05-01"), "birth_date", "Birth date: before 1900; check the year."),
    "deregistered before registered": (
        valid_row(deregistered_on="2025-01-01"),
        "deregistered_on",
        "Deregistered on: before the registration date.",
    ),
    "deregistered in the future": (
        valid_row(deregistered_on=TOMORROW),
        "deregistered_on",
        "Deregistered on: the date is in the future.",
    ),
    "not a date": (
        valid_row(registered_on="14/03/2025"),
        "registered_on",
        "Registered on: not a date; write it as YYYY-MM-DD or DD.MM.YYYY.",
    ),
    "impossible date": (
        valid_row(birth_date="31.02.1990"),
        "birth_date",
        "Birth date: not a date; write it as YYYY-MM-DD or DD.MM.YYYY.",
    ),
    "temporary without end": (
        foreign_worker_row(valid_until=""),
        "valid_until",
        "Valid until: a temporary registration needs its end date.",
    ),
    "temporary over 12 months": (
        foreign_worker_row(valid_until="2026-03-15"),
        "valid_until",
        "Valid until: a temporary registration lasts from 1 to 12 months, "
        "i.e. from 2025-04-14 to 2026-03-14 for this registration date.",
    ),
    "temporary under a month": (
        foreign_worker_row(valid_until="2025-03-20"),
        "valid_until",
        "Valid until: a temporary registration lasts from 1 to 12 months, "
        "i.e. from 2025-04-14 to 2026-03-14 for this registration date.",
    ),
    "permanent with an end": (
        valid_row(valid_until="2025-09-14"),
        "valid_until",
        "Valid until: a permanent registration has no end date; leave it empty.",
    ),
    "unknown district": (
        valid_row(district="999999999"),
        "district",
        "District: “999999999” is not the KATO code of a district of Astana.",
    ),
    "district outside Astana": (
        valid_row(district="550000000"),
        "district",
        "District: “550000000” is not the KATO code of a district of Astana.",
    ),
    "unknown region": (
        valid_row(arrived_from="990000000"),
        "arrived_from",
        "Arrived from: “990000000” is neither the KATO code of a region of Kazakhstan "
        "nor an ISO 3166 alpha-3 country code.",
    ),
    "unknown country": (
        valid_row(departed_to="XYZ", deregistered_on="2025-05-01"),
        "departed_to",
        "Departed to: “XYZ” is neither the KATO code of a region of Kazakhstan nor an ISO 3166 alpha-3 country code.",
    ),
    "Kazakhstan as a place": (
        valid_row(arrived_from="KAZ"),
        "arrived_from",
        "Arrived from: for a place inside Kazakhstan give the KATO code of the region, not KAZ.",
    ),
    "departed without deregistration": (
        valid_row(departed_to="RUS"),
        "departed_to",
        "Departed to: only a deregistered record has a destination.",
    ),
    "unknown citizenship": (
        foreign_worker_row(citizenship="QQQ"),
        "citizenship",
        "Citizenship: “QQQ” is not an ISO 3166 alpha-3 country code (e.g. KAZ, UZB).",
    ),
    "citizen of another country": (
        valid_row(citizenship="UZB"),
        "citizenship",
        "Citizenship: a citizen of Kazakhstan has citizenship KAZ.",
    ),
    "foreigner with KAZ": (
        foreign_worker_row(citizenship="KAZ"),
        "citizenship",
        "Citizenship: a foreigner cannot have citizenship KAZ; the category would be citizen.",
    ),
    "stateless with a citizenship": (
        valid_row(category="stateless", citizenship="RUS"),
        "citizenship",
        "Citizenship: a stateless person has none; leave it empty or write XXA.",
    ),
    "no IIN and no document number": (
        foreign_worker_row(document_number=""),
        "document_number",
        "Document number: a person without an IIN is identified by a document; give its type and number.",
    ),
    "no IIN and no document type": (
        foreign_worker_row(document_type=""),
        "document_type",
        "Document type: a person without an IIN is identified by a document; give its type and number.",
    ),
    "half a document": (
        valid_row(document_type="id_card"),
        "document_number",
        "Document number: give both the type and the number of the document.",
    ),
    "unknown document type": (
        foreign_worker_row(document_type="visa"),
        "document_type",
        "Document type: “visa” is not one of the allowed values "
        "(foreign_passport, id_card, passport, residence_permit, stateless_certificate).",
    ),
    "unknown sex": (valid_row(sex="X"), "sex", "Sex: “X” is not one of the allowed values (F, M)."),
    "unknown kind": (
        valid_row(kind="seasonal"),
        "kind",
        "Kind of registration: “seasonal” is not one of the allowed values (permanent, temporary).",
    ),
    "no surname": (valid_row(surname=""), "surname", "Surname: a value is required."),
    "no district": (valid_row(district=""), "district", "District of Astana: a value is required."),
    "surname too long": (
        valid_row(surname="Ә" * 101),
        "surname",
        "Surname: at most 100 characters are allowed, this value has 101.",
    ),
}


@pytest.mark.calendar
@pytest.mark.parametrize(("row", "column", "expected"), CASES.values(), ids=CASES.keys())
def test_it_rejects_a_row_breaking_a_rule_with_a_message_naming_the_field(staff_user, row, column, expected):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    row = {column: tomorrow if value == TOMORROW else value for column, value in row.items()}
    batch = import_batch_submit(
        content=csv_file([valid_row(iin="850315441855"), row]), file_name="a.csv", by=staff_user
    )

    assert batch.status == ImportBatch.Status.REJECTED
    assert RegistrationRecord.objects.count() == 0  # the good first row is not applied either
    with translation.override("en"):
        report = error_report_rows(batch)[1:]
    assert [(r[0], r[1], r[3]) for r in report] == [(3, column, expected)]


def test_it_accepts_the_rows_the_rules_allow(staff_user):
    rows = [
        valid_row(),
        valid_row(iin="850315441855", birth_date="15.03.1985", registered_on="01.02.2024", arrived_from=""),
        foreign_worker_row(),
        # Stateless without an IIN: empty citizenship means none (stored as XXA).
        valid_row(
            iin="",
            category="stateless",
            citizenship="",
            document_type="stateless_certificate",
            document_number="N0001",
            arrived_from="CHN",
        ),
        # Deregistered, left for Russia; a district KATO code stands for its region as the origin.
        valid_row(iin="770707358748", deregistered_on="2025-06-01", departed_to="RUS", arrived_from="552000000"),
    ]
    batch = import_batch_submit(content=csv_file(rows), file_name="ok.csv", by=staff_user)

    assert batch.status == ImportBatch.Status.APPLIED, batch.errors
    assert batch.rows_created == 5
    stateless = RegistrationRecord.objects.get(category="stateless")
    assert stateless.citizenship == "XXA"
    moved = RegistrationRecord.objects.get(iin="770707358748")
    assert moved.departed_to_country == "RUS"
    assert moved.arrived_from_region.kato == "550000000"
