"""PDF: a title page section, then per indicator a chart (reportlab graphics) and its table.

Kazakh and Russian text is set in DejaVu Sans, registered by ``kernel.pdf_fonts``.
"""

import io

from django.utils.dates import MONTHS_AP
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kernel.charts import palette
from kernel.charts.svg import scale
from kernel.numbers import value_text
from kernel.pdf_fonts import FONT, FONT_BOLD, register_fonts
from kernel.pdf_text import pdf_text
from monitoring import catalogue
from monitoring.models import CITY
from monitoring.periods import Period
from monitoring.reports.data import ReportData, number, part_label

PAGE = landscape(A4)
MARGIN = 15 * mm
WIDTH = PAGE[0] - 2 * MARGIN
TOP_PARTS = 20


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=3),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=7, leading=9, textColor=colors.HexColor("#444444")),
        "cell": ParagraphStyle("cell", fontName=FONT_BOLD, fontSize=7, leading=8.5),
    }


def write(data: ReportData, *, progress) -> bytes:
    register_fonts()
    styles = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=data.title(),
        author=_("Department of Employment and Social Protection of Astana"),
    )
    story = [
        Paragraph(pdf_text(data.title()), styles["title"]),
        Paragraph(pdf_text(_("Built") + ": " + date_format(data.generated_at, "DATETIME_FORMAT")), styles["body"]),
        Paragraph(
            pdf_text(_("Periods") + ": " + ", ".join(Period.parse(p).label for p in data.periods)), styles["body"]
        ),
        Paragraph(pdf_text(_("Territories") + ": " + ", ".join(n for _k, n in data.areas)), styles["body"]),
        Paragraph(pdf_text(data.notice()), styles["small"]),
    ]
    for i, indicator in enumerate(data.indicators, start=1):
        story += _indicator(data, indicator, styles)
        progress(i / len(data.indicators))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return out.getvalue()


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 7)
    page = _("page")
    canvas.drawRightString(PAGE[0] - MARGIN, 8 * mm, f"{page} {doc.page}")
    canvas.restoreState()


def _indicator(data: ReportData, indicator, styles) -> list:
    head = [
        Paragraph(pdf_text(f"{indicator.name} ({indicator.get_unit_display()})"), styles["h2"]),
        Paragraph(pdf_text(indicator.definition), styles["small"]),
    ]
    if not data.has_values(indicator.code):
        return [KeepTogether([*head, Paragraph(pdf_text(_("No values for the chosen periods.")), styles["body"])])]
    flow = [KeepTogether([*head, Spacer(1, 4), *_charts(data, indicator)])]
    flow += [Spacer(1, 4), _table(data, indicator, styles)]
    period = data.composition_period(indicator.code)
    if period:
        flow += [Spacer(1, 6), _parts_table(data, indicator, period, styles)]
    return flow


def _table(data: ReportData, indicator, styles) -> Table:
    header = [Paragraph(pdf_text(_("period")), styles["cell"])]
    header += [Paragraph(pdf_text(name), styles["cell"]) for _k, name in data.areas]
    rows = [header]
    for period in data.periods_with_values(indicator.code):
        rows.append(
            [
                Period.parse(period).label,
                *[value_text(data.value(indicator.code, period, kato)) for kato, _n in data.areas],
            ]
        )
    first = 80
    table = Table(rows, colWidths=[first] + [(WIDTH - first) / len(data.areas)] * len(data.areas), repeatRows=1)
    table.setStyle(_grid())
    return table


def _parts_table(data: ReportData, indicator, period: str, styles) -> Table:
    parts = data.parts(indicator.code, period, TOP_PARTS)
    header = [Paragraph(pdf_text(_("part") + f" ({Period.parse(period).label})"), styles["cell"])]
    header += [Paragraph(pdf_text(name), styles["cell"]) for _k, name in data.areas]
    rows = [header]
    for key in parts:
        rows.append(
            [
                Paragraph(pdf_text(part_label(key)), styles["body"]),
                *[value_text(number(data.breakdown(indicator.code, period, kato).get(key))) for kato, _n in data.areas],
            ]
        )
    first = 110
    table = Table(rows, colWidths=[first] + [(WIDTH - first) / len(data.areas)] * len(data.areas), repeatRows=1)
    table.setStyle(_grid())
    return table


def _grid() -> TableStyle:
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, 7),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )


def _charts(data: ReportData, indicator) -> list[Drawing]:
    """The city on a chart of its own, in the indicator's meaning's colour, then its districts
    (the city's total would flatten them); each line needs two points to be drawn."""
    block = data.chart_periods(indicator.code)
    meaning = catalogue.MEANINGS.get(indicator.code, palette.CITY)
    city = [(kato, name) for kato, name in data.areas if kato == CITY]
    districts = [(kato, name) for kato, name in data.areas if kato != CITY]
    drawings = []
    whole = indicator.unit == catalogue.PERSONS
    if city:
        drawings.append(_chart(data, indicator, block, city, [palette.colour(meaning)], whole=whole))
    if districts:
        colours = [palette.territory_colour(i) for i in range(len(districts))]
        drawings.append(_chart(data, indicator, block, districts, colours, whole=whole))
    return drawings


def _chart(data: ReportData, indicator, block: list[str], areas, colours: list[str], *, whole: bool) -> Drawing:
    height = (44 if len(areas) == 1 else 62) * mm
    drawing = Drawing(WIDTH, height)
    lines = [
        (colours[i], name, [data.value(indicator.code, p, kato) for p in block]) for i, (kato, name) in enumerate(areas)
    ]
    lines = [line for line in lines if sum(v is not None for v in line[2]) >= 2]
    if len(block) == 1 or not lines:
        chart = VerticalBarChart()
        values = [[data.value(indicator.code, block[-1], kato) or 0 for kato, _n in areas]]
        chart.categoryAxis.categoryNames = [_short(name) for _k, name in areas]
        chart.bars[0].fillColor = colors.HexColor(colours[0])
        for n, colour in enumerate(colours):
            chart.bars[(0, n)].fillColor = colors.HexColor(colour)
        named = zip(colours, [name for _k, name in areas], strict=True)
        legend_pairs = [(colors.HexColor(colour), _short(name, 40)) for colour, name in named]
    else:
        chart = HorizontalLineChart()
        values = [line[2] for line in lines]
        chart.categoryAxis.categoryNames = period_labels(block)
        for n, (colour, _name, _values) in enumerate(lines):
            chart.lines[n].strokeColor = colors.HexColor(colour)
            chart.lines[n].strokeWidth = 1.6
        legend_pairs = [(colors.HexColor(colour), _short(name, 40)) for colour, name, _v in lines]
    flat = [v for row in values for v in row if v is not None] or [0]
    chart.data = values
    chart.x, chart.y = 46, 22
    chart.width, chart.height = WIDTH * 0.68, height - 34
    low, high, step = scale(flat, whole=whole)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = low, high, step
    chart.valueAxis.labelTextFormat = value_text
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = FONT, 7
    drawing.add(chart)
    if chart.valueAxis.valueMin < 0:  # negative values stand below a zero line drawn across
        span = chart.valueAxis.valueMax - chart.valueAxis.valueMin
        y = chart.y + chart.height * (0 - chart.valueAxis.valueMin) / span
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=colors.black, strokeWidth=0.8))
    if legend_pairs:
        key = Legend()
        key.boxAnchor, key.alignment = "nw", "right"  # one column, swatch left of the name
        key.x, key.y = chart.x + chart.width + 25, height - 8
        key.columnMaximum, key.dx, key.dy, key.deltay = len(legend_pairs), 8, 8, 11
        key.fontName, key.fontSize = FONT, 7
        key.colorNamePairs = legend_pairs
        drawing.add(key)
    return drawing


def period_labels(block: list[str]) -> list[str]:
    """Periods on a chart's axis by name: months as "Қаң.", "Ақп." within one year."""
    periods = [Period.parse(p) for p in block]
    if len({p.year for p in periods}) == 1 and all(p.kind == "month" for p in periods):
        return [str(MONTHS_AP[p.number]) for p in periods]
    return [p.label for p in periods]


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
