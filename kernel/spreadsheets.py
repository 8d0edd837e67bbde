"""Cells the portal writes into CSV and XLSX files: user text stays text, never a formula.

OWASP "CSV injection": a spreadsheet program runs a cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), and
openpyxl itself stores any string that starts with ``=`` as a live formula. Every writer of the
portal passes its values through this module:

- ``csv_cell`` / ``csv_row`` for CSV: such a string gets a leading apostrophe, which the
  spreadsheet shows as text (the value a reader sees is the value that was stored, with ``'``);
- ``xlsx_append`` for XLSX: the cell is written with the string type, so Excel shows the exact
  text and never evaluates it. Numbers, dates and booleans pass through unchanged in both.
"""

from collections.abc import Iterable
from typing import Any

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


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]


def csv_rows(rows: Iterable[Iterable[Any]]) -> Iterable[list[Any]]:
    """Rows for ``csv.writer(...).writerows``, each cell made safe (lazily, for streaming)."""
    return (csv_row(row) for row in rows)


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
