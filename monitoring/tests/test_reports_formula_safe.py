"""A report's cells are text where a user typed text: an ethnicity recorded as a formula (it is
typed by staff and comes out as a breakdown part) reaches the analyst as text, in CSV and XLSX."""

import csv
import datetime
import io

import openpyxl
import pytest

from monitoring.models import CITY, Report
from monitoring.services import indicators_recompute, report_request

FORMULA, PLUS = '=HYPERLINK("http://x")', "+1"


@pytest.fixture
def formula_parts(make_records):
    d = datetime.date
    make_records(
        {"registered_on": d(2026, 1, 10), "ethnicity": FORMULA},
        {"registered_on": d(2026, 1, 11), "ethnicity": PLUS},
    )
    indicators_recompute(year=2026, today=d(2026, 12, 31))


def _build(user, fmt, capture) -> bytes:
    with capture(execute=True):
        report = report_request(
            by=user, periods=["2026"], districts=[CITY], indicators=["national_composition"], format=fmt, language="kk"
        )
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    with report.file.open("rb") as f:
        return f.read()


def test_the_csv_report_writes_formula_like_parts_behind_an_apostrophe(
    formula_parts, analyst_user, django_capture_on_commit_callbacks
):
    content = _build(analyst_user, "csv", django_capture_on_commit_callbacks)
    parts = [row[6] for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")][1:]
    assert "'" + FORMULA in parts
    assert "'" + PLUS in parts
    assert FORMULA not in parts and PLUS not in parts


def test_the_xlsx_report_writes_formula_like_parts_as_strings(
    formula_parts, analyst_user, django_capture_on_commit_callbacks
):
    content = _build(analyst_user, "xlsx", django_capture_on_commit_callbacks)
    book = openpyxl.load_workbook(io.BytesIO(content))
    (sheet,) = [ws for ws in book.worksheets if ws.title.startswith("Халықтың ұлттық құрамы, бөлік")]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value in (FORMULA, PLUS)}
    assert set(cells) == {FORMULA, PLUS}
    assert {cell.data_type for cell in cells.values()} == {"s"}
    # Figures stay numbers.
    assert any(cell.data_type == "n" and cell.value == 1 for row in sheet.iter_rows() for cell in row)
