"""The columns of a registration file, each in one place: its name (the import file's header and
the order of a file without one), what it means, what to write in it, an example, and the model
fields it fills. The import (``registration.importing``), the rules (``registration.validation``),
the template and the error report (``registration.exports``) all read them from here."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Column:
    name: str
    label: Promise
    help: Promise | str = ""
    example: str = ""
    # The record's fields the column fills, in the order the import writes them (default: its name).
    fields: tuple[str, ...] = ()
    # The admin form's field that carries a message about the column (default: its name).
    form_field: str = ""

    @property
    def record_fields(self) -> tuple[str, ...]:
        return self.fields or (self.name,)


PLACE_HELP = _("KATO code of a region (e.g. 550000000) or ISO alpha-3 country code; may be empty")

ALL = (
    Column("iin", _("IIN"), _("12 digits; empty for a foreigner or stateless person without an IIN"), "900101322018"),
    Column(
        "document_type",
        _("document type"),
        _("id_card, passport, foreign_passport, residence_permit or stateless_certificate; required without an IIN"),
    ),
    Column("document_number", _("document number"), _("required without an IIN")),
    Column("surname", _("surname"), example="Әбенов"),
    Column("name", pgettext_lazy("person", "name"), example="Ерлан"),
    Column("patronymic", _("patronymic"), example="Серікұлы"),
    Column("birth_date", _("birth date"), _("YYYY-MM-DD or DD.MM.YYYY"), "1990-01-01"),
    Column("sex", _("sex"), _("M or F"), "M"),
    Column(
        "citizenship",
        _("citizenship"),
        _("ISO 3166 alpha-3 (KAZ, UZB, …); empty or XXA for a stateless person"),
        "KAZ",
    ),
    Column("category", _("category"), _("citizen, foreigner or stateless"), "citizen"),
    Column(
        "ethnicity",
        _("ethnicity"),
        _("a code of the reference list (kazakh, russian, uzbek, …) or its Kazakh or Russian name"),
        "kazakh",
    ),
    Column("kind", _("kind of registration"), _("permanent or temporary"), "permanent"),
    Column(
        "valid_until", _("valid until"), _("temporary registrations only: 1 to 12 months after the registration date")
    ),
    Column(
        "district",
        _("district of Astana"),
        _("KATO code of a district of Astana, e.g. 711410000"),
        "711410000",
        fields=("district_id",),
    ),
    Column("street", _("street"), example="Мәңгілік Ел даңғылы"),
    Column("building", _("building"), example="55"),
    Column("flat", _("flat"), example="12"),
    Column("address_code", _("address registry code")),
    Column("registered_on", _("registered on"), _("YYYY-MM-DD or DD.MM.YYYY, not in the future"), "2025-03-14"),
    Column(
        "arrived_from",
        _("arrived from"),
        PLACE_HELP,
        "550000000",
        fields=("arrived_from_region_id", "arrived_from_country"),
        form_field="arrived_from_region",
    ),
    Column("purpose", _("purpose"), _("work, study, family or other"), "work"),
    Column("deregistered_on", _("deregistered on"), _("empty while the registration is in force")),
    Column(
        "departed_to",
        _("departed to"),
        _("KATO code of a region or ISO alpha-3 country code; only when deregistered"),
        fields=("departed_to_region_id", "departed_to_country"),
        form_field="departed_to_region",
    ),
)

BY_NAME = {column.name: column for column in ALL}
# The columns in the order of a file without a header row.
COLUMNS = tuple(column.name for column in ALL)
# The record's fields written by the import, in order (the temporary table's columns).
RECORD_FIELDS = tuple(field for column in ALL for field in column.record_fields)
# Problems of the file as a whole are reported against this pseudo-column.
FILE_LABEL = _("file")
