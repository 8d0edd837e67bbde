"""Hostile import files, built on the fly (for the tests and ``bench/hostile_uploads.py``).

Each builder writes to a binary file object (so the large ones never sit in memory) and the
workbooks are made by hand, part by part, as an attacker would: nothing here trusts openpyxl to
produce them. ``build(name, path)`` writes one of ``HOSTILE`` to ``path``.
"""

import io
import random
import zipfile
from pathlib import Path

from registration.columns import COLUMNS

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="records" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def _inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = '<row r="1">' + "".join(_inline(c) for c in COLUMNS) + "</row>"


def write_xlsx(target, sheet_chunks, shared_chunks=None) -> None:
    """A workbook whose first sheet is the concatenation of ``sheet_chunks`` (and, when given,
    whose shared strings part is ``shared_chunks``), written part by part."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        rels = f'<Relationship Id="rId1" Type="{_REL}worksheet" Target="worksheets/sheet1.xml"/>'
        if shared_chunks is not None:
            rels += f'<Relationship Id="rId2" Type="{_REL}sharedStrings" Target="sharedStrings.xml"/>'
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for chunk in sheet_chunks:
                part.write(chunk.encode("utf-8"))
        if shared_chunks is not None:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                for chunk in shared_chunks:
                    part.write(chunk.encode("utf-8"))


def _repeat(piece: str, times: int, per_chunk: int = 20_000):
    block = piece * per_chunk
    for _ in range(times // per_chunk):
        yield block
    yield piece * (times % per_chunk)


def rows_bomb(target, rows: int = 27_000_000) -> None:
    """The 245 kB workbook of the issue: the same row millions of times."""
    write_xlsx(target, [SHEET_HEAD, HEADER_ROW, *_repeat("<row><c><v>1</v></c></row>", rows), SHEET_TAIL])


def shared_strings_bomb(target, strings: int = 1_000_000, length: int = 1000) -> None:
    """A small workbook whose shared strings unpack to ``strings`` × ``length`` characters."""
    shared = [
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
        *_repeat("<si><t>" + "Ә" * length + "</t></si>", strings, per_chunk=200),
        "</sst>",
    ]
    sheet = [SHEET_HEAD, HEADER_ROW, '<row r="2"><c r="A2" t="s"><v>0</v></c></row>', SHEET_TAIL]
    write_xlsx(target, sheet, shared)


def huge_cells(target, cells: int = 3, length: int = 10_000_000) -> None:
    """Rows whose surname is ``length`` letters of noise (packs poorly: no ratio gives it away)."""
    noise = random.Random(11)
    alphabet = "абвгдежзийклмнопрстуфхцчшщыэюяәғқңөұүһі"
    sheet = [SHEET_HEAD, HEADER_ROW]
    for number in range(2, 2 + cells):
        sheet.append(f'<row r="{number}"><c r="D{number}" t="inlineStr"><is><t>')
        for _ in range(length // 100_000):
            sheet.append("".join(noise.choices(alphabet, k=100_000)))
        sheet.append("</t></is></c></row>")
    sheet.append(SHEET_TAIL)
    write_xlsx(target, sheet)


def malformed_number(target) -> None:
    """A cell typed as a number that holds none (Excel never writes it; a generator might)."""
    row = '<row r="2">' + _inline("900101322018") + '<c r="B2"><v>12,5x</v></c></row>'
    write_xlsx(target, [SHEET_HEAD, HEADER_ROW, row, SHEET_TAIL])


def _csv_header() -> bytes:
    return (",".join(COLUMNS) + "\n").encode()


def _csv_row(**cells) -> bytes:
    from registration.tests.conftest import valid_row

    row = valid_row(**cells)
    return (",".join(row[c] for c in COLUMNS) + "\n").encode("utf-8")


def one_long_line(target, size: int = 10 * 1024 * 1024) -> None:
    """A 10 MB file that is one line (no line break anywhere)."""
    block = b"a," * 50_000
    for _ in range(size // len(block)):
        target.write(block)


def nul_byte(target) -> None:
    target.write(_csv_header() + _csv_row() + _csv_row(iin="850315441855", surname="Ива\x00нова"))


def cp1251_row(target) -> None:
    """UTF-8 with one row (the third) saved in Windows-1251 by another program."""
    other = _csv_row(iin="850315441855", surname="Иванова", patronymic="Петровна", ethnicity="русская", street="Абая")
    target.write(_csv_header() + _csv_row() + other.decode("utf-8").encode("cp1251"))


def huge_csv_cell(target) -> None:
    target.write(_csv_header() + _csv_row(street="ы" * 5000))


HOSTILE = {
    "rows-bomb.xlsx": rows_bomb,
    "shared-strings-bomb.xlsx": shared_strings_bomb,
    "huge-cells.xlsx": huge_cells,
    "malformed-number.xlsx": malformed_number,
    "one-10mb-line.csv": one_long_line,
    "nul-byte.csv": nul_byte,
    "cp1251-row.csv": cp1251_row,
    "huge-cell.csv": huge_csv_cell,
}
# The reason each one is rejected for (the code of ``validation.MESSAGES``).
REASONS = {
    "rows-bomb.xlsx": "xlsx_compression",
    "shared-strings-bomb.xlsx": "xlsx_compression",
    "huge-cells.xlsx": "cell_too_long",
    "malformed-number.xlsx": "cell_number",
    "one-10mb-line.csv": "line_too_long",
    "nul-byte.csv": "file_nul",
    "cp1251-row.csv": "row_encoding",
    "huge-cell.csv": "cell_too_long",
}


def build(name: str, path: Path) -> Path:
    with path.open("wb") as target:
        HOSTILE[name](target)
    return path


def build_bytes(name: str, **sizes) -> bytes:
    buffer = io.BytesIO()
    HOSTILE[name](buffer, **sizes)
    return buffer.getvalue()
