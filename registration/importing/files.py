"""Reading an import file: CSV (UTF-8 with or without BOM, or Windows-1251; comma, semicolon or
tab) or XLSX, into a header and numbered rows of strings (the header is row 1, as in a spreadsheet),
as a stream and within the bounds of ``bounds.Limits``."""

import codecs
import csv
import datetime
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from registration.columns import COLUMNS
from registration.importing.bounds import LIMITS, Limits, is_xlsx
from registration.importing.problems import FileProblem
from registration.importing.xlsx import Workbook

__all__ = ["FileProblem", "Table", "column_order", "read_table"]


# --- Reading ------------------------------------------------------------------------------------


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    estimated_rows: int


def read_table(source: bytes | BinaryIO, file_name: str = "", limits: Limits = LIMITS) -> Table:
    """The header and the rows (with their row numbers, the header being row 1) of a CSV or XLSX
    file, read as a stream within ``limits``: the rows are read while they are iterated, so the
    caller keeps ``source`` open until then."""
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    head = source.read(4)
    source.seek(0)
    if is_xlsx(head, file_name):
        return _read_xlsx(source, limits)
    return _read_csv(source, limits)


# --- CSV ----------------------------------------------------------------------------------------


def _count_lines(source: BinaryIO) -> int:
    count = 0
    while chunk := source.read(1024 * 1024):
        count += chunk.count(b"\n")
    source.seek(0)
    return count


def _lines(source: BinaryIO, limits: Limits) -> Iterator[str]:
    """The file's lines, decoded, each checked: no NUL byte, not longer than the bound, and one
    encoding for the whole file (UTF-8, or Windows-1251 for older systems' exports). The encoding
    is the one of the first line with a letter beyond ASCII; a later line in the other one stops
    the file (it would be stored as mojibake)."""
    encoding = None
    number = 0
    while line := source.readline(limits.max_line_bytes + 1):
        number += 1
        if len(line) > limits.max_line_bytes and not line.endswith(b"\n"):
            raise FileProblem("line_too_long", row=number, max=limits.max_line_bytes // 1024)
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line, encoding = line[len(codecs.BOM_UTF8) :], "utf-8"
        if b"\x00" in line:
            raise FileProblem("file_nul", row=number)
        if line.isascii():
            yield line.decode("ascii")
            continue
        as_utf8 = _utf8(line)
        if encoding is None:
            encoding = "utf-8" if as_utf8 is not None else "cp1251"
        if encoding == "utf-8":
            if as_utf8 is None:
                raise FileProblem("row_encoding", row=number, encoding="UTF-8")
            yield as_utf8
            continue
        if as_utf8 is not None:  # UTF-8 letters in a Windows-1251 file
            raise FileProblem("row_encoding", row=number, encoding="Windows-1251")
        try:
            yield line.decode("cp1251")
        except UnicodeDecodeError as exc:
            raise FileProblem("row_encoding", row=number, encoding="Windows-1251") from exc


def _utf8(line: bytes) -> str | None:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _read_csv(source: BinaryIO, limits: Limits) -> Table:
    estimated = max(0, _count_lines(source) - 1)
    lines = _lines(source, limits)
    try:
        first_line = next(lines)
    except StopIteration as exc:
        raise FileProblem("file_empty") from exc
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(itertools.chain((first_line,), lines), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise FileProblem("file_empty") from exc
    names = [h.strip() for h in header]

    def rows():
        row_no = 1
        try:
            for cells in reader:
                row_no += 1
                if len(cells) > limits.max_columns:
                    raise FileProblem("too_many_columns", row=row_no, max=limits.max_columns)
                for index, cell in enumerate(cells):
                    if len(cell) > limits.max_cell_chars:
                        column = names[index] if index < len(names) and names[index] else str(index + 1)
                        raise FileProblem("cell_too_long", row=row_no, column=column[:50], max=limits.max_cell_chars)
                if row_no > limits.max_rows + 1:
                    raise FileProblem("file_too_large", max=limits.max_rows)
                yield row_no, cells
        except csv.Error as exc:
            # The csv module's own bound on a field (a quoted cell running over many lines).
            raise FileProblem("cell_too_long", row=row_no + 1, column="?", max=limits.max_cell_chars) from exc

    return Table(header=header, rows=rows(), estimated_rows=min(estimated, limits.max_rows))


# --- XLSX ---------------------------------------------------------------------------------------


def _read_xlsx(source: BinaryIO, limits: Limits) -> Table:
    workbook = Workbook(source, limits)
    values = workbook.rows()
    try:
        _number, first = next(values)
    except StopIteration as exc:
        raise FileProblem("file_empty") from exc
    header = [_xlsx_cell(v) for v in first]
    normalised = [h.strip().lower() for h in header]
    iin_index = normalised.index("iin") if "iin" in normalised else -1

    def rows():
        for number, row in values:
            cells = [_xlsx_cell(v) for v in row]
            if 0 <= iin_index < len(row) and isinstance(row[iin_index], int | float):
                # Excel keeps an IIN typed as a number without its leading zero (born 2000-2009).
                cells[iin_index] = cells[iin_index].zfill(12)
            yield number, cells

    return Table(header=header, rows=rows(), estimated_rows=workbook.estimated_rows())


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
