"""Files the admin hands out: the import template, an import's error report, and record exports.

Everything is rendered in the active language (the reader's). Every cell goes through
``kernel.spreadsheets``: a value someone typed (a rejected row's cell, a street) that
begins like a formula stays text in Excel and LibreOffice. A record export carries personal
columns only for users who may see personal data (``registration.view_personal_data``).
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.spreadsheets import CSV_BOM, csv_bytes, csv_writer, xlsx_append
from registration.columns import ALL, COLUMNS
from registration.models import RegistrationRecord
from registration.validation import message


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
    for column in ALL:
        help_rows.append((column.name, str(column.label), str(column.help), column.example))
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
    """For people: semicolons, UTF-8 with a BOM (kernel.spreadsheets), streamed row by row."""
    writer = csv_writer(_Echo())
    yield CSV_BOM
    for row in export_rows(queryset, personal=personal):
        yield writer.writerow(row)


def export_file_name(prefix: str, extension: str) -> str:
    return f"{prefix}-{timezone.localtime():%Y%m%d-%H%M}.{extension}"
