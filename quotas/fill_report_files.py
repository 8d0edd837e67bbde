"""The fill report as the ministry receives it: XLSX (numbers as numbers, names as text, never a
formula) or PDF (landscape A4, DejaVu Sans, page N of M), in the active language."""

import io

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kernel.numbers import count_text, percent_text
from kernel.pdf_fonts import FONT, FONT_BOLD, register_fonts
from kernel.pdf_text import pdf_text
from kernel.spreadsheets import xlsx_append
from quotas.fill import STATUS_LABELS
from quotas.fill_report import FillReportData, Line

PAGE = landscape(A4)
MARGIN = 12 * mm


def _department() -> str:
    return _("Department of Employment and Social Protection of Astana")


def _heading(data: FillReportData) -> str:
    return _("Fill of the regional quotas for kandases and resettlers: %(period)s") % {"period": data.title}


def _as_of(data: FillReportData) -> str:
    return _("Figures as of %(date)s.") % {"date": date_format(data.as_of, "d.m.Y")}


def _columns() -> list[str]:
    return [
        _("Region"),
        _("Limit, persons"),
        _("Limit, families"),
        _("Admitted in the period, persons"),
        _("Admitted in the period, families"),
        _("Admitted since the start, persons"),
        _("Admitted since the start, families"),
        _("Filled, %"),
        _("Expected by the plan, persons"),
        _("Projected at the end, persons"),
        _("Projection range, persons"),
        _("Status"),
    ]


def _values(line: Line) -> list:
    return [
        line.limit_persons,
        _families_limit(line),
        line.period_persons,
        line.period_families,
        line.used_persons,
        line.used_families,
    ]


def _status(line: Line) -> str:
    return capfirst(str(STATUS_LABELS.get(line.status, ""))) if line.status else ""


def _range(line: Line) -> str:
    return f"{count_text(line.projected_low)}–{count_text(line.projected_high)}"


def _families_limit(line: Line):
    """No family limit set: a dash, not a nought."""
    return line.limit_families or None


# --- XLSX ------------------------------------------------------------------------------------------


def fill_report_xlsx(data: FillReportData) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Quota fill")[:31]
    for text in (_department(), _heading(data), _as_of(data)):
        xlsx_append(sheet, [text])
    sheet["A2"].font = Font(bold=True, size=12)
    xlsx_append(sheet, [])
    for section in data.sections:
        xlsx_append(sheet, [capfirst(section.kind)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        xlsx_append(sheet, _columns())
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for line in [*section.lines, section.total]:
            _xlsx_line(sheet, line, bold=line is section.total)
        xlsx_append(sheet, [])
    _xlsx_line(sheet, data.total, bold=True)
    sheet.column_dimensions["A"].width = 34
    for letter in "BCDEFGHIJK":
        sheet.column_dimensions[letter].width = 14
    sheet.column_dimensions["L"].width = 30
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_line(sheet, line: Line, *, bold: bool) -> None:
    share = None if line.percent is None else line.percent / 100
    xlsx_append(
        sheet,
        [
            line.label,
            *_values(line),
            share,
            line.expected_persons,
            line.projected_persons,
            _range(line),
            _status(line),
        ],
    )
    row = sheet[sheet.max_row]
    for cell in row[1:7] + row[8:10]:
        cell.number_format = "#,##0"
    row[7].number_format = "0%"
    if bold:
        for cell in row:
            cell.font = Font(bold=True)


# --- PDF -------------------------------------------------------------------------------------------


def _numbered_canvas(label: str):
    """A canvas writing "page N of M" at the foot once the whole report is laid out."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.drawRightString(PAGE[0] - MARGIN, 7 * mm, label % {"page": self._pageNumber, "pages": total})
                super().showPage()
            super().save()

    return NumberedCanvas


def fill_report_pdf(data: FillReportData) -> bytes:
    register_fonts()
    small = ParagraphStyle("small", fontName=FONT, fontSize=7.5, leading=9)
    bold = ParagraphStyle("bold", parent=small, fontName=FONT_BOLD)
    story = [
        Paragraph(pdf_text(_department()), ParagraphStyle("dept", fontName=FONT, fontSize=9, leading=12)),
        Paragraph(pdf_text(_heading(data)), ParagraphStyle("title", fontName=FONT_BOLD, fontSize=13, leading=17)),
        Paragraph(pdf_text(_as_of(data)), ParagraphStyle("as_of", fontName=FONT, fontSize=9, leading=12)),
        Spacer(1, 4 * mm),
    ]
    for section in data.sections:
        story += [
            Paragraph(pdf_text(capfirst(section.kind)), ParagraphStyle("h2", parent=bold, fontSize=10, leading=13))
        ]
        story += [Spacer(1, 2 * mm), _pdf_table([*section.lines, section.total], small, bold), Spacer(1, 5 * mm)]
    story.append(_pdf_table([data.total], small, bold, header=False))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN
    )
    doc.title = _heading(data)
    doc.build(story, canvasmaker=_numbered_canvas(_("page %(page)s of %(pages)s")))
    return buffer.getvalue()


def _pdf_table(lines: list[Line], small, bold, *, header: bool = True) -> Table:
    head = ParagraphStyle("head", parent=bold, fontSize=6.3, leading=7.8)
    rows = [[Paragraph(pdf_text(text), head) for text in _columns()]] if header else []
    for index, line in enumerate(lines):
        style = bold if index == len(lines) - 1 else small  # the last line is a total
        cells = [
            line.label,
            *("—" if value is None else count_text(value) for value in _values(line)),
            percent_text(line.percent),
            count_text(line.expected_persons),
            count_text(line.projected_persons),
            _range(line),
            _status(line),
        ]
        rows.append([Paragraph(pdf_text(cell), style) for cell in cells])
    widths = [34 * mm] + [20 * mm] * 9 + [24 * mm, 33 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee") if header else colors.white),
            ]
        )
    )
    return table
