"""Analysts' reports in CSV, XLSX (native charts) and PDF (charts), built from indicator values only."""

from django.utils import timezone

from monitoring.reports import csv_report, pdf_report, xlsx_report
from monitoring.reports.data import ReportData

WRITERS = {
    "csv": csv_report.write,
    "csvprog": csv_report.write_for_programs,
    "xlsx": xlsx_report.write,
    "pdf": pdf_report.write,
}


def build(report, *, progress) -> tuple[str, bytes]:
    """The file name and content of ``report`` in the active language; ``progress(percent)`` is told how far."""
    data = ReportData.load(report.parameters)
    progress(10)
    content = WRITERS[report.format](data, progress=lambda share: progress(10 + int(85 * share)))
    filename = f"monitoring-report-{report.pk}-{timezone.localdate():%Y%m%d}.{report.extension}"
    return filename, content
