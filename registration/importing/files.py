"""Reading an import file: CSV (UTF-8 with or without BOM, or Windows-1251; comma, semicolon or
tab) or XLSX, into a header and numbered rows of strings (the header is row 1, as in a spreadsheet)."""

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass

from registration.validation import COLUMNS


class FileProblem(Exception):
    """The file as a whole cannot be imported (unreadable, wrong header, too large)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


# --- Reading ------------------------------------------------------------------------------------


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    estimated_rows: int


def read_table(content: bytes, file_name: str = "") -> Table:
    """The header and the rows (with their row numbers, the header being row 1) of a CSV or XLSX file."""
    if content[:4] == b"PK\x03\x04" or file_name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content)
    return _read_csv(content)


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older registration systems export Windows-1251.
        try:
            text = content.decode("cp1251")
        except UnicodeDecodeError as exc:
            raise FileProblem("file_unreadable") from exc
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise FileProblem("file_empty") from exc

    def rows():
        try:
            yield from enumerate(reader, start=2)
        except csv.Error as exc:
            raise FileProblem("file_unreadable") from exc

    return Table(header=header, rows=rows(), estimated_rows=max(0, text.count("\n") - 1))


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = [_xlsx_cell(v) for v in next(values)]
    except StopIteration as exc:
        raise FileProblem("file_empty") from exc
    except Exception as exc:
        raise FileProblem("file_unreadable") from exc
    normalised = [h.strip().lower() for h in header]
    iin_index = normalised.index("iin") if "iin" in normalised else -1

    def rows():
        for number, row in enumerate(values, start=2):
            cells = [_xlsx_cell(v) for v in row]
            if 0 <= iin_index < len(row) and isinstance(row[iin_index], int | float):
                # Excel keeps an IIN typed as a number without its leading zero (born 2000-2009).
                cells[iin_index] = cells[iin_index].zfill(12)
            yield number, cells

    return Table(header=header, rows=rows(), estimated_rows=max(0, (sheet.max_row or 1) - 1))


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column_order(header: list[str]) -> list[int]:
    """For each of COLUMNS, its position in the file's header; raises FileProblem when they differ."""
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    while names and not names[-1]:
        names.pop()
    for name in names:
        if names.count(name) > 1:
            raise FileProblem("header_repeated", column=name)
    for name in names:
        if name not in COLUMNS:
            raise FileProblem("header_unknown", column=name)
    for name in COLUMNS:
        if name not in names:
            raise FileProblem("header_missing", column=name)
    return [names.index(name) for name in COLUMNS]
