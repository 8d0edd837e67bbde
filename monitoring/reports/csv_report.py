"""CSV: one row per indicator, period, territory (and breakdown part), UTF-8 with a BOM.

Two dialects (kernel.spreadsheets): ``write`` for people, which Excel under Kazakh or Russian
regional settings opens as columns (semicolons, decimal comma); ``write_for_programs`` with commas
and decimal points. Periods and codes stay machine-readable ("2026-Q1") in both, for filtering.
Cells are made safe: a part recorded as ``=...`` (an ethnicity is typed by staff) is text."""

import io

from kernel.spreadsheets import CSV_BOM, csv_writer
from monitoring.reports.data import ReportData, number, part_label


def write(data: ReportData, *, progress) -> bytes:
    return _write(data, progress=progress, for_people=True)


def write_for_programs(data: ReportData, *, progress) -> bytes:
    return _write(data, progress=progress, for_people=False)


def _write(data: ReportData, *, progress, for_people: bool) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out, for_people=for_people)
    h = data.headers()
    writer.writerow(
        [h["indicator"], h["name"], h["unit"], h["period"], h["kato"], h["territory"], h["part"], h["value"]]
    )
    for i, indicator in enumerate(data.indicators, start=1):
        unit = indicator.get_unit_display()
        for period in data.periods:
            for kato, name in data.areas:
                value = data.value(indicator.code, period, kato)
                if value is None:
                    continue
                row = [indicator.code, indicator.name, unit, period, kato, name]
                writer.writerow([*row, "", value])
                for key, part in data.breakdown(indicator.code, period, kato).items():
                    writer.writerow([*row, part_label(key), number(part)])
        progress(i / len(data.indicators))
    return (CSV_BOM + out.getvalue()).encode("utf-8")
