"""Monitoring at scale: 1,000,000 registration records (``make bench-monitoring``).

Prints, for one complete year:
- the recompute of every computed indicator (``indicators_recompute``: three SQL aggregates, one
  bulk upsert, the alert check) against the same three ``GROUP BY`` queries hand-written in SQL —
  the recompute must take at most 2x as long;
- the forecast (cohort-component projection) against its three hand-written ``GROUP BY``
  queries: the age structure on the base date and the arrivals and departures by age;
- a yearly report (every indicator, the year with its quarters and months, every district and the
  city) in CSV, XLSX and PDF, each built in a fresh subprocess: time (< 30 s) and peak memory
  (< 300 MB: the whole process's peak resident memory, VmHWM); a second subprocess builds it again
  under tracemalloc for the peak of Python allocations, shown beside it.

Records are generated here and loaded with ``COPY … FROM STDIN`` into the database of
``DATABASE_URL`` (the Makefile points it at BENCH_DATABASE_URL). The registration table of that
database is truncated and refilled when it does not hold exactly BENCH_RECORDS rows, so the script
refuses a database whose name does not contain "bench".
"""

import datetime
import io
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "astana_migration.settings")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"  # no worker is needed: nothing may wait in a queue
os.environ.setdefault("LOG_LEVEL", "WARNING")  # the figures, not every eager task's log line

RECORDS = int(os.environ.get("BENCH_RECORDS", "1000000"))
YEAR = int(os.environ.get("BENCH_YEAR", str(datetime.date.today().year - 1)))
REPEAT = 3
LIMITS = {"ratio": 2.0, "report_seconds": 30.0, "report_mb": 300.0}


def ensure_database() -> None:
    import psycopg2

    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to fill {name!r}: the benchmark database's name must contain 'bench'")
    admin = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def setup() -> None:
    import django

    django.setup()


SURNAMES = ["Ахметов", "Серікбаева", "Иванов", "Нұрланова", "Ким", "Жұмабеков", "Петрова", "Оспанов", "Әбілқасымова"]
NAMES = ["Айбек", "Әлия", "Сергей", "Данияр", "Гүлнұр", "Ольга", "Ерлан", "Мадина", "Тимур"]
# Codes of the reference list (registration/ethnicities.py), as the import stores them.
ETHNICITIES = ["kazakh"] * 70 + ["russian"] * 14 + ["ukrainian"] * 2 + ["tatar"] * 2 + ["uzbek"] * 3
ETHNICITIES += ["german", "uyghur", "korean", "azerbaijani", ""] * 2
COUNTRIES = ["CHN", "UZB", "RUS", "MNG", "TUR", "KGZ", "TKM", "DEU", "IRN", "AFG"]
STREETS = ["Мәңгілік Ел", "Тұран", "Қабанбай батыр", "Сарыарқа", "Бейбітшілік", "Абай", "Кенесары"]


def generate(rng: random.Random, count: int, start: int, districts, regions, astana_id):
    """Rows in COPY text format: valid-looking records spread over 2010 … today."""
    first = datetime.date(2010, 1, 1).toordinal()
    last = datetime.date.today().toordinal()
    now = datetime.datetime.now(datetime.UTC).isoformat()
    out = io.StringIO()
    for i in range(start, start + count):
        registered = first + int((last - first) * rng.random() ** 0.7)  # more records in recent years
        kind = "permanent" if rng.random() < 0.85 else "temporary"
        if kind == "temporary" and rng.random() < 0.5:
            category = "foreigner" if rng.random() < 0.9 else "stateless"
        else:
            category = "citizen" if rng.random() < 0.95 else "foreigner"
        citizenship = "KAZ" if category == "citizen" else ("XXA" if category == "stateless" else rng.choice(COUNTRIES))
        purpose = "work" if kind == "temporary" and rng.random() < 0.55 else rng.choice(["family", "study", "other"])
        valid_until = r"\N"
        if kind == "temporary":
            valid_until = datetime.date.fromordinal(registered + rng.randint(30, 365)).isoformat()
        arrived_region, arrived_country = r"\N", ""
        roll = rng.random()
        if roll < 0.30:
            arrived_region = str(rng.choice(regions))
        elif roll < 0.36 or category != "citizen":
            arrived_country = citizenship if category == "foreigner" else rng.choice(COUNTRIES)
        elif roll < 0.46:
            arrived_region = str(astana_id)
        deregistered, departed_region, departed_country = r"\N", r"\N", ""
        if rng.random() < 0.25:
            deregistered_day = min(last, registered + rng.randint(0, 3000))
            deregistered = datetime.date.fromordinal(deregistered_day).isoformat()
            roll = rng.random()
            if roll < 0.40:
                departed_region = str(rng.choice(regions))
            elif roll < 0.48:
                departed_country = rng.choice(COUNTRIES)
            elif roll < 0.70:
                departed_region = str(astana_id)
        age_days = int(rng.random() ** 1.3 * 85 * 365.25)
        birth = datetime.date.fromordinal(max(first - 36500, registered - age_days)).isoformat()
        row = [
            "",
            "passport" if category == "citizen" else "foreign_passport",
            f"B{i:09d}",
            rng.choice(SURNAMES),
            rng.choice(NAMES),
            "",
            birth,
            rng.choice("MF"),
            citizenship,
            category,
            rng.choice(ETHNICITIES),
            kind,
            valid_until,
            str(rng.choice(districts)),
            rng.choice(STREETS),
            str(rng.randint(1, 120)),
            str(rng.randint(1, 300)),
            "",
            datetime.date.fromordinal(registered).isoformat(),
            arrived_region,
            arrived_country,
            purpose,
            deregistered,
            departed_region,
            departed_country,
            now,
            now,
        ]
        out.write("\t".join(row))
        out.write("\n")
    out.seek(0)
    return out


def load_records() -> float:
    from django.db import connection

    from kernel.territory.models import Region
    from kernel.territory.selectors import astana_districts
    from registration.importing.rows import RECORD_FIELDS
    from registration.models import RegistrationRecord

    # The import's own column order (the rows below are generated in it), plus the timestamps.
    columns = [*RECORD_FIELDS, "created_at", "updated_at"]
    if RegistrationRecord.objects.count() == RECORDS:
        print(f"records: {RECORDS:,} already loaded")
        return 0.0
    districts = list(astana_districts().values_list("id", flat=True))
    astana_id = Region.objects.get(kato="710000000").id
    regions = list(Region.objects.exclude(id=astana_id).values_list("id", flat=True))
    rng = random.Random(2024)
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("TRUNCATE registration_registrationrecord RESTART IDENTITY")
        raw = cur.cursor
        chunk = 100_000
        for start in range(0, RECORDS, chunk):
            data = generate(rng, min(chunk, RECORDS - start), start, districts, regions, astana_id)
            raw.copy_expert(f"COPY registration_registrationrecord ({', '.join(columns)}) FROM STDIN", data)
        cur.execute("ANALYZE registration_registrationrecord")
    elapsed = time.perf_counter() - started
    print(f"records: {RECORDS:,} generated and loaded with COPY in {elapsed:.1f} s")
    return elapsed


def hand_written_sql(year: int) -> None:
    """The same three GROUP BY queries the recompute runs, written by hand."""
    from django.db import connection

    astana = "(SELECT id FROM territory_region WHERE kato = '710000000')"
    start, end = f"'{year}-01-01'", f"'{year}-12-31'"
    month_ends = [
        (datetime.date(year, m + 1, 1) - datetime.timedelta(days=1)) if m < 12 else datetime.date(year, 12, 31)
        for m in range(1, 13)
    ]
    active = ", ".join(
        f"COUNT(*) FILTER (WHERE registered_on <= '{e}' AND (deregistered_on IS NULL OR deregistered_on > '{e}'))"
        for e in month_ends
    )
    queries = [
        f"""SELECT district_id, EXTRACT(MONTH FROM registered_on),
               COUNT(*) FILTER (WHERE kind = 'permanent' AND arrived_from_country NOT IN ('', 'KAZ')),
               COUNT(*) FILTER (WHERE kind = 'permanent' AND arrived_from_region_id <> {astana}),
               COUNT(*) FILTER (WHERE kind = 'temporary' AND purpose = 'work' AND category <> 'citizen')
            FROM registration_registrationrecord
            WHERE registered_on BETWEEN {start} AND {end} GROUP BY 1, 2""",
        f"""SELECT district_id, EXTRACT(MONTH FROM deregistered_on),
               COUNT(*) FILTER (WHERE kind = 'permanent' AND departed_to_country NOT IN ('', 'KAZ')),
               COUNT(*) FILTER (WHERE kind = 'permanent' AND departed_to_region_id <> {astana})
            FROM registration_registrationrecord
            WHERE deregistered_on BETWEEN {start} AND {end} GROUP BY 1, 2""",
        f"""SELECT district_id, ethnicity, {active}
            FROM registration_registrationrecord
            WHERE kind = 'permanent' AND registered_on <= '{month_ends[-1]}'
              AND (deregistered_on IS NULL OR deregistered_on > '{month_ends[0]}')
            GROUP BY 1, 2""",
    ]
    with connection.cursor() as cur:
        for sql in queries:
            cur.execute(sql)
            cur.fetchall()


def hand_written_age_sql(year: int) -> None:
    from django.db import connection

    day = min(datetime.date.today(), datetime.date(year, 12, 31))
    with connection.cursor() as cur:
        cur.execute(
            """SELECT district_id, EXTRACT(YEAR FROM birth_date), COUNT(*)
               FROM registration_registrationrecord
               WHERE kind = 'permanent' AND registered_on <= %s AND (deregistered_on IS NULL OR deregistered_on > %s)
               GROUP BY 1, 2""",
            [day, day],
        )
        cur.fetchall()
        astana = "(SELECT id FROM territory_region WHERE kato = '710000000')"
        for moved, country, region in (
            ("registered_on", "arrived_from_country", "arrived_from_region_id"),
            ("deregistered_on", "departed_to_country", "departed_to_region_id"),
        ):
            cur.execute(
                f"""SELECT district_id, EXTRACT(YEAR FROM {moved}), EXTRACT(YEAR FROM birth_date), COUNT(*)
                    FROM registration_registrationrecord
                    WHERE kind = 'permanent' AND {moved} BETWEEN %s AND %s
                      AND (({country} <> '' AND {country} <> 'KAZ')
                           OR ({region} IS NOT NULL AND {region} <> {astana}))
                    GROUP BY 1, 2, 3""",
                [datetime.date(day.year - 3, 1, 1), datetime.date(day.year, 12, 31)],
            )
            cur.fetchall()


def best_of(fn, repeat=REPEAT) -> float:
    fn()  # warm the cache: both sides then read the same pages from memory
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the process's own memory map; getrusage's
    ru_maxrss would also count the parent's memory at fork (Linux keeps it across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report_child(fmt: str, year: int, *, traced: bool) -> None:
    """In a fresh process: build one yearly report and print time and peak memory as JSON.

    With ``traced`` tracemalloc follows every Python allocation (and slows the build several times
    over), so the timed run and the traced run are separate processes.
    """
    if traced:
        tracemalloc.start()
    setup()
    from monitoring.models import CITY, Indicator, Report
    from monitoring.periods import year_periods
    from monitoring.selectors import area_names
    from monitoring.services import report_build

    report = Report.objects.create(
        parameters={
            "periods": [str(p) for p in year_periods(year)],
            "districts": [*[k for k in area_names() if k != CITY], CITY],
            "indicators": list(Indicator.objects.values_list("code", flat=True)),
        },
        format=fmt,
        language="kk",
    )
    started = time.perf_counter()
    built = report_build(report_id=report.pk)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory() if traced else (0, 0)
    print(
        json.dumps(
            {
                "format": fmt,
                "status": built.status if built else "not claimed",
                "seconds": elapsed,
                "bytes": built.file.size if built else 0,
                "peak_rss_mb": peak_rss_mb(),
                "tracemalloc_peak_mb": peak / 2**20,
            }
        )
    )


def child_report(fmt: str, mode: str) -> dict:
    child = subprocess.run([sys.executable, __file__, mode, fmt], capture_output=True, text=True, check=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> int:
    ensure_database()
    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", stdout=io.StringIO())
    load_records()

    from monitoring.models import IndicatorValue
    from monitoring.services import forecasts_compute, indicators_recompute

    hand = best_of(lambda: hand_written_sql(YEAR))
    # Cold: the year's values deleted first, so the upsert writes every one of them.
    colds = []
    for _ in range(REPEAT):
        IndicatorValue.objects.filter(period__startswith=str(YEAR), indicator__source="computed").delete()
        started = time.perf_counter()
        result = indicators_recompute(year=YEAR)
        colds.append(time.perf_counter() - started)
    cold = min(colds)
    # Again over unchanged data: the aggregates run, nothing needs writing.
    warm = best_of(lambda: indicators_recompute(year=YEAR))
    ratio = max(cold, warm) / hand
    print(f"recompute of {YEAR} ({result['values']} values): hand-written SQL GROUP BY {hand:.2f} s;")
    print(f"  indicators_recompute writing every value {cold:.2f} s, over unchanged values {warm:.2f} s;")
    print(f"  ratio {ratio:.2f} (limit {LIMITS['ratio']:.1f})")
    hand_age = best_of(lambda: hand_written_age_sql(YEAR))
    forecast = best_of(lambda: forecasts_compute(base_year=YEAR))
    print(
        f"forecast from {YEAR}: hand-written SQL (3 GROUP BYs) {hand_age:.2f} s, forecasts_compute {forecast:.2f} s "
        f"(ratio {forecast / hand_age:.2f})"
    )

    # The report reads values, not records: give it every indicator, natural increase and the
    # statistics-sourced ones too (entered through the services, as the demo does).
    from monitoring.demo import statistics_enter

    statistics_enter(rng=random.Random(YEAR), year=YEAR, today=datetime.date.today())

    failures = [] if ratio <= LIMITS["ratio"] else [f"recompute ratio {ratio:.2f}"]
    for fmt in ("csv", "xlsx", "pdf"):
        result, traced = (child_report(fmt, mode) for mode in ("--report", "--report-traced"))
        print(
            f"yearly report {fmt.upper():4}: {result['seconds']:.2f} s, {result['bytes'] / 1024:.0f} KiB, "
            f"peak RSS {result['peak_rss_mb']:.0f} MB (whole process: Python, Django, the libraries); "
            f"tracemalloc peak {traced['tracemalloc_peak_mb']:.1f} MB; {result['status']}"
        )
        if result["status"] != "ready" or result["seconds"] >= LIMITS["report_seconds"]:
            failures.append(f"{fmt} report {result['status']} in {result['seconds']:.1f} s")
        if result["peak_rss_mb"] >= LIMITS["report_mb"]:
            failures.append(f"{fmt} report peak {result['peak_rss_mb']:.0f} MB")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("OK: within the limits of issue 6")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("--report", "--report-traced"):
        report_child(sys.argv[2], YEAR, traced=sys.argv[1] == "--report-traced")
    else:
        sys.exit(main())
