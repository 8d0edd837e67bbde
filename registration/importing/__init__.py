"""The import engine: read a file, check every row, write the good ones in one statement.

Speed matters (a file can hold a million rows), so the rows are checked in one tight Python loop
against reference data looked up once (``Reference``), written as CSV into a memory buffer, and
sent to PostgreSQL with ``COPY`` into a temporary table; one ``INSERT … SELECT`` then adds what
is not already there. Rows are compared with existing records in SQL, not row by row.

Nothing here writes the import batch or the audit trail: ``services.py`` does, around this.
No function here logs a row: rows hold personal data.
"""

from registration.importing.bounds import LIMITS, Limits, check_xlsx_directory, is_xlsx
from registration.importing.files import Table, column_order, read_table
from registration.importing.problems import FileProblem
from registration.importing.rows import MAX_STORED_ERRORS, Problem, Reference, RowChecker, parse_date
from registration.importing.writer import Conflicts, write_records

__all__ = [
    "LIMITS",
    "Limits",
    "check_xlsx_directory",
    "is_xlsx",
    "MAX_STORED_ERRORS",
    "Conflicts",
    "FileProblem",
    "Problem",
    "Reference",
    "RowChecker",
    "Table",
    "column_order",
    "parse_date",
    "read_table",
    "write_records",
]
