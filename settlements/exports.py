"""The settlement list as a spreadsheet (XLSX) and as CSV, in the active language.

Every cell goes through ``kernel.spreadsheets``: a settlement's name or a centre's
contact typed as ``=HYPERLINK(...)`` reaches mobility centres and akimats as text, not a formula.
Callers pick the language with ``translation.override(recipient.language)``: column headers, the
kind and potential of each settlement and the territory names follow it.
"""

import io

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kernel.spreadsheets import csv_bytes, xlsx_append
from kernel.territory.models import District, Region, RuralDistrict
from settlements.models import Settlement, SettlementList

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers() -> list[str]:
    # Capitalised here: the same words serve as (lowercase) field names elsewhere, and another
    # catalogue may supply them (the kernel's "KATO code" is "код КАТО").
    words = [
        _("KATO code"),
        _("name (Kazakh)"),
        _("name (Russian)"),
        _("region"),
        _("district"),
        _("rural district"),
        _("kind"),
        _("development potential"),
        _("population"),
        _("open vacancies"),
        _("housing on offer"),
        _("adaptation programme for kandases"),
        _("labour mobility centre"),
        _("mobility centre phone"),
        _("mobility centre e-mail"),
    ]
    return [capfirst(word) for word in words]


def _territory_names(items) -> dict[str, str]:
    codes = {code for item in items for code in (item.region, item.district, item.rural_district) if code}
    names = {}
    for model in (Region, District, RuralDistrict):
        for unit in model.objects.filter(kato__in=codes).only("kato", "name_kk", "name_ru"):
            names[unit.kato] = unit.name
    return names


def list_rows(settlement_list: SettlementList) -> list[list]:
    """The header row, then one row per item, in KATO order."""
    items = list(settlement_list.items.order_by("kato"))
    names = _territory_names(items)
    kinds = dict(Settlement.Kind.choices)
    potentials = dict(Settlement.Potential.choices)
    yes, no = _("yes"), _("no")
    rows = [_headers()]
    for item in items:
        rows.append(
            [
                item.kato,
                item.name_kk,
                item.name_ru,
                names.get(item.region, item.region),
                names.get(item.district, item.district),
                names.get(item.rural_district, item.rural_district),
                str(kinds.get(item.kind, item.kind)),
                str(potentials.get(item.development_potential, item.development_potential)),
                item.population,
                item.vacancies,
                item.housing_available,
                yes if item.adaptation_programme else no,
                item.mobility_centre_name,
                item.mobility_centre_phone,
                item.mobility_centre_email,
            ]
        )
    return rows


def list_csv(settlement_list: SettlementList) -> bytes:
    """For the akimats' staff: semicolons and UTF-8 with a BOM, so that Excel under Kazakh or
    Russian regional settings opens it as columns with the letters right (kernel.spreadsheets)."""
    return csv_bytes(list_rows(settlement_list))


def list_xlsx(settlement_list: SettlementList) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (_("Version %(version)s") % {"version": settlement_list.version})[:31]
    for row in list_rows(settlement_list):
        xlsx_append(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [12, 28, 28, 24, 24, 28, 30, 14, 12, 12, 12, 14, 36, 18, 28]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
