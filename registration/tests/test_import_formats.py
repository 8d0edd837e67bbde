"""The files registration systems produce: CSV in UTF-8 (with or without BOM) or Windows-1251,
comma or semicolon separated, and XLSX; dates as YYYY-MM-DD or DD.MM.YYYY."""

import datetime

import pytest

from registration.columns import COLUMNS
from registration.importing import FileProblem, column_order
from registration.models import ImportBatch, RegistrationRecord
from registration.services import import_batch_submit
from registration.tests.conftest import csv_file, foreign_worker_row, valid_row, xlsx_file

ROWS = [
    valid_row(birth_date="01.01.1990", registered_on="14.03.2025"),
    foreign_worker_row(),
]


def _import(user, content, name):
    return import_batch_submit(content=content, file_name=name, by=user)


def test_it_imports_a_windows_1251_file_from_an_older_system(staff_user):
    # Russian names only: Windows-1251 has no Kazakh letters such as Ә or Ұ.
    rows = [
        valid_row(
            surname="Иванова",
            name="Мария",
            patronymic="Петровна",
            sex="F",
            iin="850315441855",
            ethnicity="русская",
            street="проспект Республики",
        )
    ]
    content = csv_file(rows, encoding="cp1251", delimiter=";")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # really not UTF-8

    batch = _import(staff_user, content, "old-system.csv")

    assert batch.status == ImportBatch.Status.APPLIED, batch.errors
    record = RegistrationRecord.objects.get()
    assert (record.surname, record.name, record.patronymic) == ("Иванова", "Мария", "Петровна")


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf-8", "utf-8 with BOM"])
def test_it_imports_utf8_with_or_without_a_bom(staff_user, bom):
    batch = _import(staff_user, bom + csv_file(ROWS), "records.csv")

    assert batch.status == ImportBatch.Status.APPLIED, batch.errors
    record = RegistrationRecord.objects.get(iin="900101322018")
    assert record.surname == "Әбенов"
    assert record.birth_date == datetime.date(1990, 1, 1)
    assert record.registered_on == datetime.date(2025, 3, 14)
    assert RegistrationRecord.objects.get(document_number="FA1234567").valid_until == datetime.date(2025, 9, 14)


def test_it_imports_xlsx_even_with_iins_and_dates_typed_by_excel(staff_user):
    row = valid_row(iin="050601586849", birth_date="2005-06-01", registered_on="2025-03-14")
    cells = [row[c] for c in COLUMNS]
    # Excel turns an IIN into a number (losing the leading zero) and dates into dates.
    cells[COLUMNS.index("iin")] = 50601586849
    cells[COLUMNS.index("birth_date")] = datetime.date(2005, 6, 1)
    cells[COLUMNS.index("registered_on")] = datetime.datetime(2025, 3, 14)
    cells[COLUMNS.index("building")] = 55

    batch = _import(staff_user, xlsx_file([cells, foreign_worker_row()]), "records.xlsx")

    assert batch.status == ImportBatch.Status.APPLIED, batch.errors
    record = RegistrationRecord.objects.get(iin="050601586849")
    assert record.birth_date == datetime.date(2005, 6, 1)
    assert record.building == "55"


def test_it_accepts_the_columns_in_any_order_and_any_case(staff_user):
    header = list(reversed(COLUMNS))
    content = csv_file([{c: r[c] for c in header} for r in ROWS], header=header)
    content = content.replace(b"iin", b"IIN", 1)

    batch = _import(staff_user, content, "reordered.csv")

    assert batch.status == ImportBatch.Status.APPLIED, batch.errors
    assert RegistrationRecord.objects.count() == 2


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ([c for c in COLUMNS if c != "district"], "header_missing"),
        ([*COLUMNS, "phone"], "header_unknown"),
        ([*COLUMNS, "iin"], "header_repeated"),
    ],
)
def test_it_names_what_is_wrong_with_the_header(header, code):
    with pytest.raises(FileProblem) as caught:
        column_order(header)
    assert caught.value.code == code


def test_it_rejects_a_file_that_is_neither_csv_nor_xlsx(staff_user):
    batch = _import(staff_user, b"PK\x03\x04 not really a workbook", "broken.xlsx")

    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.errors == [[1, "file", "", "file_unreadable", {}]]


def test_an_empty_file_is_rejected(staff_user):
    batch = _import(staff_user, csv_file([]), "empty.csv")

    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.errors[0][3] == "file_empty"
