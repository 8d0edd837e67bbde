"""CSV: one row per indicator, period, territory (and breakdown part), UTF-8 with a BOM for Excel."""

import csv
import io

from monitoring.reports.data import ReportData, number, part_label


def write(data: ReportData, *, progress) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
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
    return ("\ufeff" + out.getvalue()).encode("utf-8")
