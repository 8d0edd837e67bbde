"""Checking rows: every rule of ``registration.validation`` in one tight loop, with the reference
data looked up once; good rows are written as CSV for COPY, problems kept with row and column."""

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from kernel.logging import mask_iins
from kernel.territory.models import ASTANA_KATO, District, Region, RuralDistrict
from registration.choices import Category, DocumentType, Kind, Purpose, Sex
from registration.columns import COLUMNS, RECORD_FIELDS
from registration.ethnicities import ethnicity_code
from registration.importing.bounds import LIMITS
from registration.importing.problems import FileProblem
from registration.models import RegistrationRecord
from registration.validation import COUNTRIES, KAZ, STATELESS_CODE, record_problems

MAX_ROWS = LIMITS.max_rows
MAX_STORED_ERRORS = 10_000
PROGRESS_EVERY = 5_000

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
REQUIRED_TEXT = ("surname", "name", "street", "building")


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
        """Check ``rows`` (cells in the COLUMNS order unless ``order`` maps them); a good row is
        written for COPY, a bad one leaves its problems, each with its row and column."""
        write = csv.writer(self.out).writerow
        ncols = len(COLUMNS)
        width = max(order) + 1 if order else ncols
        identity = order is None or order == list(range(ncols))
        for row_no, cells in rows:
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            values = [c.strip() for c in cells[:ncols]] if identity else [cells[i].strip() for i in order or ()]
            if not any(values):
                continue  # a blank line at the end of a sheet
            self.rows_seen += 1
            if progress is not None and self.rows_seen % PROGRESS_EVERY == 0:
                progress(self.rows_seen)
            if self.rows_seen > MAX_ROWS:
                raise FileProblem("file_too_large", max=MAX_ROWS)
            record = self._record(row_no, dict(zip(COLUMNS, values, strict=True)))
            if record is not None:
                self.rows_good += 1
                write(record)

    def _record(self, row_no: int, cell: dict[str, str]) -> tuple | None:
        """The row as written for COPY (``row_no`` first, then RECORD_FIELDS), or None with its
        problems noted: each cell on its own first, then the rules that take several cells, then
        whether the file already had this row."""
        errors_before = self.error_count
        self._check_text(row_no, cell)
        ethnicity = ethnicity_code(cell["ethnicity"])
        if ethnicity is None:
            self._problem(row_no, "ethnicity", cell["ethnicity"], "ethnicity_unknown", {"value": cell["ethnicity"]})
        document_type = cell["document_type"].lower()
        if document_type and document_type not in DOCUMENT_TYPES:
            self._problem(row_no, "document_type", document_type, "choice", _allowed(DOCUMENT_TYPES, document_type))
        sex = self._sex(row_no, cell["sex"])
        category, kind, purpose = (
            self._choice(row_no, column, cell[column], allowed)
            for column, allowed in (("category", CATEGORIES), ("kind", KINDS), ("purpose", PURPOSES))
        )
        citizenship = self._citizenship(row_no, cell["citizenship"], category)
        district_id = self._district(row_no, cell["district"])
        birth_date, registered_on, valid_until, deregistered_on = (
            self._date_cell(row_no, column, cell[column], required)
            for column, required in (
                ("birth_date", True),
                ("registered_on", True),
                ("valid_until", False),
                ("deregistered_on", False),
            )
        )
        arrived_region, arrived_country = self._place(row_no, "arrived_from", cell["arrived_from"])
        departed_region, departed_country = self._place(row_no, "departed_to", cell["departed_to"])
        for column, code, params in record_problems(
            iin=cell["iin"],
            document_type=document_type,
            document_number=cell["document_number"],
            birth_date=birth_date,
            citizenship=citizenship,
            category=category,
            kind=kind,
            valid_until=valid_until,
            registered_on=registered_on,
            deregistered_on=deregistered_on,
            departed=bool(cell["departed_to"]) and not cell["deregistered_on"],
            today=self.today,
        ):
            self._problem(row_no, column, cell[column], code, params)
        if self.error_count != errors_before:
            return None
        if not self._first_in_file(row_no, cell, citizenship, document_type, kind, registered_on, deregistered_on):
            return None
        return (
            row_no,
            cell["iin"],
            document_type,
            cell["document_number"],
            cell["surname"],
            cell["name"],
            cell["patronymic"],
            birth_date,
            sex,
            citizenship,
            category,
            ethnicity,
            kind,
            valid_until,
            district_id,
            cell["street"],
            cell["building"],
            cell["flat"],
            cell["address_code"],
            registered_on,
            arrived_region,
            arrived_country,
            purpose,
            deregistered_on,
            departed_region,
            departed_country,
        )

    def _check_text(self, row_no: int, cell: dict[str, str]) -> None:
        """The free-text cells: there when required, no longer than their field."""
        for column in REQUIRED_TEXT:
            if not cell[column]:
                self._problem(row_no, column, "", "required")
        for column, max_length in MAX_LENGTHS.items():
            value = cell[column]
            if len(value) > max_length:
                self._problem(row_no, column, value, "too_long", {"max": max_length, "length": len(value)})

    def _sex(self, row_no: int, text: str) -> str | None:
        sex = SEXES.get(text.upper())
        if sex is None:
            if text:
                self._problem(row_no, "sex", text, "choice", _allowed(("M", "F"), text))
            else:
                self._problem(row_no, "sex", text, "required")
        return sex

    def _choice(self, row_no: int, column: str, text: str, allowed: frozenset) -> str:
        """A code from a closed list, read case-blind."""
        value = text.lower()
        if value not in allowed:
            if value:
                self._problem(row_no, column, value, "choice", _allowed(allowed, value))
            else:
                self._problem(row_no, column, value, "required")
        return value

    def _citizenship(self, row_no: int, text: str, category: str) -> str | None:
        """A country code; empty for a stateless person means stateless."""
        citizenship = text.upper()
        if not citizenship and category == Category.STATELESS:
            return STATELESS_CODE
        if citizenship not in COUNTRIES and citizenship != STATELESS_CODE:
            code = "country_unknown" if citizenship else "required"
            self._problem(row_no, "citizenship", citizenship, code, {"value": citizenship})
            return None
        return citizenship

    def _district(self, row_no: int, text: str) -> int | None:
        """The id of the district of Astana whose KATO code ``text`` is."""
        district_id = self.reference.districts.get(text)
        if district_id is None:
            if text:
                self._problem(row_no, "district", text, "district_unknown", {"value": text})
            else:
                self._problem(row_no, "district", text, "required")
        return district_id

    def _date_cell(self, row_no: int, column: str, text: str, required: bool) -> datetime.date | None:
        if not text:
            if required:
                self._problem(row_no, column, text, "required")
            return None
        value = self._date(text)
        if value is None:
            self._problem(row_no, column, text, "date_format")
        return value

    def _place(self, row_no: int, column: str, text: str) -> tuple[int | None, str]:
        """Where a person came from or went: a KATO code (its region's id) or a foreign country."""
        if not text:
            return None, ""
        if text.isdigit():
            region_id = self.reference.places.get(text)
            if region_id is None:
                self._problem(row_no, column, text, "place_unknown", {"value": text})
            return region_id, ""
        country = text.upper()
        if country == KAZ:
            self._problem(row_no, column, text, "place_kaz")
        elif country not in COUNTRIES:
            self._problem(row_no, column, text, "place_unknown", {"value": text})
        return None, country

    def _first_in_file(self, row_no, cell, citizenship, document_type, kind, registered_on, deregistered_on) -> bool:
        """False (with the problem noted) when the file already had this person's row for the same
        kind and date, or a second open permanent registration of them."""
        iin = cell["iin"]
        person = iin or ("", citizenship, document_type, cell["document_number"])
        column = "iin" if iin else "document_number"
        key = (person, kind, registered_on)
        other = self._records.get(key)
        if other is not None:
            self._problem(row_no, column, cell[column], "same_row_in_file", {"other": other})
            return False
        self._records[key] = row_no
        if kind == Kind.PERMANENT and deregistered_on is None:
            other = self._active_permanent.get(person)
            if other is not None:
                self._problem(row_no, column, cell[column], "active_permanent_in_file", {"other": other})
                return False
            self._active_permanent[person] = row_no
        return True


def _allowed(values, value) -> dict:
    return {"value": value, "allowed": ", ".join(sorted(values))}
