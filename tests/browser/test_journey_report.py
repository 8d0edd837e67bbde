"""An analyst orders a monitoring report in the admin (XLSX with charts), sees it ready and
downloads it; the file opens and holds the indicator's figures in Kazakh."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kernel.spreadsheets import sheet_title
from monitoring.catalogue import catalogue_sync
from monitoring.models import Indicator
from monitoring.services import natural_increase_enter
from tests.browser.conftest import log_in, save_screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def statistics(settings, tmp_path, staff_user):
    settings.MONITORING_REPORTS_DIR = tmp_path / "reports"
    # The catalogue comes with a migration; a browser test's database is emptied after each test,
    # so load it again the way the migration does.
    catalogue_sync(Indicator)
    for quarter, (births, deaths) in enumerate([(410, 120), (395, 130)], start=1):
        natural_increase_enter(
            period=f"2026-Q{quarter}", district=None, births=births, deaths=deaths, source_document="ҰСБ", by=staff_user
        )


def test_an_analyst_orders_a_report_and_downloads_it(page, analyst_user, statistics):
    natural_increase = Indicator.objects.get(code="natural_increase")
    log_in(page, "analyst", "test-password-123")
    page.wait_for_url("**/admin/")

    page.goto("/admin/monitoring/report/add/")
    page.select_option("#id_format", "xlsx")
    page.select_option("#id_year", "2026")
    page.uncheck("input[name=granularity][value=year]")
    page.check("input[name=granularity][value=quarter]")
    for box in page.locator("input[name=indicators]").all():
        box.uncheck()
    page.check(f"input[name=indicators][value='{natural_increase.pk}']")
    save_screenshot(page, "report-order-kk")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/monitoring/report/")
    save_screenshot(page, "report-list-kk")

    with page.expect_download() as download:
        page.click("#result_list a[href$='/download/']")
    assert download.value.suggested_filename.endswith(".xlsx")
    data = Path(download.value.path()).read_bytes()
    assert data[:2] == b"PK"  # an XLSX is a zip archive
    workbook = load_workbook(io.BytesIO(data))
    summary = workbook.worksheets[0]
    cells = [str(cell.value) for row in summary.iter_rows() for cell in row if cell.value is not None]
    assert natural_increase.name_kk in cells
    sheet = workbook[sheet_title(natural_increase.name_kk, [])]  # named by the indicator, in the report's language
    figures = [cell.value for row in sheet.iter_rows() for cell in row]
    assert 290 in figures and 265 in figures  # births − deaths of each quarter
    assert page.problems.messages == []
