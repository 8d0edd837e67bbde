"""The fill report for the ministry (issue 15 point 5): by kind and region for a month or a quarter,
XLSX and PDF in Kazakh and Russian, built by a job — figures known by hand, read back from the files.

Pavlodar's kandas quota for 2026 (1,800 places) admitted 200 persons in one family on the 15th of
each month from January to June; Almaty region's resettler quota (1,200) 100 a month in January
to March. The second quarter's report, made on 1 July, is as of 30 June (day 181 of 365).
"""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from kernel.territory.models import Region
from quotas import tasks
from quotas.fill_report import fill_report_data
from quotas.fill_report_files import fill_report_pdf, fill_report_xlsx
from quotas.models import FillReport, Quota
from quotas.services import fill_report_build, fill_report_request, fill_report_sweep
from quotas.tests.test_fill import _monthly, _quota

TODAY = datetime.date(2026, 7, 1)


@pytest.fixture
def quotas(pavlodar, settlement):
    kandas = _quota(pavlodar, limit=1800)
    _monthly(kandas, settlement, dict.fromkeys(range(1, 7), 200))
    almaty = Region.objects.get(kato="190000000")
    resettler = Quota.objects.create(
        kind="resettler", region=almaty, period_start=2026, period_end=2026, limit_persons=1200
    )
    _monthly(resettler, settlement, {1: 100, 2: 100, 3: 100})
    return kandas, resettler


def test_the_second_quarter_s_figures(quotas, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):  # the quotas, then a fixed set of aggregates, whatever their size
        data = fill_report_data(year=2026, period_kind="quarter", number=2, today=TODAY)
    assert data.as_of == datetime.date(2026, 6, 30)
    kandas, resettler = data.sections
    (pavlodar,) = kandas.lines
    assert (pavlodar.limit_persons, pavlodar.period_persons, pavlodar.period_families) == (1800, 600, 3)
    assert (pavlodar.used_persons, pavlodar.used_families) == (1200, 6)
    assert pavlodar.expected_persons == round(1800 * 181 / 365)  # 893
    assert pavlodar.status == "at_risk"
    (almaty,) = resettler.lines
    assert (almaty.period_persons, almaty.used_persons, almaty.status) == (0, 300, "behind")
    assert (data.total.limit_persons, data.total.used_persons, data.total.period_persons) == (3000, 1500, 600)


def test_a_month_report_counts_only_that_month(quotas):
    data = fill_report_data(year=2026, period_kind="month", number=5, kind="kandas", today=TODAY)
    assert [section.kind for section in data.sections] == ["regional quota for admitting kandases"]
    (line,) = data.sections[0].lines
    assert (line.period_persons, line.used_persons) == (200, 1000)  # May alone; January to May


@pytest.mark.parametrize(
    ("language", "sheet", "words"),
    [
        (
            "kk",
            "Квоталардың толуы",
            ["Павлодар облысы", "Қауіп бар: мерзімінен бұрын таусылады", "2026 жылғы 2-тоқсан"],
        ),
        (
            "ru",
            "Заполнение квот",
            ["Павлодарская область", "Под угрозой: закончится раньше срока", "2 квартал 2026 года"],
        ),
    ],
)
def test_the_xlsx_in_kazakh_and_russian(quotas, language, sheet, words):
    from django.utils import translation

    with translation.override(language):
        content = fill_report_xlsx(fill_report_data(year=2026, period_kind="quarter", number=2, today=TODAY))
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [sheet]
    rows = list(book[sheet].iter_rows(values_only=True))
    text = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    for word in words:
        assert word in text, word
    (pavlodar,) = [row for row in rows if row[0] == words[0]]
    # No family limit is set: the cell is empty, not a nought.
    assert pavlodar[1:8] == (1800, None, 600, 3, 1200, 6, pytest.approx(0.667, abs=0.001))
    assert all(isinstance(value, int) for value in pavlodar[1:7] if value is not None)  # numbers, not text


def test_a_region_named_like_a_formula_stays_text(quotas, pavlodar):
    Region.objects.filter(pk=pavlodar.pk).update(name_kk='=HYPERLINK("http://x")', name_ru="=1+2")
    from django.utils import translation

    with translation.override("ru"):
        content = fill_report_xlsx(fill_report_data(year=2026, period_kind="quarter", number=2, today=TODAY))
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=1+2"]
    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("kk", ["Кандастар мен қоныс аударушыларға арналған өңірлік квоталардың толуы", "Павлодар облысы", "1 беттің"]),
        ("ru", ["Заполнение региональных квот приёма кандасов и переселенцев", "Павлодарская область", "из 1"]),
    ],
)
def test_the_pdf_in_kazakh_and_russian(quotas, language, words):
    from django.utils import translation

    with translation.override(language):
        content = fill_report_pdf(fill_report_data(year=2026, period_kind="quarter", number=2, today=TODAY))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = " ".join(text.split())
    for word in words:
        assert word.replace("\u00a0", " ") in text.replace("\u00a0", " "), word
    assert "1 800" in text.replace("\u00a0", " ")


def test_ordered_once_built_once_and_downloaded_with_an_audit(quotas, staff_user, analyst_user, client):
    report = fill_report_request(
        by=analyst_user, year=2026, period_kind="quarter", number=2, format="pdf", language="ru", today=TODAY
    )
    built = fill_report_build(report_id=report.pk, today=TODAY)
    assert built.status == FillReport.Status.READY and bytes(built.content).startswith(b"%PDF")
    assert fill_report_build(report_id=report.pk, today=TODAY) is None  # a second worker gets nothing
    client.force_login(analyst_user)
    response = client.get(f"/admin/quotas/fillreport/{report.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from kernel.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="export", object_id=str(report.pk)).exists()


def test_a_period_not_yet_begun_is_refused_naming_the_field(quotas, staff_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        fill_report_request(
            by=staff_user, year=2026, period_kind="quarter", number=4, format="xlsx", language="kk", today=TODAY
        )
    assert "number" in refused.value.message_dict
    assert not FillReport.objects.exists()


def test_the_sweep_enqueues_a_report_the_queue_never_got(
    quotas, staff_user, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(tasks.build_fill_report, "apply_async", lambda args, **options: sent.append(args))
    report = FillReport.objects.create(year=2026, period_kind="quarter", number=2, format="xlsx", language="kk")
    with django_capture_on_commit_callbacks(execute=True):
        assert fill_report_sweep(now=timezone.now()) == 1
    assert sent == [(report.pk,)]
    assert fill_report_sweep(now=timezone.now()) == 0  # enqueued just now: not again


def test_the_admin_orders_a_report_and_refuses_a_future_period(quotas, staff_user, client):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    refused = client.post(
        "/admin/quotas/fillreport/add/",
        {"year": 2099, "period_kind": "quarter", "number": 1, "kind": "", "format": "xlsx", "language": "kk"},
    )
    assert refused.status_code == 200 and "The period has not begun yet" in refused.content.decode()
    assert not FillReport.objects.exists()
    with CaptureQueriesContext(connection):
        ordered = client.post(
            "/admin/quotas/fillreport/add/",
            {"year": 2026, "period_kind": "month", "number": 1, "kind": "", "format": "xlsx", "language": "ru"},
        )
    assert ordered.status_code == 302
    assert FillReport.objects.get().language == "ru"
