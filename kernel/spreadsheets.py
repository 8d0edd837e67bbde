"""Cells the portal writes into CSV and XLSX files: user text stays text, never a formula.

OWASP "CSV injection": a spreadsheet program runs a cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), and
openpyxl itself stores any string that starts with ``=`` as a live formula. Every writer of the
portal passes its values through this module:

- ``csv_cell`` / ``csv_row`` for CSV: such a string gets a leading apostrophe, which the
  spreadsheet shows as text (the value a reader sees is the value that was stored, with ``'``);
- ``xlsx_append`` for XLSX: the cell is written with the string type, so Excel shows the exact
  text and never evaluates it. Numbers, dates and booleans pass through unchanged in both.

Two kinds of CSV (issue 12 point 7):

- **for people** (``csv_writer(out)``, the default): what staff and analysts open in Excel on an
  office PC with Kazakh or Russian regional settings, which splits a line on ``;`` and reads
  ``12,5`` as a number: semicolons, a decimal comma, UTF-8 with a BOM so the letters come right;
- **for programs** (``csv_writer(out, for_people=False)``): commas and a decimal point, as RFC 4180
  and every CSV library expect (the monitoring report's "CSV for programs" format).
"""

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

CSV_BOM = "\ufeff"  # so that Excel opens the UTF-8 file with the right letters
PEOPLE_DELIMITER = ";"  # the list separator of Kazakh and Russian regional settings
MACHINE_DELIMITER = ","

# The first characters a spreadsheet program reads as the start of a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """True when ``value`` is a string a spreadsheet program would evaluate."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: formula-like text behind an apostrophe, everything else as is."""
    if is_formula_like(value):
        return "'" + value
    return value


def people_cell(value: Any) -> Any:
    """A cell for a CSV made for people: a fraction with a decimal comma, as Excel reads it under
    Kazakh or Russian regional settings (``12.5`` would be read as a date or as text)."""
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        return str(value).replace(".", ",")
    return csv_cell(value)


def csv_row(values: Iterable[Any], *, for_people: bool = False) -> list[Any]:
    cell = people_cell if for_people else csv_cell
    return [cell(value) for value in values]


def csv_rows(rows: Iterable[Iterable[Any]], *, for_people: bool = False) -> Iterable[list[Any]]:
    """Rows for ``csv.writer(...).writerows``, each cell made safe (lazily, for streaming)."""
    return (csv_row(row, for_people=for_people) for row in rows)


class CsvWriter:
    """``writerow`` / ``writerows`` with every cell made safe, in the people's or the programs'
    dialect; ``writerow`` returns what the file object's ``write`` returned (for streaming)."""

    def __init__(self, out, *, for_people: bool = True):
        self.for_people = for_people
        self._writer = csv.writer(out, delimiter=PEOPLE_DELIMITER if for_people else MACHINE_DELIMITER)

    def writerow(self, values: Iterable[Any]):
        return self._writer.writerow(csv_row(values, for_people=self.for_people))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        self._writer.writerows(csv_rows(rows, for_people=self.for_people))


def csv_writer(out, *, for_people: bool = True) -> CsvWriter:
    return CsvWriter(out, for_people=for_people)


def csv_bytes(rows: Iterable[Iterable[Any]], *, for_people: bool = True) -> bytes:
    """A whole CSV file: UTF-8 with a BOM (Excel needs it to read the letters; programs skip it)."""
    import io

    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    csv_writer(buffer, for_people=for_people).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_append(sheet, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet; strings are stored as strings, never formulas.

    ``sheet.append`` turns a string that begins with ``=`` into a formula; writing the cells
    ourselves and fixing their type keeps the text exactly as typed.
    """
    values = list(values)
    sheet.append([None if is_formula_like(value) else value for value in values])
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if is_formula_like(value):
            cell = sheet.cell(row=row, column=column)
            cell.value = value
            cell.data_type = "s"


SHEET_TITLE_MAX = 31  # Excel's limit
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def sheet_title(name: str, taken: Iterable[str]) -> str:
    """A worksheet's title from a name people read (an indicator's, in the report's language), not
    a code: Excel's forbidden letters replaced, cut to 31 letters with "…", and numbered when a
    title already in ``taken`` would repeat it (Excel compares titles without case)."""
    base = " ".join(str(name).translate(_SHEET_FORBIDDEN).split()).strip("'") or "—"
    used = {title.casefold() for title in taken}
    for n in range(1, 1000):
        suffix = f" ({n})" if n > 1 else ""
        room = SHEET_TITLE_MAX - len(suffix)
        title = (base if len(base) <= room else base[: room - 1].rstrip() + "…") + suffix
        if title.casefold() not in used:
            return title
    raise ValueError("too many sheets of one name")
