"""Setting up a benchmark of the registration app: Django against the bench database (created,
migrated and given reference data on first use) and a staff user."""

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "astana_migration.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")


def _create_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")
    connection.close()


def setup():
    """Django, ready, on a migrated bench database with reference data. Returns a staff user."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("The benchmarks need PostgreSQL: set BENCH_DATABASE_URL (or DATABASE_URL).")
    _create_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    # Measure what production runs: no query log in memory.
    settings.DEBUG = False
    user, _ = get_user_model().objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    user.groups.set([Group.objects.get(name="department_staff")])
    return user


def registration_records_ensure(count: int) -> int:
    """Top the bench database up to ``count`` demo residents (COPY, a few minutes the first time),
    vacuum and analyse the table; returns how many records it holds."""
    import random

    from django.db import connection

    from registration.demo import add_residents
    from registration.models import RegistrationRecord
    from registration.pagination import planner_estimate

    present = planner_estimate(RegistrationRecord.objects.all())
    if present < count:  # the estimate may be a little short: count exactly before adding any
        present = RegistrationRecord.objects.count()
    if present < count:
        print(f"loading {count - present:,} demo residents (once; COPY)…")
        started = time.perf_counter()
        add_residents(rng=random.Random(present), count=count - present)
        print(f"  loaded in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {RegistrationRecord._meta.db_table}")
    return RegistrationRecord.objects.count()


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result
