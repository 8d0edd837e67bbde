"""Files the admin hands out: the import template, an import's error report, and record exports.

Everything is rendered in the active language (the reader's). Every cell goes through
``kernel.spreadsheets``: a value someone typed (a rejected row's cell, a street) that
begins like a formula stays text in Excel and LibreOffice. A record export carries personal
columns only for users who may see personal data (``registration.view_personal_data``).
"""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.spreadsheets import csv_row, csv_rows, xlsx_append
from registration.models import RegistrationRecord
from registration.validation import COLUMN_LABELS, COLUMNS, message

CSV_BOM = "\ufeff"  # so that Excel opens the UTF-8 file with the right letters

COLUMN_HELP = {
    "iin": gettext_lazy("12 digits; empty for a foreigner or stateless person without an IIN"),
    "document_type": gettext_lazy(
        "id_card, passport, foreign_passport, residence_permit or stateless_certificate; required without an IIN"
    ),
    "document_number": gettext_lazy("required without an IIN"),
    "birth_date": gettext_lazy("YYYY-MM-DD or DD.MM.YYYY"),
    "sex": gettext_lazy("M or F"),
    "citizenship": gettext_lazy("ISO 3166 alpha-3 (KAZ, UZB, …); empty or XXA for a stateless person"),
    "category": gettext_lazy("citizen, foreigner or stateless"),
    "ethnicity": gettext_lazy("a code of the reference list (kazakh, russian, uzbek, …) or its Kazakh or Russian name"),
    "kind": gettext_lazy("permanent or temporary"),
    "valid_until": gettext_lazy("temporary registrations only: 1 to 12 months after the registration date"),
    "district": gettext_lazy("KATO code of a district of Astana, e.g. 711410000"),
    "registered_on": gettext_lazy("YYYY-MM-DD or DD.MM.YYYY, not in the future"),
    "arrived_from": gettext_lazy("KATO code of a region (e.g. 550000000) or ISO alpha-3 country code; may be empty"),
    "purpose": gettext_lazy("work, study, family or other"),
    "deregistered_on": gettext_lazy("empty while the registration is in force"),
    "departed_to": gettext_lazy("KATO code of a region or ISO alpha-3 country code; only when deregistered"),
}
EXAMPLE = {
    "iin": "900101322018",
    "surname": "Әбенов",
    "name": "Ерлан",
    "patronymic": "Серікұлы",
    "birth_date": "1990-01-01",
    "sex": "M",
    "citizenship": "KAZ",
    "category": "citizen",
    "ethnicity": "kazakh",
    "kind": "permanent",
    "district": "711410000",
    "street": "Мәңгілік Ел даңғылы",
    "building": "55",
    "flat": "12",
    "registered_on": "2025-03-14",
    "arrived_from": "550000000",
    "purpose": "work",
}


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    csv.writer(buffer).writerows(csv_rows(rows))
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(sheets: dict[str, list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title[:31])
        for row in rows:
            xlsx_append(sheet, row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The import template ------------------------------------------------------------------------


def template_csv() -> bytes:
    """The header row alone: a file that is filled in and imported."""
    return csv_bytes([COLUMNS])


def template_xlsx() -> bytes:
    """The header row on the first sheet; what each column takes, with an example, on the second
    (not on the first: an unchanged template must not import a made-up person)."""
    help_rows = [(_("column"), _("meaning"), _("what to write"), _("example"))]
    for column in COLUMNS:
        help_rows.append(
            (column, str(COLUMN_LABELS[column]), str(COLUMN_HELP.get(column, "")), EXAMPLE.get(column, ""))
        )
    return xlsx_bytes({_("records"): [COLUMNS], _("columns"): help_rows})


# --- The error report of an import ---------------------------------------------------------------


def error_report_rows(batch) -> list[tuple]:
    """Row, column, value, reason: one line per problem, reasons in the active language."""
    rows = [(_("row"), _("column"), _("value"), _("reason"))]
    for row, column, value, code, params in batch.errors:
        rows.append((row, column, value, message(column, code, params)))
    if batch.error_count > len(batch.errors):
        rows.append(("", "", "", message("file", "too_many_errors", {"max": len(batch.errors)})))
    return rows


def error_report_csv(batch) -> bytes:
    return csv_bytes(error_report_rows(batch))


def error_report_xlsx(batch) -> bytes:
    return xlsx_bytes({_("errors"): error_report_rows(batch)})


# --- Record exports -----------------------------------------------------------------------------

# Columns anyone allowed to see registration records may export: nothing that identifies a person.
DEIDENTIFIED_FIELDS = (
    "id",
    "kind",
    "category",
    "citizenship",
    "sex",
    "district__kato",
    "registered_on",
    "valid_until",
    "purpose",
    "arrived_from_region__kato",
    "arrived_from_country",
    "deregistered_on",
    "departed_to_region__kato",
    "departed_to_country",
)
PERSONAL_FIELDS = (
    "id",
    "iin",
    "document_type",
    "document_number",
    "surname",
    "name",
    "patronymic",
    "birth_date",
    *DEIDENTIFIED_FIELDS[1:5],
    "ethnicity",
    "district__kato",
    "street",
    "building",
    "flat",
    "address_code",
    *DEIDENTIFIED_FIELDS[6:],
)
EXPORT_LABELS = {
    "id": gettext_lazy("record №"),
    "district__kato": gettext_lazy("district (KATO)"),
    "arrived_from_region__kato": gettext_lazy("arrived from (region KATO)"),
    "departed_to_region__kato": gettext_lazy("departed to (region KATO)"),
}


def export_fields(personal: bool) -> tuple[str, ...]:
    return PERSONAL_FIELDS if personal else DEIDENTIFIED_FIELDS


def export_rows(queryset, *, personal: bool):
    """The header and the rows of an export, streamed in chunks (a selection can be large)."""
    fields = export_fields(personal)
    opts = RegistrationRecord._meta
    yield [str(EXPORT_LABELS.get(f) or opts.get_field(f).verbose_name) for f in fields]
    for values in queryset.order_by("pk").values_list(*fields).iterator(chunk_size=2000):
        yield ["" if v is None else v for v in values]


class _Echo:
    def write(self, value):
        return value


def export_csv_stream(queryset, *, personal: bool):
    writer = csv.writer(_Echo())
    yield CSV_BOM
    for row in export_rows(queryset, personal=personal):
        yield writer.writerow(csv_row(row))


def export_file_name(prefix: str, extension: str) -> str:
    return f"{prefix}-{timezone.localtime():%Y%m%d-%H%M}.{extension}"
