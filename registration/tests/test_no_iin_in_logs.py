"""An IIN never reaches a log line, whatever happens to an import: our code logs ids and error
kinds, never a row or a database error's text (which quotes the row)."""

import logging
import re

from django.db import IntegrityError

from registration import services
from registration.models import ImportBatch
from registration.services import import_batch_submit
from registration.tests.conftest import csv_file, demo_rows, valid_row

TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")


def test_imports_good_bad_and_failing_log_no_iin(staff_user, caplog, client, monkeypatch):
    caplog.set_level(logging.DEBUG)
    rows = demo_rows(200)
    iin = next(r[0] for r in rows if r[0])

    import_batch_submit(content=csv_file(rows), file_name="good.csv", by=staff_user)
    import_batch_submit(content=csv_file([valid_row(iin="900101322019")]), file_name="bad.csv", by=staff_user)

    def clash(buffer):
        # What PostgreSQL says on a unique violation: the row's values, IIN included.
        raise IntegrityError(f"duplicate key value violates unique constraint DETAIL: Key (iin)=({iin}) exists.")

    monkeypatch.setattr(services, "write_records", clash)
    failed = import_batch_submit(content=csv_file(demo_rows(20, seed=9)), file_name="race.csv", by=staff_user)
    client.force_login(staff_user)
    client.post("/admin/registration/registrationrecord/search/", {"term": iin})
    client.get(f"/admin/registration/registrationrecord/?q={iin}")

    assert failed.status == ImportBatch.Status.FAILED
    assert failed.failure == "IntegrityError"  # the batch keeps the kind of error, not its text
    assert any("failed: IntegrityError" in r.getMessage() for r in caplog.records)
    assert not [r.getMessage() for r in caplog.records if TWELVE_DIGITS.search(r.getMessage())]
