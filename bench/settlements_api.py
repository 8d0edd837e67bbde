"""Benchmark of ``GET /api/v1/settlements/`` (run it with ``make bench-api``).

With 10,000 settlements published, gunicorn serves three things and a Python load generator
(processes with keep-alive ``http.client`` connections, a bounded number of requests each)
measures requests per second:

1. the bytes of ``/api/v1/settlements/?page_size=1000`` from a file (the baseline),
2. the same page from the API (200),
3. the same page with a matching ``If-None-Match`` (304).

Targets (issue 4): the 200 page at least 70% of the file's rate, the 304 at least 90%.
The database is ``DATABASE_URL`` (the Makefile points it at ``astana_bench``); it is created,
migrated and filled on the first run and reused after. gunicorn runs in production mode
(``DJANGO_DEBUG=0``) on a free loopback port.
"""

import http.client
import io
import multiprocessing
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "astana_migration.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/astana_bench")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"  # deliveries of the bench's publication run in-process
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("ALLOW_DEMO_DATA", "1")

SETTLEMENTS = int(os.environ.get("BENCH_SETTLEMENTS", "10000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "3000"))  # per scenario, across all clients
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
TIME_LIMIT = float(os.environ.get("BENCH_TIME_LIMIT", "30"))  # seconds per scenario, at most
PAGE = "/api/v1/settlements/?page_size=1000"
VAR = ROOT / "var" / "bench"


def ensure_database() -> None:
    import psycopg2

    parts = urlsplit(os.environ["DATABASE_URL"])
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def settlements_publish(count: int):
    """Load demo settlements until ``count`` exist, all active, and publish them; returns the list
    in force (also used by the admin crawl, bench/admin_crawl.py)."""
    from django.contrib.auth import get_user_model

    from kernel.accounts.services import demo_users_create
    from settlements import demo, services
    from settlements.models import Settlement, SettlementList

    recipients = demo.load_recipients()
    centres = [r for r in recipients.values() if r.kind == "mobility_centre"]
    demo.load_settlements(random.Random(2024), count, centres)
    Settlement.objects.filter(is_active=False).update(is_active=True)
    active = Settlement.objects.count()
    current = SettlementList.objects.filter(status="published").order_by("-version").first()
    if current is None or current.items_count != active:
        demo_users_create()
        head = get_user_model().objects.get(username="head")
        draft = services.settlement_list_create(year=2026, by=head, note="Benchmark")
        services.settlement_list_approve(settlement_list=draft, by=head)
        current = services.settlement_list_publish(settlement_list=draft, by=head)
    return current


def prepare() -> str:
    """Migrate, load reference data and settlements, publish them all; return an API key."""
    import django

    django.setup()
    from django.core.management import call_command

    from kernel.accounts.services import api_key_create

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("load_reference_data", verbosity=0, stdout=quiet)
    current = settlements_publish(SETTLEMENTS)
    print(f"Published: version {current.version}, {current.items_count} settlements, checksum {current.checksum[:12]}…")
    _key, raw = api_key_create(code="bench-mc", scope="settlements")
    return raw


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, static_file: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "BEHIND_TLS_PROXY": "0",
        "LOG_LEVEL": "WARNING",
        "BENCH_STATIC_FILE": str(static_file),
        "PYTHONPATH": str(ROOT),
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "bench.settlements_wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        "--worker-class=gthread",
        f"--threads={THREADS}",
        "--keep-alive=30",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def fetch(port: int, path: str, headers: dict) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


def client(args) -> tuple[int, int, int, float]:
    """One load process: ``count`` requests on one keep-alive connection; (ok, made, bytes, seconds)."""
    port, path, headers, expected, count, time_limit = args
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    ok = made = received = 0
    started = time.perf_counter()
    for _ in range(count):
        made += 1
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        received += len(response.read())
        ok += response.status == expected
        if time.perf_counter() - started > time_limit:
            break
    elapsed = time.perf_counter() - started
    connection.close()
    return ok, made, received, elapsed


def run(pool, port: int, path: str, headers: dict, expected: int, total: int) -> tuple[int, float]:
    per_client = max(1, total // CLIENTS)
    started = time.perf_counter()
    results = pool.map(client, [(port, path, headers, expected, per_client, TIME_LIMIT)] * CLIENTS)
    elapsed = time.perf_counter() - started
    done, made = sum(r[0] for r in results), sum(r[1] for r in results)
    if done != made:
        raise SystemExit(f"{path}: {made - done} of {made} requests were not answered {expected}")
    return done, elapsed


def measure(pool, scenarios: dict) -> dict:
    """Requests per second of each scenario. The scenarios take turns in ROUNDS short bursts,
    so a change in the machine's background load hits all of them alike."""
    for args in scenarios.values():  # warm every worker: key check, version, page file, connections
        run(pool, *args, total=10 * CLIENTS)
    totals = {name: [0, 0.0] for name in scenarios}
    for _round in range(ROUNDS):
        for name, args in scenarios.items():
            done, elapsed = run(pool, *args, total=REQUESTS // ROUNDS)
            totals[name][0] += done
            totals[name][1] += elapsed
    return {name: (done / elapsed, done) for name, (done, elapsed) in totals.items()}


def main() -> None:
    ensure_database()
    key = prepare()
    auth = {"Authorization": f"Api-Key {key}"}
    VAR.mkdir(parents=True, exist_ok=True)
    static_file = VAR / "settlements-page.json"
    static_file.write_bytes(b"")
    port = free_port()
    server = start_gunicorn(port, static_file)
    try:
        status, headers, body = fetch(port, PAGE, auth)
        if status != 200:
            raise SystemExit(f"the API answered {status}: {body[:300]!r}")
        static_file.write_bytes(body)
        etag = headers["ETag"]
        print(
            f"gunicorn: {WORKERS} workers × {THREADS} threads; load: {CLIENTS} processes, "
            f"{REQUESTS} requests per scenario in {ROUNDS} rounds; page: {len(body):,} bytes"
        )
        with multiprocessing.Pool(CLIENTS) as pool:
            rates = measure(
                pool,
                {
                    "static": (port, "/bench/static-page.json", {}, 200),
                    "page": (port, PAGE, auth, 200),
                    "not_modified": (port, PAGE, {**auth, "If-None-Match": etag}, 304),
                },
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    (static_rate, static_n), (page_rate, page_n), (nm_rate, nm_n) = rates.values()
    print(f"static file      {static_rate:9.1f} req/s  ({static_n} requests)")
    print(f"200 page (1000)  {page_rate:9.1f} req/s  ({page_n} requests)  {page_rate / static_rate:6.1%} of static")
    print(f"304 not modified {nm_rate:9.1f} req/s  ({nm_n} requests)  {nm_rate / static_rate:6.1%} of static")
    print(
        f"targets: 200 ≥ 70% {'met' if page_rate >= 0.7 * static_rate else 'NOT met'}; "
        f"304 ≥ 90% {'met' if nm_rate >= 0.9 * static_rate else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
