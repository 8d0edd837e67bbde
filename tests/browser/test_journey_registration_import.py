"""A registration officer imports a file with two bad rows: nothing is applied, the batch page
names each bad row and column in Kazakh, and the downloaded error report says the same."""

import csv
import io
from pathlib import Path

import pytest
from django.utils import translation

from registration.models import RegistrationRecord
from registration.tests.conftest import csv_file, valid_row
from registration.validation import message
from tests.browser.conftest import log_in, save_screenshot

pytestmark = pytest.mark.browser


def test_an_officer_imports_a_file_with_errors_and_reads_the_report(page, staff_user):
    rows = [
        valid_row(),
        valid_row(iin="900101322019", surname="Қасымова", sex="F"),  # a wrong control digit
        valid_row(iin="860912350786", district="999999999"),  # not a district of Astana
    ]
    log_in(page, "staff", "test-password-123")
    page.wait_for_url("**/admin/")

    page.goto("/admin/registration/importbatch/add/")
    page.set_input_files(
        "input[type=file]", files=[{"name": "tirkeu.csv", "mimeType": "text/csv", "buffer": csv_file(rows)}]
    )
    save_screenshot(page, "registration-import-form-kk")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/registration/importbatch/*/change/")
    save_screenshot(page, "registration-import-batch-kk")

    # All or nothing: the good row was not applied either.
    assert RegistrationRecord.objects.count() == 0
    with translation.override("kk"):
        control_digit = message("iin", "iin_control", {})
    assert control_digit in page.content()

    with page.expect_download() as download:
        page.click("a[href$='/report.csv']")
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    report = list(csv.reader(io.StringIO(text), delimiter=";"))
    bad_rows = {line[0] for line in report[1:]}
    assert bad_rows == {"3", "4"}  # the header is row 1: the second and third records
    assert any(control_digit in cell for line in report for cell in line)
    assert page.problems.messages == []
