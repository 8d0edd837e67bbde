"""Quota fill at scale (``make bench-quota-fill``): every quota of a year, 100,000 admissions.

Prints the time of ``quotas_fill`` over every quota of the year (the API's work, without HTTP)
against the same aggregates hand-written in SQL (one ``GROUP BY quota, month`` and the four
recent-pace sums), median of REPEAT runs each. Target: under 200 ms.

Quotas (kandas and resettler, one per receiving region) and admissions spread over the year are
made here with ``COPY`` in the database of ``DATABASE_URL`` (the Makefile points it at
BENCH_DATABASE_URL; the name must contain "bench"), once: a later run reuses them.
"""

import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "astana_migration.settings")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
os.environ.setdefault("LOG_LEVEL", "WARNING")

ADMISSIONS = int(os.environ.get("BENCH_ADMISSIONS", "100000"))
YEAR = 2026
TODAY = datetime.date(YEAR, 10, 1)
REPEAT = 7
TARGET_MS = 200.0

HAND_SQL = """
SELECT quota_id, date_trunc('month', admitted_on) AS month, SUM(persons), COUNT(*)
  FROM quotas_admission
 WHERE quota_id = ANY(%(ids)s) AND status = 'admitted' AND admitted_on <= %(today)s
 GROUP BY quota_id, month;
SELECT quota_id, SUM(persons) FROM quotas_admission
 WHERE quota_id = ANY(%(ids)s) AND status = 'admitted'
   AND admitted_on > %(today)s::date - 90 AND admitted_on <= %(today)s
 GROUP BY quota_id;
SELECT quota_id, SUM(persons) FROM quotas_admission
 WHERE quota_id = ANY(%(ids)s) AND status = 'admitted'
   AND admitted_on > %(today)s::date - 30 AND admitted_on <= %(today)s
 GROUP BY quota_id;
SELECT quota_id, SUM(persons) FROM quotas_admission
 WHERE quota_id = ANY(%(ids)s) AND status = 'admitted' AND admitted_on > %(today)s::date - 60
   AND admitted_on <= %(today)s::date - 30
 GROUP BY quota_id;
SELECT quota_id, SUM(persons) FROM quotas_admission
 WHERE quota_id = ANY(%(ids)s) AND status = 'admitted' AND admitted_on > %(today)s::date - 90
   AND admitted_on <= %(today)s::date - 60
 GROUP BY quota_id;
"""


def ensure_database() -> None:
    import psycopg2

    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to fill {name!r}: the benchmark database's name must contain 'bench'")
    admin = psycopg2.connect(host=url.hostname, port=url.port or 5432, user=url.username, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def prepare() -> list:
    from django.core.management import call_command
    from django.db import connection

    from kernel.territory.models import Region
    from quotas.models import Admission, Quota
    from settlements.models import Settlement

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    quotas = list(Quota.objects.filter(period_start=YEAR, period_end=YEAR, kind__in=["kandas", "resettler"]))
    if quotas and Admission.objects.filter(quota__in=quotas).count() == ADMISSIONS:
        _vary_limits(quotas)
        return quotas
    Admission.objects.filter(quota__period_start=YEAR).delete()
    Quota.objects.filter(period_start=YEAR).delete()
    regions = list(Region.objects.exclude(kato="710000000").order_by("kato"))
    quotas = [
        Quota.objects.create(
            kind=kind, region=region, period_start=YEAR, period_end=YEAR, limit_persons=4000, limit_families=1200
        )
        for region in regions
        for kind in ("kandas", "resettler")
    ]
    settlement = Settlement.objects.filter(region__in=regions).first()
    if settlement is None:
        district = regions[0].districts.first()
        settlement = Settlement.objects.create(
            kato=f"{district.kato[:6]}999", name_kk="Бенч", name_ru="Бенч", region=regions[0], district=district
        )
    rng = random.Random(15)
    start = datetime.date(YEAR, 1, 1).toordinal()
    now = datetime.datetime.now(datetime.UTC).isoformat()
    buffer = io.StringIO()
    for n in range(ADMISSIONS):
        quota = quotas[n % len(quotas)]
        day = datetime.date.fromordinal(start + rng.randrange(0, (TODAY - datetime.date(YEAR, 1, 1)).days + 1))
        buffer.write(
            f"{quota.pk}\t{700000000000 + n}\tБенчев\tБенч\t\t1980-01-01\t{settlement.pk}\t{day}\t"
            f"{rng.randint(1, 6)}\tadmitted\t{now}\t\t\t\n"
        )
    buffer.seek(0)
    columns = (
        "quota_id, head_iin, head_surname, head_name, head_patronymic, head_birth_date, settlement_id, "
        "admitted_on, persons, status, created_at, created_by_label, cancelled_by_label, cancel_reason"
    )
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY quotas_admission ({columns}) FROM STDIN", buffer)
        cursor.execute("ANALYZE quotas_admission")
    _vary_limits(quotas)
    return quotas


def _vary_limits(quotas) -> None:
    """Limits from tight to loose around what the year brings (~9,200 persons a quota by 1 October),
    so that every status but "closed" occurs."""
    from quotas.models import Quota

    for n, quota in enumerate(sorted(quotas, key=lambda q: q.pk)):
        Quota.objects.filter(pk=quota.pk).update(limit_persons=8000 + 800 * (n % 10), limit_families=None)


def timed(fn) -> float:
    runs = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.db import connection

    from quotas.fill import quotas_fill
    from quotas.models import Quota

    prepare()
    quotas = Quota.objects.filter(period_start__lte=YEAR, period_end__gte=YEAR).select_related("region", "district")
    ids = list(quotas.values_list("pk", flat=True))

    def portal():
        return quotas_fill(quotas.all(), today=TODAY)

    def by_hand():
        with connection.cursor() as cursor:
            for statement in HAND_SQL.strip().split(";"):
                if statement.strip():
                    cursor.execute(statement, {"ids": ids, "today": TODAY})
                    cursor.fetchall()

    portal()  # warm the connection and the plan cache
    ours, hand = timed(portal), timed(by_hand)
    statuses: dict[str, int] = {}
    for fill in portal():
        statuses[fill.status] = statuses.get(fill.status, 0) + 1
    print(f"quota fill: {len(ids)} quotas of {YEAR}, {ADMISSIONS:,} admissions, on {TODAY}")
    print(f"  quotas_fill (every quota):  {ours:7.1f} ms median of {REPEAT}  (target < {TARGET_MS:.0f} ms)")
    print(f"  the same aggregates by hand: {hand:7.1f} ms  (ratio {ours / hand:.2f})")
    print(f"  statuses: {statuses}")
    print("  PASS" if ours < TARGET_MS else "  FAIL: over the target")


if __name__ == "__main__":
    main()
