"""Uploads are read with bounds (issue 11, point 4): hostile files end their batch rejected with a
reason named, in the staff member's language, with nothing kept; XLSX is only unpacked by the job."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from registration.columns import COLUMNS
from registration.importing import FileProblem, Limits, read_table
from registration.models import ImportBatch, RegistrationRecord
from registration.services import import_batch_submit
from registration.tests import hostile_files
from registration.tests.conftest import csv_file, valid_row, xlsx_file
from registration.validation import message

ADD = "/admin/registration/importbatch/add/"

# Small enough for the tests, hostile in the same way as the bench's full-size files.
SIZES = {
    "rows-bomb.xlsx": {"rows": 2_000_000},
    "shared-strings-bomb.xlsx": {"strings": 20_000},
    "huge-cells.xlsx": {"cells": 1, "length": 300_000},
}


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _upload(client, content, name, capture):
    with capture(execute=False) as enqueued:
        response = client.post(ADD, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    return enqueued


@pytest.mark.parametrize("name", list(hostile_files.HOSTILE))
def test_a_hostile_file_ends_its_batch_rejected_with_the_reason_and_nothing_kept(
    staff_client, django_capture_on_commit_callbacks, name
):
    content = hostile_files.build_bytes(name, **SIZES.get(name, {}))

    enqueued = _upload(staff_client, content, name, django_capture_on_commit_callbacks)
    for callback in enqueued:
        callback()  # the commit: the job runs (eagerly in the tests)

    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED
    [[row, column, _value, code, params]] = batch.errors
    assert (column, code) == ("file", hostile_files.REASONS[name])
    assert batch.finished_at is not None
    assert batch.file.name == ""  # the stored upload is deleted
    assert RegistrationRecord.objects.count() == 0
    for language in ("kk", "ru"):
        with translation.override(language):
            reason = message(column, code, params)
        assert reason != f"{column}: {code}"  # a sentence, not the bare code
        if "row" in params:
            assert str(params["row"]) in reason


def test_bombs_are_refused_in_the_request_from_the_zip_directory_alone(
    staff_client, django_capture_on_commit_callbacks
):
    content = hostile_files.build_bytes("rows-bomb.xlsx", rows=2_000_000)
    assert len(content) < 200_000  # unpacks to 50 MB

    enqueued = _upload(staff_client, content, "report.xlsx", django_capture_on_commit_callbacks)

    batch = ImportBatch.objects.get()
    # Rejected at once: no job, no stored file, not a row read.
    assert batch.status == ImportBatch.Status.REJECTED
    assert (batch.enqueued_at, batch.started_at, batch.file.name, batch.rows_checked) == (None, None, "", 0)
    assert not [c for c in enqueued if "import_batch_process" in repr(c)]
    [[_row, _column, _value, code, params]] = batch.errors
    assert code == "xlsx_compression"
    assert params["member"] == "xl/worksheets/sheet1.xml"
    assert params["ratio"] > params["max"] == 100


def test_the_rows_are_named_where_csv_files_go_wrong(staff_user):
    cases = {
        "nul-byte.csv": {"row": 3},
        "cp1251-row.csv": {"row": 3, "encoding": "UTF-8"},
        "huge-cell.csv": {"row": 2, "column": "street", "max": 1000},
        "one-10mb-line.csv": {"row": 1, "max": 64},
    }
    for name, params in cases.items():
        batch = import_batch_submit(content=hostile_files.build_bytes(name), file_name=name, by=staff_user)
        assert batch.errors == [[params["row"], "file", "", hostile_files.REASONS[name], params]], name
    with translation.override("ru"):
        assert message("file", "row_encoding", cases["cp1251-row.csv"]).startswith("Строка 3 не в кодировке файла")
    with translation.override("kk"):
        assert message("file", "line_too_long", cases["one-10mb-line.csv"]).startswith("1-жол 64 кБ-тан ұзын")


def test_a_windows_1251_file_with_a_utf8_row_is_refused_too(staff_user):
    russian = {"patronymic": "Петрович", "ethnicity": "русский", "street": "проспект Абая"}
    rows = [valid_row(surname="Иванов", **russian), valid_row(iin="850315441855", surname="Петров")]
    utf8_row = ",".join(rows[1][c] for c in COLUMNS).encode("utf-8")  # with Kazakh letters
    content = csv_file(rows[:1], encoding="cp1251") + utf8_row

    batch = import_batch_submit(content=content, file_name="mixed.csv", by=staff_user)

    assert batch.errors == [[3, "file", "", "row_encoding", {"row": 3, "encoding": "Windows-1251"}]]
    assert RegistrationRecord.objects.count() == 0


def _rows(content, limits, name="records.xlsx"):
    table = read_table(content, name, limits)
    return list(table.rows)


def test_the_xlsx_reader_stops_at_the_rows_bound_while_reading():
    content = xlsx_file([valid_row(iin=str(900101322018 + i)) for i in range(10)])

    assert len(_rows(content, Limits(max_rows=10))) == 10
    with pytest.raises(FileProblem) as caught:
        _rows(content, Limits(max_rows=5))
    assert (caught.value.code, caught.value.params) == ("file_too_large", {"max": 5})


def test_the_xlsx_reader_bounds_the_shared_strings_it_keeps():
    content = hostile_files.build_bytes("shared-strings-bomb.xlsx", strings=50, length=10)
    # 50 strings of 10 letters of two bytes: 1000 bytes, 50 strings.
    _rows(content, Limits(max_shared_text_bytes=1000))
    for limits in (Limits(max_shared_text_bytes=999), Limits(max_shared_strings=49)):
        with pytest.raises(FileProblem) as caught:
            _rows(content, limits)
        assert caught.value.code == "xlsx_strings_too_large"


def test_the_xlsx_reader_bounds_columns_cells_and_tokens():
    wide = xlsx_file([[*(valid_row()[c] for c in COLUMNS), *([""] * 41), "far"]])
    with pytest.raises(FileProblem) as caught:
        _rows(wide, Limits())
    assert (caught.value.code, caught.value.params) == ("too_many_columns", {"row": 2, "max": 64})

    long_cell = xlsx_file([valid_row(street="ы" * 1001)])
    with pytest.raises(FileProblem) as caught:
        _rows(long_cell, Limits())
    assert (caught.value.code, caught.value.params) == ("cell_too_long", {"row": 2, "column": "O", "max": 1000})

    huge = hostile_files.build_bytes("huge-cells.xlsx", cells=1, length=300_000)
    with pytest.raises(FileProblem) as caught:
        _rows(huge, Limits(max_cell_chars=10**7, max_xml_token_bytes=100_000))
    assert caught.value.code == "xlsx_token_too_long"


def test_the_xlsx_reader_reads_a_workbook_as_openpyxl_writes_it():
    row = valid_row(flat="")
    rows = _rows(xlsx_file([row, valid_row(iin="850315441855")]), Limits())

    assert [number for number, _cells in rows] == [2, 3]
    cells = rows[0][1]
    assert cells + [""] * (len(COLUMNS) - len(cells)) == [row[c] for c in COLUMNS]


def test_an_unexpected_error_in_the_job_rejects_the_batch_with_a_reason(staff_user, monkeypatch):
    def broken_reader(*args, **kwargs):
        raise LookupError("something nobody foresaw")

    monkeypatch.setattr(csv, "reader", broken_reader)  # the standard library failing, not our code

    batch = import_batch_submit(content=csv_file([valid_row()]), file_name="records.csv", by=staff_user)

    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.errors == [[1, "file", "", "file_unexpected", {"error": "LookupError"}]]
    with translation.override("kk"):
        assert "LookupError" in message("file", "file_unexpected", {"error": "LookupError"})
    assert not ImportBatch.objects.exclude(status__in=ImportBatch.FINISHED).exists()


def test_a_csv_with_many_rows_streams_its_row_numbers():
    content = csv_file([valid_row(iin=str(900101322018 + i)) for i in range(3)])
    table = read_table(io.BytesIO(content), "records.csv")

    assert table.header == list(COLUMNS)
    assert [number for number, _cells in table.rows] == [2, 3, 4]
    assert table.estimated_rows == 3
