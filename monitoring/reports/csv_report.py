"""CSV: one row per indicator, period, territory (and breakdown part), UTF-8 with a BOM for Excel.

Cells go through ``csv_row``: a part recorded as ``=...`` (an ethnicity is typed by staff) is text."""

import csv
import io

from kernel.spreadsheets import csv_row
from monitoring.reports.data import ReportData, number, part_label


def write(data: ReportData, *, progress) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    h = data.headers()
    writer.writerow(
        csv_row([h["indicator"], h["name"], h["unit"], h["period"], h["kato"], h["territory"], h["part"], h["value"]])
    )
    for i, indicator in enumerate(data.indicators, start=1):
        unit = indicator.get_unit_display()
        for period in data.periods:
            for kato, name in data.areas:
                value = data.value(indicator.code, period, kato)
                if value is None:
                    continue
                row = [indicator.code, indicator.name, unit, period, kato, name]
                writer.writerow(csv_row([*row, "", value]))
                for key, part in data.breakdown(indicator.code, period, kato).items():
                    writer.writerow(csv_row([*row, part_label(key), number(part)]))
        progress(i / len(data.indicators))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
