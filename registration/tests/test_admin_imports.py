"""Importing from the admin: the template, the upload, the batch page with its progress, and the
error report in the staff member's language."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from registration import services
from registration.columns import COLUMNS
from registration.models import ImportBatch, RegistrationRecord
from registration.services import FOREGROUND_MAX_BYTES
from registration.tests.conftest import csv_file, demo_rows, valid_row

ADD = "/admin/registration/importbatch/add/"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    return client


def _upload(client, content, name="records.csv"):
    return client.post(ADD, {"file": SimpleUploadedFile(name, content)})


def test_the_templates_have_the_designed_columns(staff_client):
    csv_template = staff_client.get(reverse("admin:registration_importbatch_template", args=["csv"]))
    xlsx_template = staff_client.get(reverse("admin:registration_importbatch_template", args=["xlsx"]))

    assert csv_template.status_code == xlsx_template.status_code == 200
    assert next(csv.reader(io.StringIO(csv_template.content.decode("utf-8-sig")), delimiter=";")) == list(COLUMNS)
    workbook = load_workbook(io.BytesIO(xlsx_template.content))
    records_sheet, help_sheet = workbook.worksheets
    assert [c.value for c in records_sheet[1]] == list(COLUMNS)
    assert records_sheet.max_row == 1  # an untouched template imports nobody
    assert [row[0].value for row in help_sheet.iter_rows(min_row=2)] == list(COLUMNS)


def test_the_xlsx_template_filled_in_imports_by_the_job_never_in_the_request(
    staff_client, django_capture_on_commit_callbacks
):
    template = staff_client.get(reverse("admin:registration_importbatch_template", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(template.content))
    workbook.worksheets[0].append([valid_row()[c] for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)

    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        response = _upload(staff_client, buffer.getvalue(), "filled.xlsx")

    # The request stored the file and answered: a small workbook too is read by the job only.
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_checked, batch.enqueued_at is not None) == (ImportBatch.Status.PENDING, 0, True)
    assert RegistrationRecord.objects.count() == 0
    for callback in enqueued:
        callback()  # the commit: the job runs (eagerly in the tests)
    assert ImportBatch.objects.get().status == ImportBatch.Status.APPLIED
    assert RegistrationRecord.objects.count() == 1


def test_a_small_file_is_imported_while_staff_wait(staff_client, staff_user):
    response = _upload(staff_client, csv_file(demo_rows(50)))

    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("admin:registration_importbatch_change", args=[batch.pk])
    assert (batch.status, batch.rows_created, batch.created_by) == (ImportBatch.Status.APPLIED, 50, staff_user)
    page = staff_client.get(response["Location"])
    assert page.status_code == 200
    assert 'http-equiv="refresh"' not in page.content.decode()  # finished: no more refreshing


def test_a_large_file_goes_to_the_background_job(staff_client, django_capture_on_commit_callbacks):
    content = csv_file(demo_rows(3000))
    assert len(content) > FOREGROUND_MAX_BYTES

    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        response = _upload(staff_client, content)

    # The job was enqueued on commit; tests run Celery eagerly, so it ran through the same service.
    assert len(enqueued) >= 1
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("admin:registration_importbatch_change", args=[batch.pk])
    assert batch.status == ImportBatch.Status.APPLIED
    assert RegistrationRecord.objects.count() == 3000


def test_a_running_import_page_refreshes_itself_and_shows_progress(staff_client, staff_user):
    batch = ImportBatch.objects.create(
        file_name="big.csv", file_sha256="0" * 64, created_by=staff_user, status="checking", rows_total=1000
    )
    ImportBatch.objects.filter(pk=batch.pk).update(rows_checked=250)

    html = staff_client.get(reverse("admin:registration_importbatch_change", args=[batch.pk])).content.decode()

    assert 'http-equiv="refresh"' in html
    assert '<progress max="100" value="25">' in html


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("en", "IIN: the control digit is wrong; check the number."),
        ("ru", "ИИН: неверная контрольная цифра; проверьте номер."),
        ("kk", "ЖСН: бақылау цифры қате; нөмірді тексеріңіз."),
    ],
)
def test_the_error_report_is_in_the_staff_members_language(staff_client, language, reason):
    _upload(staff_client, csv_file([valid_row(), valid_row(iin="850315441856", registered_on="2025-01-01")]))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED
    staff_client.cookies["django_language"] = language

    report = staff_client.get(reverse("admin:registration_importbatch_report", args=[batch.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig")), delimiter=";"))
    xlsx = staff_client.get(reverse("admin:registration_importbatch_report", args=[batch.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]

    assert rows[1] == ["3", "iin", "8503******56", reason]
    assert [c.value for c in sheet[2]] == [3, "iin", "8503******56", reason]
    assert RegistrationRecord.objects.count() == 0


def test_a_large_upload_is_hashed_and_stored_in_chunks_not_read_whole(staff_user, monkeypatch):
    """The upload request never holds a large file in memory: it is hashed and stored from the
    upload's temporary file chunk by chunk (``read()`` without a size is never called on it)."""
    import hashlib

    from django.core.files.uploadedfile import TemporaryUploadedFile

    content = csv_file(demo_rows(3000))
    upload = TemporaryUploadedFile("big.csv", "text/csv", len(content), "utf-8")
    upload.write(content)
    upload.seek(0)
    whole_reads = []
    original_read = upload.file.read

    def read(size=-1):
        if size is None or size < 0:
            whole_reads.append(size)
        return original_read(size)

    monkeypatch.setattr(upload.file, "read", read)
    batch = services.import_batch_upload(upload=upload, by=staff_user)
    assert whole_reads == []
    batch.refresh_from_db()
    assert batch.file_sha256 == hashlib.sha256(content).hexdigest()
    with batch.file.open("rb") as stored:
        assert stored.read() == content
