"""Benchmark: importing 100,000 registration rows against PostgreSQL's own COPY of the same rows.

    make bench-import   (BENCH_DATABASE_URL=postgres://…/amp_registration_bench)

Both run in one process, on the same table in the same state (its indexes and constraints, and
whatever records the bench database holds): first ``COPY … FROM STDIN`` of the rows, already in
the table's format, committed; then the import service on the CSV file of those rows, from its
bytes to the committed batch (reading, checking every row, comparing with the register, writing,
audit). The issue asks the import for at least 25% of COPY's rows per second.
"""

import csv
import io
import os
import random
import statistics

from registration_common import setup, timed

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
TARGET = 0.25


def main():
    user = setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from registration.columns import COLUMNS
    from registration.demo import residents_beside_the_register
    from registration.importing import Reference, RowChecker
    from registration.importing.rows import RECORD_FIELDS, TEXT_FIELDS
    from registration.models import ImportBatch, RegistrationRecord
    from registration.services import import_batch_submit

    table = RegistrationRecord._meta.db_table
    # Batches of earlier runs of this benchmark (their rows are gone): else the file is a re-import.
    ImportBatch.objects.filter(file_name="bench.csv").delete()
    existing = RegistrationRecord.objects.count()
    print(f"registration records already in the table: {existing:,}")

    # The file: new residents (IINs and documents not in the register yet).
    residents = residents_beside_the_register(random.Random(2026))
    rows = list(residents.rows(ROWS))[:ROWS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    content = buffer.getvalue().encode("utf-8")
    print(f"file: {len(rows):,} rows, {len(content) / 1e6:.1f} MB CSV")

    # The same rows in the table's own format, for COPY (checked once, untimed).
    checker = RowChecker(reference=Reference.load(), today=timezone.localdate())
    checking_time, _ = timed(checker.check, ((n, r) for n, r in enumerate(rows, start=2)))
    assert checker.error_count == 0, checker.problems[:3]
    now = timezone.now().isoformat()
    copy_rows = io.StringIO()
    copy_writer = csv.writer(copy_rows)
    for line in csv.reader(io.StringIO(checker.out.getvalue())):
        copy_writer.writerow([*line[1:], now, now])
    copy_data = copy_rows.getvalue()
    copy_sql = (
        f"COPY {table} ({', '.join(RECORD_FIELDS)}, created_at, updated_at) FROM STDIN "
        f"WITH (FORMAT csv, FORCE_NOT_NULL ({', '.join(TEXT_FIELDS)}))"
    )

    def remove_added(since_id):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE id > %s", [since_id])
        connection.close()  # VACUUM cannot run inside the transaction Django may hold
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")

    def copy_round():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.copy_expert(copy_sql, io.StringIO(copy_data))

    def import_round(round_no):
        # A blank line more per round: another file (hash), the same rows.
        batch = import_batch_submit(content=content + b"\n" * round_no, file_name="bench.csv", by=user)
        assert batch.status == ImportBatch.Status.APPLIED, (batch.status, batch.errors[:3], batch.failure)
        assert batch.rows_created == len(rows)

    copy_times, import_times = [], []
    for round_no in range(1, ROUNDS + 1):
        last_id = RegistrationRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
        seconds, _ = timed(copy_round)
        copy_times.append(seconds)
        remove_added(last_id)
        seconds, _ = timed(import_round, round_no)
        import_times.append(seconds)
        remove_added(last_id)
        print(
            f"round {round_no}: COPY {len(rows) / copy_times[-1]:,.0f} rows/s ({copy_times[-1]:.2f} s), "
            f"import {len(rows) / import_times[-1]:,.0f} rows/s ({import_times[-1]:.2f} s)"
        )

    copy_rate = len(rows) / min(copy_times)
    import_rate = len(rows) / min(import_times)
    ratio = import_rate / copy_rate
    print()
    print(f"rows:                 {len(rows):,}")
    print(f"COPY FROM:            {copy_rate:,.0f} rows/s (best of {ROUNDS}: {min(copy_times):.2f} s)")
    print(f"import (end to end):  {import_rate:,.0f} rows/s (best of {ROUNDS}: {min(import_times):.2f} s)")
    print(f"  of which checking rows in Python: about {checking_time:.2f} s")
    verdict = "OK" if ratio >= TARGET else "TOO SLOW"
    print(f"ratio import / COPY:  {ratio:.0%} (target at least {TARGET:.0%}): {verdict}")
    copy_median, import_median = statistics.median(copy_times), statistics.median(import_times)
    print(f"median of rounds:     COPY {copy_median:.2f} s, import {import_median:.2f} s")


if __name__ == "__main__":
    main()
