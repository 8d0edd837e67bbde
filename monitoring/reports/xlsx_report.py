"""XLSX: a summary sheet, then one sheet per indicator (periods × territories) with a native Excel
chart, and a breakdown sheet (e.g. national composition) where the indicator has parts. Rows go
through ``xlsx_append``: text stays text (an ethnicity recorded as ``=...`` is never a formula)."""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from kernel.charts import palette
from kernel.spreadsheets import sheet_title, xlsx_append
from monitoring import catalogue
from monitoring.models import CITY
from monitoring.periods import Period
from monitoring.reports.data import ReportData, number, part_label

BOLD = Font(bold=True)
TOP_PARTS = 15


def write(data: ReportData, *, progress) -> bytes:
    wb = Workbook()
    _summary(wb.active, data)
    for i, indicator in enumerate(data.indicators, start=1):
        _indicator_sheet(wb.create_sheet(sheet_title(indicator.name, wb.sheetnames)), data, indicator)
        period = data.composition_period(indicator.code)
        if period:
            parts_title = sheet_title(_("%(indicator)s, parts") % {"indicator": indicator.name}, wb.sheetnames)
            _parts_sheet(wb.create_sheet(parts_title), data, indicator, period)
        progress(i / len(data.indicators))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _summary(ws, data: ReportData) -> None:
    ws.title = _("Report")[:31]
    xlsx_append(ws, [data.title()])
    ws["A1"].font = Font(bold=True, size=14)
    xlsx_append(ws, [_("Built"), date_format(data.generated_at, "DATETIME_FORMAT")])
    xlsx_append(ws, [_("Periods"), ", ".join(Period.parse(p).label for p in data.periods)])
    xlsx_append(ws, [_("Territories"), ", ".join(name for _k, name in data.areas)])
    xlsx_append(ws, [data.notice()])
    xlsx_append(ws, [])
    xlsx_append(ws, [_("indicator code"), _("indicator"), _("unit"), _("source"), _("how it is obtained")])
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for indicator in data.indicators:
        xlsx_append(
            ws,
            [
                indicator.code,
                indicator.name,
                indicator.get_unit_display(),
                indicator.get_source_display(),
                indicator.definition,
            ],
        )
    for column, width in zip("ABCDE", (28, 60, 16, 30, 90), strict=True):
        ws.column_dimensions[column].width = width


def _indicator_sheet(ws, data: ReportData, indicator) -> None:
    xlsx_append(ws, [indicator.name])
    ws["A1"].font = Font(bold=True, size=13)
    xlsx_append(ws, [_("unit") + ": " + str(indicator.get_unit_display()), indicator.definition])
    header_row = 4
    xlsx_append(ws, [])
    xlsx_append(ws, [_("period"), *[name for _k, name in data.areas]])
    for cell in ws[header_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first_row = {}
    for period in data.periods_with_values(indicator.code) or data.periods:
        xlsx_append(
            ws, [Period.parse(period).label, *[data.value(indicator.code, period, kato) for kato, _n in data.areas]]
        )
        first_row[period] = ws.max_row
    ws.column_dimensions["A"].width = 18
    for col in range(2, len(data.areas) + 2):
        ws.column_dimensions[get_column_letter(col)].width = 18
    if data.has_values(indicator.code):
        ws.add_chart(_chart(ws, data, indicator, header_row, first_row), f"{get_column_letter(len(data.areas) + 3)}4")


def _chart(ws, data: ReportData, indicator, header_row: int, first_row: dict):
    block = data.chart_periods(indicator.code)
    start, end = first_row[block[0]], first_row[block[-1]]
    last_col = len(data.areas) + 1
    if len(block) == 1:
        # One period: a bar per territory.
        chart = BarChart()
        chart.add_data(Reference(ws, min_col=2, max_col=last_col, min_row=start, max_row=start), from_rows=True)
        chart.set_categories(Reference(ws, min_col=2, max_col=last_col, min_row=header_row, max_row=header_row))
        chart.legend = None
    else:
        # A series of periods: a line per territory.
        chart = LineChart()
        for col in range(2, last_col + 1):
            values = Reference(ws, min_col=col, min_row=start, max_row=end)
            series = Series(values, title=ws.cell(row=header_row, column=col).value)
            colour = _colour(data, indicator, data.areas[col - 2][0])
            series.graphicalProperties.line.solidFill = colour.lstrip("#")
            chart.series.append(series)
        chart.set_categories(Reference(ws, min_col=1, min_row=start, max_row=end))
    chart.title = indicator.name[:120]
    chart.y_axis.title = indicator.get_unit_display()
    chart.height, chart.width = 9, 18
    return chart


def _colour(data: ReportData, indicator, kato: str) -> str:
    """The city's line in the indicator's meaning's colour, the districts' in theirs: as in the PDF."""
    if kato == CITY:
        return palette.colour(catalogue.MEANINGS.get(indicator.code, palette.CITY))
    return palette.territory_colour([k for k, _n in data.areas if k != CITY].index(kato))


def _parts_sheet(ws, data: ReportData, indicator, period: str) -> None:
    xlsx_append(ws, [f"{indicator.name} — {Period.parse(period).label}"])
    ws["A1"].font = Font(bold=True, size=13)
    xlsx_append(ws, [])
    xlsx_append(ws, [_("part"), *[name for _k, name in data.areas]])
    for cell in ws[3]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    parts = data.parts(indicator.code, period)
    for key in parts:
        xlsx_append(
            ws, [part_label(key), *[number(data.breakdown(indicator.code, period, k).get(key)) for k, _n in data.areas]]
        )
    ws.column_dimensions["A"].width = 30
    if not parts:
        return
    # The whole city's column if chosen, else the first territory's: its largest parts as bars.
    katos = [k for k, _n in data.areas]
    col = katos.index(CITY) + 2 if CITY in katos else 2
    shown = min(len(parts), TOP_PARTS)
    chart = BarChart()
    chart.type = "bar"
    chart.add_data(Reference(ws, min_col=col, min_row=3, max_row=3 + shown), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=3 + shown))
    chart.title = f"{indicator.name[:100]} — {period}"
    chart.height, chart.width = 10, 18
    ws.add_chart(chart, f"{get_column_letter(len(data.areas) + 3)}3")
