"""How much an import file may make the portal read: every limit in one place, and the cheap
checks of an XLSX file's zip directory made before a byte of it is unpacked.

A 245 kB workbook can unpack to 27 million rows, a 1 MB one to 2 GB of shared strings: an upload
is never trusted to be what its size suggests. The request only looks at the zip directory
(``check_xlsx_directory``, which reads the directory, not the members); the job checks it again
before opening the workbook, and the readers (``xlsx.py``, ``files.py``) stop at the limits while
they read, so a file that lies in its directory is stopped all the same.
"""

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from registration.importing.problems import FileProblem

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # Rows and cells (CSV and XLSX).
    max_rows: int = 1_000_000
    max_columns: int = 64  # the template has 23; a value beyond this column stops the file
    max_cell_chars: int = 1_000  # no field of a record is longer than 200
    max_line_bytes: int = 64 * 1024  # one CSV line; a row of the template is well under 8 kB
    # The zip directory of an XLSX file.
    max_members: int = 2_000
    max_unpacked_bytes: int = 3_000 * MB
    max_sheet_bytes: int = 2_000 * MB  # a million rows of the template unpack to about 1.2 GB
    max_shared_strings_xml_bytes: int = 512 * MB
    max_other_member_bytes: int = 16 * MB  # workbook, styles, relations, themes …
    max_ratio: int = 100  # a workbook of records packs 10 to 20 times; bombs pack thousands
    ratio_from_bytes: int = 1 * MB  # small members may pack as they like
    # What the reader keeps of the shared strings (all of them are held while the sheet is read).
    max_shared_strings: int = 3_000_000
    max_shared_text_bytes: int = 96 * MB
    # One XML token (a tag, or a text between tags): expat holds a token whole until it ends.
    max_xml_token_bytes: int = 1 * MB


LIMITS = Limits()


def is_xlsx(head: bytes, file_name: str = "") -> bool:
    """An XLSX file by its first bytes (a zip) or its name."""
    return head[:4] == b"PK\x03\x04" or file_name.lower().endswith((".xlsx", ".xlsm"))


def member_kind(name: str) -> str:
    """``sheet``, ``shared_strings`` or ``other``: which limit a member of the zip falls under."""
    lowered = name.lower()
    if lowered.startswith("xl/worksheets/") and lowered.endswith(".xml"):
        return "sheet"
    if lowered.endswith("sharedstrings.xml"):
        return "shared_strings"
    return "other"


def check_xlsx_directory(source: BinaryIO, limits: Limits = LIMITS) -> zipfile.ZipFile:
    """The opened zip when its directory is within ``limits``; else FileProblem naming the part.

    Reads only the zip's central directory: cheap enough for the request."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise FileProblem("file_unreadable") from exc
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise FileProblem("file_unreadable")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:  # encrypted
            raise FileProblem("file_unreadable")
        size = member.file_size
        total += size
        kind = member_kind(member.filename)
        cap = {
            "sheet": limits.max_sheet_bytes,
            "shared_strings": limits.max_shared_strings_xml_bytes,
            "other": limits.max_other_member_bytes,
        }[kind]
        if size >= limits.ratio_from_bytes:
            ratio = size // max(member.compress_size, 1)
            if ratio > limits.max_ratio:
                raise FileProblem("xlsx_compression", member=member.filename[:100], ratio=ratio, max=limits.max_ratio)
        if size > cap:
            raise FileProblem("xlsx_member_too_large", member=member.filename[:100], max=cap // MB)
    if total > limits.max_unpacked_bytes:
        raise FileProblem("xlsx_too_large", max=limits.max_unpacked_bytes // MB)
    return archive
