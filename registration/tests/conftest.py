"""Helpers for the registration tests: rows in the import layout, files made of them, records."""

import csv
import datetime
import io
import random

import pytest
from django.utils import timezone

from registration.columns import COLUMNS

ESIL = "711410000"  # a district of Astana
PAVLODAR = "550000000"  # a region


def valid_row(**changes) -> dict:
    """One good row: a citizen with a permanent registration. ``changes`` replace columns."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        iin="900101322018",
        surname="Әбенов",
        name="Ерлан",
        patronymic="Серікұлы",
        birth_date="1990-01-01",
        sex="M",
        citizenship="KAZ",
        category="citizen",
        ethnicity="kazakh",
        kind="permanent",
        district=ESIL,
        street="Мәңгілік Ел даңғылы",
        building="55",
        flat="12",
        registered_on="2025-03-14",
        arrived_from=PAVLODAR,
        purpose="work",
    )
    row.update(changes)
    return row


def foreign_worker_row(**changes) -> dict:
    """A foreign worker without an IIN, on a temporary registration."""
    values = {
        "iin": "",
        "document_type": "foreign_passport",
        "document_number": "FA1234567",
        "surname": "Каримов",
        "name": "Азиз",
        "patronymic": "",
        "citizenship": "UZB",
        "category": "foreigner",
        "ethnicity": "өзбек",
        "kind": "temporary",
        "registered_on": "2025-03-14",
        "valid_until": "2025-09-14",
        "arrived_from": "UZB",
    }
    return valid_row(**(values | changes))


def csv_file(rows, *, encoding="utf-8", delimiter=",", header=COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[c] for c in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode(encoding)


def xlsx_file(rows, *, header=COLUMNS) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([row[c] for c in header] if isinstance(row, dict) else list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def demo_rows(count: int, seed: int = 7) -> list[list[str]]:
    from registration.demo import generate

    return list(generate(random.Random(seed), count, today=timezone.localdate()))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def yesterday(today):
    return today - datetime.timedelta(days=1)
