"""Writing checked rows: COPY into a temporary table, compare with the register in SQL, then one
``INSERT … SELECT`` of what is new. Nothing is logged: rows hold personal data."""

import csv
import io

from django.db import connection

from registration.choices import Kind
from registration.importing.rows import MAX_STORED_ERRORS, RECORD_FIELDS, TEXT_FIELDS, Problem
from registration.models import RegistrationRecord

# pg_advisory_xact_lock key: one import applies at a time, so two files cannot both pass the
# "no active permanent registration yet" check for the same person.
IMPORT_LOCK_KEY = 0x5245_4749  # "REGI"


# --- Writing ------------------------------------------------------------------------------------


class Conflicts(Exception):
    """Rows that clash with records already in the database; nothing was written."""

    def __init__(self, problems: list[Problem], count: int):
        super().__init__(f"{count} rows clash with existing records")
        self.problems, self.count = problems, count


_TABLE = RegistrationRecord._meta.db_table


def write_records(buffer: io.StringIO) -> tuple[int, int]:
    """Add the checked rows in ``buffer`` (RowChecker.out) that are not in the database yet.

    Returns ``(added, already_present)``. A row is already present when a record of the same
    person, kind and registration date exists. Raises ``Conflicts`` (and writes nothing) when a
    row would give a person a second active permanent registration. Call inside a transaction.
    """
    buffer.seek(0)
    if connection.vendor == "postgresql":
        return _write_postgresql(buffer)
    return _write_portable(buffer)


def _write_postgresql(buffer: io.StringIO) -> tuple[int, int]:
    opts = RegistrationRecord._meta
    columns = ", ".join(RECORD_FIELDS)
    ddl = ", ".join(f"{name} {opts.get_field(name.removesuffix('_id')).db_type(connection)}" for name in RECORD_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
        # ON COMMIT DROP is not enough: inside an outer transaction a second import would find it.
        cursor.execute("DROP TABLE IF EXISTS pg_temp.reg_import")
        cursor.execute(f"CREATE TEMP TABLE reg_import (row_no integer, {ddl}, existing_id bigint) ON COMMIT DROP")
        cursor.copy_expert(
            f"COPY reg_import (row_no, {columns}) FROM STDIN "
            f"WITH (FORMAT csv, FORCE_NOT_NULL ({', '.join(TEXT_FIELDS)}))",
            buffer,
        )
        # The comparisons below probe the register's indexes row by row (correlated subqueries
        # with LIMIT 1); they are planned on its statistics, which a bulk load leaves stale (and
        # a plan made on them can take minutes instead of a second): refresh them when stale.
        # JIT compiling would cost more than the statements themselves.
        cursor.execute("SET LOCAL jit = off")
        _analyze_if_stale(cursor)
        # Rows already present: same person (IIN, or else the document), kind and date.
        cursor.execute(
            "UPDATE reg_import t SET existing_id = ("  # noqa: S608
            f"SELECT r.id FROM {_TABLE} r WHERE r.iin = t.iin AND r.kind = t.kind "
            "AND r.registered_on = t.registered_on LIMIT 1) WHERE t.iin <> ''"
        )
        cursor.execute(
            "UPDATE reg_import t SET existing_id = ("  # noqa: S608
            f"SELECT r.id FROM {_TABLE} r WHERE r.iin = '' AND r.document_number = t.document_number "
            "AND r.document_type = t.document_type AND r.citizenship = t.citizenship "
            "AND r.kind = t.kind AND r.registered_on = t.registered_on LIMIT 1) WHERE t.iin = ''"
        )
        # A second active permanent registration for a person who has one (the partial unique
        # indexes of the model answer these probes).
        new_active = "t.existing_id IS NULL AND t.kind = 'permanent' AND t.deregistered_on IS NULL"
        active = "r.kind = 'permanent' AND r.deregistered_on IS NULL"
        cursor.execute(
            "SELECT row_no, field, value, record_id FROM ("  # noqa: S608
            "SELECT t.row_no, 'iin' AS field, t.iin AS value, "
            f"(SELECT r.id FROM {_TABLE} r WHERE r.iin = t.iin AND r.iin <> '' AND {active} LIMIT 1) AS record_id "
            f"FROM reg_import t WHERE t.iin <> '' AND {new_active} "
            "UNION ALL "
            "SELECT t.row_no, 'document_number', t.document_number, "
            f"(SELECT r.id FROM {_TABLE} r WHERE r.iin = '' AND r.citizenship = t.citizenship "
            "AND r.document_type = t.document_type AND r.document_number = t.document_number "
            f"AND {active} LIMIT 1) "
            f"FROM reg_import t WHERE t.iin = '' AND {new_active}"
            f") clash WHERE record_id IS NOT NULL ORDER BY row_no LIMIT {MAX_STORED_ERRORS + 1}"
        )
        clashes = cursor.fetchall()
        if clashes:
            raise Conflicts(_clash_problems(clashes), len(clashes))
        cursor.execute(
            f"INSERT INTO {_TABLE} ({columns}, created_at, updated_at) "  # noqa: S608
            f"SELECT {columns}, now(), now() FROM reg_import WHERE existing_id IS NULL ORDER BY row_no"
        )
        added = cursor.rowcount
        cursor.execute("SELECT count(*) FROM reg_import WHERE existing_id IS NOT NULL")
        present = cursor.fetchone()[0]
        cursor.execute("DROP TABLE reg_import")
    return added, present


# Statistics count as stale when this share of the rows changed since the last ANALYZE (or when
# the table was never analyzed); autovacuum's own threshold is 10%, but it runs late under a load.
STALE_SHARE = 0.2


def _analyze_if_stale(cursor) -> None:
    cursor.execute(
        "SELECT c.reltuples, s.n_live_tup, s.n_mod_since_analyze FROM pg_class c "
        "JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = %s::regclass",
        [_TABLE],
    )
    row = cursor.fetchone()
    if row is None:
        return
    estimated, live, changed = row
    if (estimated <= 0 and live > 0) or changed > STALE_SHARE * max(live, estimated, 1000):
        cursor.execute(f"ANALYZE {_TABLE}")


def _clash_problems(clashes) -> list[Problem]:
    return [
        Problem(row_no, column, value, "active_permanent_exists", {"record": record_id})
        for row_no, column, value, record_id in clashes[:MAX_STORED_ERRORS]
    ]


def _write_portable(buffer: io.StringIO) -> tuple[int, int]:
    """The same, through the ORM, for databases without COPY (the SQLite of ``make run``)."""
    from django.db.models import Q

    rows = list(csv.reader(buffer))
    present, records, clashes = 0, [], []
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        iins = {r[1] for r in chunk if r[1]}
        documents = {r[3] for r in chunk if not r[1]}
        existing = list(
            RegistrationRecord.objects.filter(Q(iin__in=iins) | Q(iin="", document_number__in=documents)).values_list(
                "id",
                "iin",
                "citizenship",
                "document_type",
                "document_number",
                "kind",
                "registered_on",
                "deregistered_on",
            )
        )
        seen = {}
        active = {}
        for pk, iin, citizenship, document_type, number, kind, registered_on, deregistered_on in existing:
            person = iin or ("", citizenship, document_type, number)
            seen[(person, kind, registered_on.isoformat())] = pk
            if kind == Kind.PERMANENT and deregistered_on is None:
                active[person] = pk
        for r in chunk:
            values = dict(zip(("row_no", *RECORD_FIELDS), r, strict=True))
            person = values["iin"] or ("", values["citizenship"], values["document_type"], values["document_number"])
            if (person, values["kind"], values["registered_on"]) in seen:
                present += 1
                continue
            if values["kind"] == Kind.PERMANENT and not values["deregistered_on"] and person in active:
                column = "iin" if values["iin"] else "document_number"
                clashes.append((int(values["row_no"]), column, values[column], active[person]))
                continue
            values.pop("row_no")
            records.append(RegistrationRecord(**{k: (v if v or k in TEXT_FIELDS else None) for k, v in values.items()}))
    if clashes:
        raise Conflicts(_clash_problems(clashes), len(clashes))
    RegistrationRecord.objects.bulk_create(records, batch_size=1000)
    return len(records), present
