"""The first sheet of an XLSX workbook, read as a stream and within bounds (``bounds.Limits``).

openpyxl, even read-only, loads every shared string into memory before the first row: a 1 MB
workbook can ask for 2 GB. This reader parses the parts itself with expat, chunk by chunk:

- the zip directory is checked first (``bounds.check_xlsx_directory``);
- the shared strings are kept packed (UTF-8 in one buffer, with their offsets), and the reader
  stops when there are too many of them or too much text;
- the sheet's rows are yielded as they are parsed; it stops at the first cell longer than the
  bound (while the text arrives, not after), at a value beyond the last allowed column, at a
  number cell that holds no number, and when there are more rows than allowed;
- no XML token may be longer than a bound (expat keeps a token whole until it ends), and a
  document type declaration (entities) stops the file.

Every stop is a ``FileProblem`` naming the row and column where there is one.
"""

import datetime
import math
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from array import array
from collections.abc import Iterator
from typing import BinaryIO
from xml.parsers import expat

from registration.importing.bounds import LIMITS, Limits, check_xlsx_directory
from registration.importing.problems import FileProblem

CHUNK = 64 * 1024
# Excel's built-in number formats that show a date (ECMA-376 18.8.30).
BUILTIN_DATE_FORMATS = frozenset((14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57))
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+\d+:)?[A-Z]+(\d+)\"")
_NOT_DATE_PARTS = re.compile(r"\"[^\"]*\"|\[[^\]]*\]|\\.|_.|\*.")
_LAST_EXCEL_SERIAL = 2_958_465  # 9999-12-31


def _local(name: str) -> str:
    """A tag or attribute name without its namespace (``{ns}row``, ``x:row`` → ``row``)."""
    return name.rpartition("}")[2].rpartition(":")[2]


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as the spreadsheet shows it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(reference: str) -> int | None:
    index = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            index = index * 26 + ord(char) - 96
        else:
            break
        if index > 20_000:  # beyond any spreadsheet: the caller treats it as too far right
            break
    return index - 1 if index else None


# --- Small parts: the workbook, its relations, the styles -----------------------------------------


def _small_part(archive: zipfile.ZipFile, name: str) -> ET.Element:
    data = archive.read(name)  # its size was checked in the zip directory; zipfile stops there
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise FileProblem("file_unreadable")
    return ET.fromstring(data)  # noqa: S314 - no DTD (checked above), parts of a bounded size


def _join(base_dir: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base_dir, target))


def _relations(archive: zipfile.ZipFile, names: set[str], part: str) -> list[ET.Element]:
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in names:
        return []
    return [el for el in _small_part(archive, rels).iter() if _local(el.tag) == "Relationship"]


class _Parts:
    """Where the first sheet, the shared strings and the styles are; the date system."""

    def __init__(self, archive: zipfile.ZipFile):
        names = set(archive.namelist())
        workbook = "xl/workbook.xml"
        for rel in _relations(archive, names, ""):
            if rel.get("Type", "").endswith("/officeDocument"):
                workbook = _join("", rel.get("Target", ""))
        if workbook not in names:
            raise FileProblem("file_unreadable")
        base = posixpath.dirname(workbook)
        relations = {rel.get("Id"): rel for rel in _relations(archive, names, workbook)}
        root = _small_part(archive, workbook)
        self.date1904 = any(
            _local(el.tag) == "workbookPr" and el.get("date1904", "").lower() in ("1", "true") for el in root.iter()
        )
        first = next((el for el in root.iter() if _local(el.tag) == "sheet"), None)
        if first is None:
            raise FileProblem("file_empty")
        rel_id = next((v for k, v in first.attrib.items() if _local(k) == "id"), None)
        target = relations.get(rel_id)
        self.sheet = _join(base, target.get("Target", "")) if target is not None else f"{base}/worksheets/sheet1.xml"
        self.shared_strings = self.styles = None
        for rel in relations.values():
            kind = rel.get("Type", "")
            if kind.endswith("/sharedStrings"):
                self.shared_strings = _join(base, rel.get("Target", ""))
            elif kind.endswith("/styles"):
                self.styles = _join(base, rel.get("Target", ""))
        for part in (self.sheet, self.shared_strings, self.styles):
            if part is not None and part not in names:
                raise FileProblem("file_unreadable")


def is_date_format(code: str) -> bool:
    code = _NOT_DATE_PARTS.sub("", code).lower()
    return code != "general" and any(letter in code for letter in "dmy")


def _date_styles(archive: zipfile.ZipFile, styles: str | None) -> frozenset[int]:
    """The indices of the cell styles that show a date."""
    if styles is None:
        return frozenset()
    root = _small_part(archive, styles)
    formats = {}
    cell_xfs = None
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "numFmt":
            formats[el.get("numFmtId")] = el.get("formatCode", "")
        elif tag == "cellXfs":
            cell_xfs = el
    if cell_xfs is None:
        return frozenset()
    dates = set()
    for index, xf in enumerate(el for el in cell_xfs if _local(el.tag) == "xf"):
        fmt = xf.get("numFmtId", "0")
        if (fmt.isdigit() and int(fmt) in BUILTIN_DATE_FORMATS) or is_date_format(formats.get(fmt, "")):
            dates.add(index)
    return frozenset(dates)


# --- Streaming ----------------------------------------------------------------------------------


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()

    def no_dtd(*_args):
        raise FileProblem("file_unreadable")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    return parser


def _chunks(stream: BinaryIO, limits: Limits) -> Iterator[bytes]:
    """The part's bytes in chunks; stops when a token (the bytes between two ``>``) is too long.
    Gaps inside one chunk are shorter than the chunk; only those across chunks need counting."""
    since_close = 0
    while chunk := stream.read(CHUNK):
        first = chunk.find(b">")
        if first < 0:
            since_close += len(chunk)
        else:
            if since_close + first > limits.max_xml_token_bytes:
                since_close += first
                break
            since_close = len(chunk) - 1 - chunk.rfind(b">")
        if since_close > limits.max_xml_token_bytes:
            break
        yield chunk
    if since_close > limits.max_xml_token_bytes:
        raise FileProblem("xlsx_token_too_long", max=limits.max_xml_token_bytes // 1024)


def _parse(parser, stream: BinaryIO, limits: Limits) -> Iterator[None]:
    """Feed the part to ``parser``, yielding after each chunk (so rows can be handed out)."""
    try:
        for chunk in _chunks(stream, limits):
            parser.Parse(chunk, False)
            yield
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise FileProblem("file_unreadable") from exc
    except zipfile.BadZipFile as exc:  # a CRC that does not match, a member longer than declared
        raise FileProblem("file_unreadable") from exc
    yield


class SharedStrings:
    """The workbook's shared strings, packed: UTF-8 in one buffer and where each one ends."""

    def __init__(self):
        self._data = bytearray()
        self._ends = array("Q")

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        if index < 0:
            raise IndexError(index)
        end = self._ends[index]
        start = self._ends[index - 1] if index else 0
        return self._data[start:end].decode("utf-8")

    def add(self, text: str, limits: Limits) -> None:
        if len(self._ends) >= limits.max_shared_strings:
            raise FileProblem("xlsx_strings_too_large", max=limits.max_shared_text_bytes // (1024 * 1024))
        self._data += text.encode("utf-8")
        if len(self._data) > limits.max_shared_text_bytes:
            raise FileProblem("xlsx_strings_too_large", max=limits.max_shared_text_bytes // (1024 * 1024))
        self._ends.append(len(self._data))


def read_shared_strings(archive: zipfile.ZipFile, part: str | None, limits: Limits = LIMITS) -> SharedStrings:
    strings = SharedStrings()
    if part is None:
        return strings
    parser = _parser()
    state = {"parts": [], "length": 0, "in_t": False, "phonetic": 0}
    keep = limits.max_cell_chars + 1  # a longer string is cut here: a cell using it is then refused

    def start(name, _attrs):
        tag = _local(name)
        if tag == "si":
            state["parts"], state["length"] = [], 0
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["in_t"] = True

    def text(data):
        if state["in_t"] and state["length"] < keep:
            state["parts"].append(data)
            state["length"] += len(data)

    def end(name):
        tag = _local(name)
        if tag == "t":
            state["in_t"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            strings.add("".join(state["parts"])[:keep], limits)

    parser.StartElementHandler, parser.CharacterDataHandler, parser.EndElementHandler = start, text, end
    with archive.open(part) as stream:
        for _ in _parse(parser, stream, limits):
            pass
    return strings


def _excel_date(serial: float, date1904: bool) -> datetime.date:
    days = int(serial)
    if date1904:
        return datetime.date(1904, 1, 1) + datetime.timedelta(days=days)
    if days < 60:  # Excel counts a 29 February 1900 that never was
        days += 1
    return datetime.date(1899, 12, 30) + datetime.timedelta(days=days)


class _SheetReader:
    """Parses a sheet part, collecting finished rows as ``(row number, [values])``."""

    def __init__(self, strings: SharedStrings, date_styles: frozenset[int], date1904: bool, limits: Limits):
        self.strings, self.date_styles, self.date1904, self.limits = strings, date_styles, date1904, limits
        self.ready: list[tuple[int, list]] = []
        self.row_no = 0
        self.row_elements = 0
        self.rows_with_values = 0
        self.cells: dict[int, object] = {}
        self.column = -1
        self.cell_type = self.cell_style = None
        self.parts: list[str] = []
        self.length = 0
        self.collecting = False
        self.phonetic = 0

    def attach(self, parser) -> None:
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text

    def _too_long(self):
        return FileProblem(
            "cell_too_long", row=self.row_no, column=column_letters(self.column), max=self.limits.max_cell_chars
        )

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "c":
            reference = attrs.get("r")
            index = _column_index(reference) if reference else None
            self.column = index if index is not None else self.column + 1
            self.cell_type, self.cell_style = attrs.get("t", "n"), attrs.get("s")
            self.parts, self.length = [], 0
        elif tag == "v" or (tag == "t" and not self.phonetic):
            self.collecting = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "row":
            self.row_elements += 1
            if self.row_elements > 2 * self.limits.max_rows:
                raise FileProblem("file_too_large", max=self.limits.max_rows)
            number = attrs.get("r", "")
            self.row_no = int(number) if number.isdigit() and len(number) < 10 else self.row_no + 1
            self.cells, self.column = {}, -1

    def text(self, data):
        if self.collecting:
            self.length += len(data)
            if self.length > self.limits.max_cell_chars:
                raise self._too_long()
            self.parts.append(data)

    def end(self, name):
        tag = _local(name)
        if tag in ("v", "t"):
            self.collecting = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "c":
            value = self._value("".join(self.parts))
            if value is None or value == "":
                return
            if self.column >= self.limits.max_columns:
                raise FileProblem("too_many_columns", row=self.row_no, max=self.limits.max_columns)
            self.cells[self.column] = value
        elif tag == "row" and self.cells:
            self.rows_with_values += 1
            if self.rows_with_values > self.limits.max_rows + 1:  # the header and the rows
                raise FileProblem("file_too_large", max=self.limits.max_rows)
            self.ready.append((self.row_no, [self.cells.get(i) for i in range(max(self.cells) + 1)]))
            self.cells = {}

    def _value(self, text: str):
        kind = self.cell_type
        if kind == "s":
            try:
                value = self.strings[int(text)]
            except (ValueError, IndexError) as exc:
                raise FileProblem("cell_invalid", row=self.row_no, column=column_letters(self.column)) from exc
        elif kind in ("inlineStr", "str", "e"):
            value = text
        elif kind == "b":
            value = "1" if text.strip() in ("1", "true") else "0"
        elif kind == "d":
            value = text.strip()[:10]
        else:
            text = text.strip()
            if not text:
                return None
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                raise FileProblem("cell_number", row=self.row_no, column=column_letters(self.column))
            style = int(self.cell_style) if self.cell_style and self.cell_style.isdigit() else 0
            if style in self.date_styles and 0 < number <= _LAST_EXCEL_SERIAL:
                return _excel_date(number, self.date1904)
            return int(number) if number.is_integer() and abs(number) < 1e15 else number
        if len(value) > self.limits.max_cell_chars:
            raise self._too_long()
        return value


class Workbook:
    """An XLSX file, checked and ready to stream its first sheet's rows."""

    def __init__(self, source: BinaryIO, limits: Limits = LIMITS):
        self.limits = limits
        self.archive = check_xlsx_directory(source, limits)
        try:
            self.parts = _Parts(self.archive)
            self.date_styles = _date_styles(self.archive, self.parts.styles)
        except (ET.ParseError, KeyError, zipfile.BadZipFile) as exc:
            raise FileProblem("file_unreadable") from exc

    def estimated_rows(self) -> int:
        """From the sheet's ``<dimension>`` when it says (a guess for the progress bar only)."""
        with self.archive.open(self.parts.sheet) as stream:
            head = stream.read(CHUNK)
        found = _DIMENSION.search(head)
        return min(max(0, int(found.group(1)) - 1), self.limits.max_rows) if found else 0

    def rows(self) -> Iterator[tuple[int, list]]:
        """``(row number, values)`` for each row with a value; values are str, int, float or date."""
        strings = read_shared_strings(self.archive, self.parts.shared_strings, self.limits)
        reader = _SheetReader(strings, self.date_styles, self.parts.date1904, self.limits)
        parser = _parser()
        reader.attach(parser)
        with self.archive.open(self.parts.sheet) as stream:
            for _ in _parse(parser, stream, self.limits):
                if reader.ready:
                    yield from reader.ready
                    reader.ready = []
