"""The rules a registration record obeys (rules p.9, Government decree No. 1427).

One set of rules serves both the admin form (``RegistrationRecord.clean``) and the import, which
checks a hundred thousand rows a second: ``record_problems`` works on plain values and returns
``(column, code, params)`` triples; ``MESSAGES`` turns a code into a sentence in the reader's
language. Columns are the import file's column names (docs/architecture.md "Walk: one import").
"""

import datetime

import pycountry
from django.utils.translation import gettext_lazy as _

from registration.choices import Category, DocumentType, Kind
from registration.columns import ALL, FILE_LABEL

COLUMN_LABELS = {column.name: column.label for column in ALL} | {"file": FILE_LABEL}

# Which model field carries the message of a column in the admin form.
COLUMN_FIELDS = {column.name: column.form_field for column in ALL if column.form_field}

MESSAGES = {
    "required": _("%(field)s: a value is required."),
    "too_long": _("%(field)s: at most %(max)d characters are allowed, this value has %(length)d."),
    "choice": _("%(field)s: “%(value)s” is not one of the allowed values (%(allowed)s)."),
    "date_format": _("%(field)s: not a date; write it as YYYY-MM-DD or DD.MM.YYYY."),
    "date_future": _("%(field)s: the date is in the future."),
    "iin_format": _("IIN: an IIN is exactly 12 digits."),
    "iin_control": _("IIN: the control digit is wrong; check the number."),
    "document_required": _("%(field)s: a person without an IIN is identified by a document; give its type and number."),
    "document_incomplete": _("%(field)s: give both the type and the number of the document."),
    "country_unknown": _("%(field)s: “%(value)s” is not an ISO 3166 alpha-3 country code (e.g. KAZ, UZB)."),
    "citizen_not_kaz": _("Citizenship: a citizen of Kazakhstan has citizenship KAZ."),
    "foreigner_kaz": _("Citizenship: a foreigner cannot have citizenship KAZ; the category would be citizen."),
    "stateless_citizenship": _("Citizenship: a stateless person has none; leave it empty or write XXA."),
    "district_unknown": _("District: “%(value)s” is not the KATO code of a district of Astana."),
    "ethnicity_unknown": _(
        "Ethnicity: “%(value)s” is not on the reference list; write its code or its Kazakh or Russian name "
        "(kazakh, қазақ or казах)."
    ),
    "place_unknown": _(
        "%(field)s: “%(value)s” is neither the KATO code of a region of Kazakhstan "
        "nor an ISO 3166 alpha-3 country code."
    ),
    "place_kaz": _("%(field)s: for a place inside Kazakhstan give the KATO code of the region, not KAZ."),
    "place_both": _("%(field)s: give either a region or a country, not both."),
    "birth_too_early": _("Birth date: before 1900; check the year."),
    "born_after_registration": _("Birth date: after the registration date."),
    "deregistered_before_registered": _("Deregistered on: before the registration date."),
    "departed_without_deregistration": _("Departed to: only a deregistered record has a destination."),
    "temporary_needs_valid_until": _("Valid until: a temporary registration needs its end date."),
    "temporary_period": _(
        "Valid until: a temporary registration lasts from 1 to 12 months, "
        "i.e. from %(earliest)s to %(latest)s for this registration date."
    ),
    "permanent_valid_until": _("Valid until: a permanent registration has no end date; leave it empty."),
    "same_row_in_file": _("This registration (person, kind, date) is already in row %(other)d of the file."),
    "active_permanent_in_file": _(
        "%(field)s: the same person already has an active permanent registration in row %(other)d of the file."
    ),
    "active_permanent_exists": _(
        "%(field)s: this person already has an active permanent registration (record №%(record)s); deregister it first."
    ),
    "header_missing": _("Header: the column “%(column)s” is missing (download the template)."),
    "header_unknown": _("Header: the column “%(column)s” is not in the template."),
    "header_repeated": _("Header: the column “%(column)s” appears twice."),
    "file_unreadable": _("The file cannot be read: upload CSV (UTF-8 or Windows-1251) or XLSX."),
    "file_empty": _("The file has no rows of records."),
    "file_too_large": _("The file has more than %(max)d rows; split it into smaller files."),
    "too_many_errors": _("More errors follow: only the first %(max)d are listed."),
    # The bounds of what a file may make the portal read (registration/importing/bounds.py).
    "line_too_long": _(
        "Row %(row)d is longer than %(max)d kB: this is not a table of records (is the whole file one line?)."
    ),
    "file_nul": _("Row %(row)d contains a NUL byte: this is not a text CSV file (save it as CSV UTF-8)."),
    "row_encoding": _(
        "Row %(row)d is not in the file's encoding (%(encoding)s): the file mixes encodings; "
        "save it again as CSV UTF-8."
    ),
    "cell_too_long": _("Row %(row)d, column %(column)s: the cell has more than %(max)d characters."),
    "too_many_columns": _(
        "Row %(row)d has a value beyond column %(max)d: the file has more columns than the template."
    ),
    "cell_number": _("Row %(row)d, column %(column)s: the cell is marked as a number but holds no number."),
    "cell_invalid": _("Row %(row)d, column %(column)s: the cell refers to a text the workbook does not have."),
    "xlsx_member_too_large": _("The workbook's part %(member)s unpacks to more than %(max)d MB; split the file."),
    "xlsx_compression": _(
        "The workbook's part %(member)s unpacks to %(ratio)d times its packed size (at most %(max)d): "
        "this is not a workbook of records."
    ),
    "xlsx_too_large": _("The workbook unpacks to more than %(max)d MB; split the file."),
    "xlsx_strings_too_large": _("The workbook holds more than %(max)d MB of text; split the file."),
    "xlsx_token_too_long": _("The workbook has a piece longer than %(max)d kB: this is not a workbook of records."),
    "file_unexpected": _(
        "The file could not be processed (unexpected error %(error)s); nothing was imported. "
        "Check the file, or send it to the administrator."
    ),
    "job_abandoned": _(
        "The import was interrupted and did not finish within %(minutes)d minutes; nothing was imported. "
        "Upload the file again."
    ),
}

STATELESS_CODE = "XXA"  # ICAO 9303's code for a stateless person, used for the citizenship column.
KAZ = "KAZ"
COUNTRIES = frozenset(c.alpha_3 for c in pycountry.countries)
EARLIEST_BIRTH = datetime.date(1900, 1, 1)

DOCUMENT_TYPES = frozenset(DocumentType.values)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, the last day of the month where that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def iin_problem(iin: str) -> str | None:
    """The code of what is wrong with an IIN, or None (weights per docs/architecture.md "Registration record")."""
    if len(iin) != 12 or not iin.isdigit() or not iin.isascii():
        return "iin_format"
    digits = [ord(c) - 48 for c in iin]
    check = (
        digits[0]
        + 2 * digits[1]
        + 3 * digits[2]
        + 4 * digits[3]
        + 5 * digits[4]
        + 6 * digits[5]
        + 7 * digits[6]
        + 8 * digits[7]
        + 9 * digits[8]
        + 10 * digits[9]
        + 11 * digits[10]
    ) % 11
    if check == 10:
        check = (
            3 * digits[0]
            + 4 * digits[1]
            + 5 * digits[2]
            + 6 * digits[3]
            + 7 * digits[4]
            + 8 * digits[5]
            + 9 * digits[6]
            + 10 * digits[7]
            + 11 * digits[8]
            + digits[9]
            + 2 * digits[10]
        ) % 11
        if check == 10:
            return "iin_control"
    return None if check == digits[11] else "iin_control"


def record_problems(
    *,
    iin: str,
    document_type: str,
    document_number: str,
    birth_date,
    citizenship: str,
    category: str,
    kind: str,
    valid_until,
    registered_on,
    deregistered_on,
    departed: bool,
    today: datetime.date,
) -> list[tuple[str, str, dict]]:
    """What is wrong with a record's values taken together. A value that could not be read is
    passed as None, and the rules that need it are skipped (its own problem is reported already).
    """
    return [
        *_identity_problems(iin, document_type, document_number),
        *_citizenship_problems(citizenship, category),
        *_date_problems(birth_date, registered_on, deregistered_on, departed, today),
        *_validity_problems(kind, valid_until, registered_on),
    ]


def _identity_problems(iin: str, document_type: str, document_number: str) -> list[tuple[str, str, dict]]:
    """A valid IIN, or else a whole identity document; a document given beside an IIN is whole."""
    problems: list[tuple[str, str, dict]] = []
    if iin:
        code = iin_problem(iin)
        if code:
            problems.append(("iin", code, {}))
        if bool(document_type) != bool(document_number):
            problems.append(("document_number" if document_type else "document_type", "document_incomplete", {}))
        return problems
    if not document_type:
        problems.append(("document_type", "document_required", {}))
    if not document_number:
        problems.append(("document_number", "document_required", {}))
    return problems


def _citizenship_problems(citizenship: str | None, category: str) -> list[tuple[str, str, dict]]:
    """The citizenship agrees with the category (a citizen is KAZ, a foreigner is not, …)."""
    if citizenship is None:
        return []
    if category == Category.CITIZEN and citizenship != KAZ:
        return [("citizenship", "citizen_not_kaz", {})]
    if category == Category.FOREIGNER and citizenship == KAZ:
        return [("citizenship", "foreigner_kaz", {})]
    if category == Category.STATELESS and citizenship != STATELESS_CODE:
        return [("citizenship", "stateless_citizenship", {})]
    return []


def _date_problems(birth_date, registered_on, deregistered_on, departed: bool, today) -> list[tuple[str, str, dict]]:
    """Nothing in the future, nobody born before registration's earliest or after being registered,
    no deregistration before the registration, and a departure only with a deregistration."""
    problems: list[tuple[str, str, dict]] = []
    if birth_date is not None:
        if birth_date > today:
            problems.append(("birth_date", "date_future", {}))
        elif birth_date < EARLIEST_BIRTH:
            problems.append(("birth_date", "birth_too_early", {}))
        elif registered_on is not None and birth_date > registered_on:
            problems.append(("birth_date", "born_after_registration", {}))
    if registered_on is not None and registered_on > today:
        problems.append(("registered_on", "date_future", {}))
    if deregistered_on is not None:
        if deregistered_on > today:
            problems.append(("deregistered_on", "date_future", {}))
        elif registered_on is not None and deregistered_on < registered_on:
            problems.append(("deregistered_on", "deregistered_before_registered", {}))
    elif departed:
        problems.append(("departed_to", "departed_without_deregistration", {}))
    return problems


def _validity_problems(kind: str, valid_until, registered_on) -> list[tuple[str, str, dict]]:
    """A temporary registration runs one to twelve months; a permanent one has no end date."""
    if kind == Kind.PERMANENT and valid_until is not None:
        return [("valid_until", "permanent_valid_until", {})]
    if kind != Kind.TEMPORARY:
        return []
    if valid_until is None:
        return [("valid_until", "temporary_needs_valid_until", {})]
    if registered_on is None:
        return []
    earliest, latest = add_months(registered_on, 1), add_months(registered_on, 12)
    if earliest <= valid_until <= latest:
        return []
    return [("valid_until", "temporary_period", {"earliest": earliest.isoformat(), "latest": latest.isoformat()})]


def message(column: str, code: str, params: dict | None = None) -> str:
    """The sentence for a problem, in the active language."""
    label = str(COLUMN_LABELS.get(column, column))
    values = {"field": label[:1].upper() + label[1:], **(params or {})}
    try:
        return str(MESSAGES[code]) % values
    except (KeyError, TypeError, ValueError):
        return f"{column}: {code}"


def record_validation_errors(record) -> dict[str, list[str]]:
    """``{model_field: [messages]}`` for a RegistrationRecord instance (the admin form). The IIN's
    own digits are checked by the field's validator already, so only its presence matters here."""
    from kernel.territory.models import ASTANA_KATO

    problems = []
    citizenship = (record.citizenship or "").upper()
    if record.category == Category.STATELESS and not citizenship:
        citizenship = STATELESS_CODE
    if citizenship and citizenship not in COUNTRIES and citizenship != STATELESS_CODE:
        problems.append(("citizenship", "country_unknown", {"value": citizenship}))
        citizenship = None
    for column, region_attr, country_attr in (
        ("arrived_from", "arrived_from_region_id", "arrived_from_country"),
        ("departed_to", "departed_to_region_id", "departed_to_country"),
    ):
        country = getattr(record, country_attr) or ""
        if country and getattr(record, region_attr):
            problems.append((column, "place_both", {}))
        elif country == KAZ:
            problems.append((column, "place_kaz", {}))
        elif country and country not in COUNTRIES:
            problems.append((column, "country_unknown", {"value": country}))
    if record.district_id and record.district.region.kato != ASTANA_KATO:
        problems.append(("district", "district_unknown", {"value": record.district.kato}))
    problems += record_problems(
        iin="",
        document_type=record.document_type or "",
        document_number=record.document_number or "",
        birth_date=record.birth_date,
        citizenship=citizenship,
        category=record.category,
        kind=record.kind,
        valid_until=record.valid_until,
        registered_on=record.registered_on,
        deregistered_on=record.deregistered_on,
        departed=bool(record.departed_to_region_id or record.departed_to_country),
        today=_today(),
    )
    if record.iin:
        # Known by the IIN: a document is optional, but when given it is given whole.
        problems = [p for p in problems if p[1] != "document_required"]
        if bool(record.document_type) != bool(record.document_number):
            column = "document_number" if record.document_type else "document_type"
            problems.append((column, "document_incomplete", {}))
    errors: dict[str, list[str]] = {}
    for column, code, params in problems:
        field = COLUMN_FIELDS.get(column, column)
        if column in ("arrived_from", "departed_to") and code in ("place_kaz", "country_unknown"):
            field = f"{column}_country"
        errors.setdefault(field, []).append(message(column, code, params))
    return errors


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
