"""Checking rows: every rule of ``registration.validation`` in one tight loop, with the reference
data looked up once; good rows are written as CSV for COPY, problems kept with row and column."""

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from kernel.logging import mask_iins
from kernel.territory.models import ASTANA_KATO, District, Region, RuralDistrict
from registration.ethnicities import ethnicity_code
from registration.importing.bounds import LIMITS
from registration.importing.problems import FileProblem
from registration.models import Category, DocumentType, Kind, Purpose, RegistrationRecord, Sex
from registration.validation import COLUMNS, COUNTRIES, KAZ, STATELESS_CODE, record_problems

MAX_ROWS = LIMITS.max_rows
MAX_STORED_ERRORS = 10_000
PROGRESS_EVERY = 5_000

# The columns written to the temporary table, in order; ``row_no`` is the file's row number.
RECORD_FIELDS = (
    "iin",
    "document_type",
    "document_number",
    "surname",
    "name",
    "patronymic",
    "birth_date",
    "sex",
    "citizenship",
    "category",
    "ethnicity",
    "kind",
    "valid_until",
    "district_id",
    "street",
    "building",
    "flat",
    "address_code",
    "registered_on",
    "arrived_from_region_id",
    "arrived_from_country",
    "purpose",
    "deregistered_on",
    "departed_to_region_id",
    "departed_to_country",
)
TEXT_FIELDS = tuple(
    f for f in RECORD_FIELDS if not f.endswith(("_id", "_on", "_date")) and f not in ("valid_until", "birth_date")
)
MAX_LENGTHS = {
    name: RegistrationRecord._meta.get_field(name).max_length
    for name in ("document_number", "surname", "name", "patronymic", "ethnicity", "street", "building", "flat")
} | {"address_code": RegistrationRecord._meta.get_field("address_code").max_length}

SEXES = {"M": Sex.MALE, "F": Sex.FEMALE, "М": Sex.MALE, "Ж": Sex.FEMALE, "Е": Sex.MALE, "Ә": Sex.FEMALE}
CATEGORIES = frozenset(Category.values)
KINDS = frozenset(Kind.values)
PURPOSES = frozenset(Purpose.values)
DOCUMENT_TYPES = frozenset(DocumentType.values)
PERSONAL_COLUMNS = frozenset(("iin", "document_number"))


@dataclass
class Problem:
    row: int
    column: str
    value: str
    code: str
    params: dict

    def stored(self) -> list:
        """The form kept on the import batch: IIN-like digits masked, long values cut."""
        return [self.row, self.column, mask_iins(self.value[:100]), self.code, self.params]


# --- Checking -----------------------------------------------------------------------------------


@dataclass
class Reference:
    """Reference data looked up once per import: Astana's districts and the places people come
    from or go to (regions, and districts / rural districts standing for their region)."""

    districts: dict[str, int]
    places: dict[str, int]

    @classmethod
    def load(cls) -> "Reference":
        regions = dict(Region.objects.values_list("kato", "id"))
        places = dict(regions)
        for kato, region_id in District.objects.values_list("kato", "region_id"):
            places.setdefault(kato, region_id)
        for kato, region_id in RuralDistrict.objects.values_list("kato", "district__region_id"):
            places.setdefault(kato, region_id)
        districts = dict(District.objects.filter(region__kato=ASTANA_KATO).values_list("kato", "id"))
        return cls(districts=districts, places=places)


def parse_date(text: str) -> datetime.date | None:
    """``YYYY-MM-DD`` or ``DD.MM.YYYY``; None when it is neither."""
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        if len(text) == 10 and text[2] == "." and text[5] == ".":
            return datetime.date(int(text[6:]), int(text[3:5]), int(text[:2]))
    except ValueError:
        return None
    return None


_UNREAD = object()


@dataclass
class RowChecker:
    """Checks rows one by one and writes the good ones as CSV for COPY.

    Remembers what it has seen, so duplicates inside a file (or across the chunks the demo data
    generator feeds it) are caught.
    """

    reference: Reference
    today: datetime.date
    out: io.StringIO = field(default_factory=io.StringIO)
    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0
    rows_good: int = 0
    rows_seen: int = 0
    _records: dict = field(default_factory=dict)
    _active_permanent: dict = field(default_factory=dict)
    _dates: dict = field(default_factory=dict)

    def _problem(self, row, column, value, code, params=None):
        self.error_count += 1
        if len(self.problems) < MAX_STORED_ERRORS:
            self.problems.append(Problem(row, column, value, code, params or {}))

    def _date(self, text):
        value = self._dates.get(text, _UNREAD)
        if value is _UNREAD:
            value = self._dates[text] = parse_date(text)
        return value

    def check(
        self,
        rows: Iterator[tuple[int, list[str]]],
        order: list[int] | None = None,
        *,
        progress: Callable[[int], object] | None = None,
    ) -> None:
        """Check ``rows`` (cells in the COLUMNS order unless ``order`` maps them)."""
        write = csv.writer(self.out).writerow
        problem = self._problem
        to_date = self._date
        districts, places = self.reference.districts, self.reference.places
        records, active_permanent = self._records, self._active_permanent
        today = self.today
        ncols = len(COLUMNS)
        width = max(order) + 1 if order else ncols
        identity = order is None or order == list(range(ncols))
        max_lengths = MAX_LENGTHS
        for row_no, cells in rows:
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            values = [c.strip() for c in cells[:ncols]] if identity else [cells[i].strip() for i in order]
            self.rows_seen += 1
            if progress is not None and self.rows_seen % PROGRESS_EVERY == 0:
                progress(self.rows_seen)
            if not any(values):
                self.rows_seen -= 1
                continue  # a blank line at the end of a sheet
            if self.rows_seen > MAX_ROWS:
                raise FileProblem("file_too_large", max=MAX_ROWS)
            (
                iin,
                document_type,
                document_number,
                surname,
                name,
                patronymic,
                birth_text,
                sex_text,
                citizenship,
                category,
                ethnicity,
                kind,
                valid_text,
                district_text,
                street,
                building,
                flat,
                address_code,
                registered_text,
                arrived_text,
                purpose,
                deregistered_text,
                departed_text,
            ) = values
            errors_before = self.error_count

            # One cell at a time: is it there, is it readable, does it fit.
            for column, value in (("surname", surname), ("name", name), ("street", street), ("building", building)):
                if not value:
                    problem(row_no, column, value, "required")
            for column, value in (
                ("document_number", document_number),
                ("surname", surname),
                ("name", name),
                ("patronymic", patronymic),
                ("ethnicity", ethnicity),
                ("street", street),
                ("building", building),
                ("flat", flat),
                ("address_code", address_code),
            ):
                if len(value) > max_lengths[column]:
                    problem(row_no, column, value, "too_long", {"max": max_lengths[column], "length": len(value)})
            ethnicity_text, ethnicity = ethnicity, ethnicity_code(ethnicity)
            if ethnicity is None:
                problem(row_no, "ethnicity", ethnicity_text, "ethnicity_unknown", {"value": ethnicity_text})
            if document_type:
                document_type = document_type.lower()
                if document_type not in DOCUMENT_TYPES:
                    problem(row_no, "document_type", document_type, "choice", _allowed(DOCUMENT_TYPES, document_type))
            sex = SEXES.get(sex_text.upper())
            if sex is None:
                if sex_text:
                    problem(row_no, "sex", sex_text, "choice", _allowed(("M", "F"), sex_text))
                else:
                    problem(row_no, "sex", sex_text, "required")
            category = category.lower()
            if category not in CATEGORIES:
                if category:
                    problem(row_no, "category", category, "choice", _allowed(CATEGORIES, category))
                else:
                    problem(row_no, "category", category, "required")
            kind = kind.lower()
            if kind not in KINDS:
                if kind:
                    problem(row_no, "kind", kind, "choice", _allowed(KINDS, kind))
                else:
                    problem(row_no, "kind", kind, "required")
            purpose = purpose.lower()
            if purpose not in PURPOSES:
                if purpose:
                    problem(row_no, "purpose", purpose, "choice", _allowed(PURPOSES, purpose))
                else:
                    problem(row_no, "purpose", purpose, "required")
            citizenship = citizenship.upper()
            if not citizenship and category == Category.STATELESS:
                citizenship = STATELESS_CODE
            if citizenship not in COUNTRIES and citizenship != STATELESS_CODE:
                problem(
                    row_no,
                    "citizenship",
                    citizenship,
                    "country_unknown" if citizenship else "required",
                    {"value": citizenship},
                )
                citizenship = None
            district_id = districts.get(district_text)
            if district_id is None:
                if district_text:
                    problem(row_no, "district", district_text, "district_unknown", {"value": district_text})
                else:
                    problem(row_no, "district", district_text, "required")
            dates = []
            for column, text, required in (
                ("birth_date", birth_text, True),
                ("registered_on", registered_text, True),
                ("valid_until", valid_text, False),
                ("deregistered_on", deregistered_text, False),
            ):
                value = None
                if text:
                    value = to_date(text)
                    if value is None:
                        problem(row_no, column, text, "date_format")
                elif required:
                    problem(row_no, column, text, "required")
                dates.append(value)
            birth_date, registered_on, valid_until, deregistered_on = dates
            places_found = []
            for column, text in (("arrived_from", arrived_text), ("departed_to", departed_text)):
                region_id, country = None, ""
                if text:
                    if text.isdigit():
                        region_id = places.get(text)
                        if region_id is None:
                            problem(row_no, column, text, "place_unknown", {"value": text})
                    else:
                        country = text.upper()
                        if country == KAZ:
                            problem(row_no, column, text, "place_kaz")
                        elif country not in COUNTRIES:
                            problem(row_no, column, text, "place_unknown", {"value": text})
                places_found.append((region_id, country))
            (arrived_region, arrived_country), (departed_region, departed_country) = places_found

            # The rules that take several cells together.
            for column, code, params in record_problems(
                iin=iin,
                document_type=document_type,
                document_number=document_number,
                birth_date=birth_date,
                citizenship=citizenship,
                category=category,
                kind=kind,
                valid_until=valid_until,
                registered_on=registered_on,
                deregistered_on=deregistered_on,
                departed=bool(departed_text) and not deregistered_text,
                today=today,
            ):
                problem(row_no, column, values[COLUMNS.index(column)], code, params)
            if self.error_count != errors_before:
                continue

            # The same person twice in the file.
            person = iin or ("", citizenship, document_type, document_number)
            column = "iin" if iin else "document_number"
            key = (person, kind, registered_on)
            other = records.get(key)
            if other is not None:
                problem(row_no, column, values[COLUMNS.index(column)], "same_row_in_file", {"other": other})
                continue
            records[key] = row_no
            if kind == Kind.PERMANENT and deregistered_on is None:
                other = active_permanent.get(person)
                if other is not None:
                    problem(row_no, column, values[COLUMNS.index(column)], "active_permanent_in_file", {"other": other})
                    continue
                active_permanent[person] = row_no

            self.rows_good += 1
            write(
                (
                    row_no,
                    iin,
                    document_type,
                    document_number,
                    surname,
                    name,
                    patronymic,
                    birth_date,
                    sex,
                    citizenship,
                    category,
                    ethnicity,
                    kind,
                    valid_until,
                    district_id,
                    street,
                    building,
                    flat,
                    address_code,
                    registered_on,
                    arrived_region,
                    arrived_country,
                    purpose,
                    deregistered_on,
                    departed_region,
                    departed_country,
                )
            )


def _allowed(values, value) -> dict:
    return {"value": value, "allowed": ", ".join(sorted(values))}
