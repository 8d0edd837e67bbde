"""A report in each format opens, holds the figures, speaks the requester's language and carries
no personal data."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pypdf
import pytest

from monitoring.models import CITY, Report
from monitoring.reports import WRITERS
from monitoring.services import indicators_recompute, natural_increase_enter, report_request
from monitoring.tests.conftest import ALMATY, SARYARKA

KAZAKH_LETTERS = set("әғқңөұүһі")
SURNAME, DOCUMENT = "Жеке-Деректер", "SECRET0042"


@pytest.fixture
def figures(make_records, districts):
    d = datetime.date
    make_records(
        {
            "surname": SURNAME,
            "document_number": DOCUMENT,
            "registered_on": d(2026, 1, 10),
            "arrived_from_country": "CHN",
        },
        {
            "district": SARYARKA,
            "registered_on": d(2020, 1, 1),
            "deregistered_on": d(2026, 2, 1),
            "departed_to_country": "RUS",
        },
        {"district": SARYARKA, "registered_on": d(2021, 1, 1), "ethnicity": "russian"},
    )
    indicators_recompute(year=2026, today=d(2026, 12, 31))
    natural_increase_enter(period="2026-Q1", district=None, births=9, deaths=4, source_document="БНС", by=None)


def build(user, fmt, capture, *, language="kk", indicators=None):
    with capture(execute=True):
        report = report_request(
            by=user,
            periods=["2026", "2026-Q1", "2026-01", "2026-02"],
            districts=[ALMATY, SARYARKA, CITY],
            indicators=indicators or ["immigration", "population_outflow", "national_composition", "natural_increase"],
            format=fmt,
            language=language,
        )
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    assert report.progress == 100
    with report.file.open("rb") as f:
        return report, f.read()


def test_it_builds_a_csv_that_parses(figures, analyst_user, django_capture_on_commit_callbacks):
    _report, content = build(analyst_user, "csv", django_capture_on_commit_callbacks)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows[0]) == 8
    body = [(r[0], r[3], r[4], r[6], r[7]) for r in rows[1:]]
    assert ("immigration", "2026", ALMATY, "", "1") in body
    assert ("population_outflow", "2026-Q1", SARYARKA, "", "1") in body
    # National composition comes with its parts.
    assert ("national_composition", "2026", CITY, "қазақ", "1") in body
    assert ("natural_increase", "2026-Q1", CITY, "", "5") in body


def test_it_builds_an_xlsx_with_a_native_chart(figures, analyst_user, django_capture_on_commit_callbacks):
    _report, content = build(analyst_user, "xlsx", django_capture_on_commit_callbacks)
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert any(n.startswith("xl/charts/chart") for n in names)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    # Sheets are named by the indicator's name in the report's language, never by its code.
    assert workbook.sheetnames[:2] == ["Есеп", "Көшіп келу (шетелден келгендер)"]
    assert not [name for name in workbook.sheetnames if "_" in name]
    sheet = workbook["Көшіп келу (шетелден келгендер)"]
    assert sheet._charts, "the indicator sheet holds its chart"
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["2026", 1, 0, 1] in cells
    assert ["2026 ж. 1-тоқсан", 1, 0, 1] in cells  # periods by name
    assert [name for name in workbook.sheetnames if name.startswith("Халықтың ұлттық құрамы, бөлік")]


def test_it_builds_a_pdf_whose_pages_carry_kazakh_text(figures, analyst_user, django_capture_on_commit_callbacks):
    _report, content = build(analyst_user, "pdf", django_capture_on_commit_callbacks)
    pdf = pypdf.PdfReader(io.BytesIO(content))
    assert len(pdf.pages) >= 1
    text = "\n".join(page.extract_text() for page in pdf.pages)
    # The Kazakh names of indicators and districts, with their own letters, rendered as text.
    assert "Көшіп келу" in text
    assert "Халықтың ұлттық құрамы" in text
    assert KAZAKH_LETTERS & set(text) >= {"ә", "ұ", "қ"}


def test_it_builds_the_report_in_the_requesters_language(figures, analyst_user, django_capture_on_commit_callbacks):
    _report, content = build(analyst_user, "pdf", django_capture_on_commit_callbacks, language="ru")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "Иммиграция (прибывшие из-за рубежа)" in text
    assert "Көшіп келу" not in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_it_puts_no_personal_data_in_a_report(figures, analyst_user, django_capture_on_commit_callbacks, fmt):
    _report, content = build(analyst_user, fmt, django_capture_on_commit_callbacks)
    if fmt == "csv":
        text = content.decode("utf-8-sig")
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        text = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)
    else:
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert SURNAME not in text and DOCUMENT not in text


def test_it_marks_a_report_failed_with_the_error(
    figures, analyst_user, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(data, *, progress):
        raise ValueError("chart engine exploded")

    monkeypatch.setitem(WRITERS, "csv", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            by=analyst_user, periods=["2026"], districts=[CITY], indicators=["immigration"], format="csv"
        )
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "exploded" in report.error


def test_it_writes_headers_and_labels_in_the_requesters_language(
    figures, analyst_user, django_capture_on_commit_callbacks
):
    _report, content = build(analyst_user, "csv", django_capture_on_commit_callbacks, language="ru")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["код показателя", "показатель", "единица измерения"]
    assert ["Астана (весь город)", "родившиеся"] in [[r[5], r[6]] for r in rows[1:]]


def test_the_csv_for_excel_opens_as_columns_and_the_one_for_programs_parses_as_rfc_4180(
    figures, analyst_user, django_capture_on_commit_callbacks
):
    natural_increase_enter(period="2026-Q2", district=None, births=3, deaths=1, source_document="БНС", by=None)
    _report, people = build(analyst_user, "csv", django_capture_on_commit_callbacks, indicators=["natural_increase"])
    _report, programs = build(
        analyst_user, "csvprog", django_capture_on_commit_callbacks, indicators=["natural_increase"]
    )
    for content in (people, programs):
        assert content.startswith("\ufeff".encode())  # Excel reads the letters right
    # As Excel splits a line under Kazakh or Russian regional settings: on semicolons.
    first = people.decode("utf-8-sig").splitlines()[0]
    assert first.count(";") == 7 and "," not in first
    rows = list(csv.reader(io.StringIO(programs.decode("utf-8-sig"))))
    assert len(rows[0]) == 8
    assert ("natural_increase", "2026-Q1", CITY, "", "5") in [(r[0], r[3], r[4], r[6], r[7]) for r in rows[1:]]
    assert _report.extension == "csv"


def test_a_fraction_is_written_with_a_decimal_comma_for_people_and_a_point_for_programs():
    from decimal import Decimal

    from kernel.spreadsheets import csv_bytes

    rows = [["a", Decimal("12.5"), 3, "=1+1"]]
    assert csv_bytes(rows).decode("utf-8-sig") == "a;12,5;3;'=1+1\r\n"
    assert csv_bytes(rows, for_people=False).decode("utf-8-sig") == "a,12.5,3,'=1+1\r\n"


def test_the_pdf_draws_the_city_on_a_chart_of_its_own_in_its_meanings_colour(figures):
    from reportlab.lib import colors

    from kernel.charts import palette
    from monitoring.models import Indicator
    from monitoring.reports.data import ReportData
    from monitoring.reports.pdf_report import _charts

    data = ReportData.load(
        {"periods": ["2026-01", "2026-02"], "districts": [ALMATY, SARYARKA, CITY], "indicators": ["immigration"]}
    )
    city, districts = _charts(data, Indicator.objects.get(code="immigration"))
    city_key, districts_key = city.contents[-1].colorNamePairs, districts.contents[-1].colorNamePairs
    assert [name for _colour, name in city_key] == [data.areas[-1][1]]  # the city alone
    assert len(districts_key) == 2
    assert city_key[0][0] == colors.HexColor(palette.colour(palette.ARRIVALS))  # as on the dashboard
