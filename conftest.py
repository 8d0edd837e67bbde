"""Fixtures shared by every test: reference data, one user per role, API clients, a real
Celery worker. Apps may add their own conftest.py beside their tests."""

import os

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from kernel.accounts.roles import ANALYST, DEPARTMENT_HEAD, DEPARTMENT_STAFF, MOBILITY_CENTRE
from kernel.accounts.services import api_key_create

# The instants at which the date-sensitive tests (marked ``calendar``) run again, in Astana's time
# (UTC+5): the edges where code that reads the clock, or mixes UTC with local dates, breaks.
CALENDAR_EDGES = {
    "year-end-23:59": "2026-12-31T23:59:00+05:00",
    "new-year-00:00": "2027-01-01T00:00:30+05:00",
    "leap-day": "2028-02-29T12:00:00+05:00",
    "month-first-00:00": "2027-03-01T00:00:30+05:00",
    "month-last-23:59": "2027-04-30T23:59:00+05:00",
}


def pytest_generate_tests(metafunc):
    """A test marked ``calendar`` runs today and again at each of CALENDAR_EDGES."""
    if metafunc.definition.get_closest_marker("calendar") and not os.environ.get("PORTAL_FROZEN_NOW"):
        metafunc.parametrize(
            "portal_now", [None, *CALENDAR_EDGES.values()], ids=["today", *CALENDAR_EDGES], indirect=True
        )


@pytest.fixture(autouse=True)
def portal_now(request):
    """The instant the test runs at: the real clock, a ``calendar`` edge, or ``PORTAL_FROZEN_NOW``
    for every test (``PORTAL_FROZEN_NOW=2026-12-31T23:59:00+05:00 make test`` finds what reads the
    calendar). The clock ticks on from there. Autouse, so it starts before any data is made."""
    instant = getattr(request, "param", None) or os.environ.get("PORTAL_FROZEN_NOW")
    if not instant:
        yield None
        return
    import time_machine

    with time_machine.travel(instant, tick=True):
        yield instant


@pytest.fixture(autouse=True)
def _clean_shared_cache():
    """Each test starts with an empty shared cache (Redis): login-failure counters, heartbeats and
    the like must not leak from one test (or an earlier run) into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _portal_language():
    """Each test starts in the portal's language (Kazakh), as a job does: a request made by an
    earlier test leaves its language active in the thread (LocaleMiddleware activates it), and text
    the portal writes itself would otherwise come out in whatever language ran last."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def reference_data(db):
    """Territories and role groups, as `load_reference_data` leaves them."""
    call_command("load_reference_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def _user(django_user_model, username, role, *, is_staff=True):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username=username, password="test-password-123", is_staff=is_staff)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff_user(reference_data, django_user_model):
    return _user(django_user_model, "staff", DEPARTMENT_STAFF)


@pytest.fixture
def head_user(reference_data, django_user_model):
    return _user(django_user_model, "head", DEPARTMENT_HEAD)


@pytest.fixture
def analyst_user(reference_data, django_user_model):
    return _user(django_user_model, "analyst", ANALYST)


@pytest.fixture
def mobility_user(reference_data, django_user_model):
    return _user(django_user_model, "mobility", MOBILITY_CENTRE, is_staff=False)


def _session_client(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def staff_api(staff_user):
    return _session_client(staff_user)


@pytest.fixture
def head_api(head_user):
    return _session_client(head_user)


@pytest.fixture
def analyst_api(analyst_user):
    return _session_client(analyst_user)


@pytest.fixture
def mobility_key_api(reference_data):
    """A client holding a settlements-scope key of the mobility centre `test-mc`."""
    _key, raw = api_key_create(code="test-mc", scope="settlements")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


@pytest.fixture
def staff_key_api(reference_data):
    """A client holding a staff-scope key (a career centre's system)."""
    _key, raw = api_key_create(code="test-cc", scope="staff")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


@pytest.fixture
def celery_worker_real(transactional_db):
    """A real Celery worker consuming from Redis in a thread of this process (not eager mode).

    Tasks see committed data only, hence ``transactional_db``. The worker runs every registered
    task; eager mode is switched off for the duration of the test.
    """
    from celery.contrib.testing.worker import start_worker

    from astana_migration.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as w:
            yield w
    finally:
        app.conf.task_always_eager = True


# --- A Redis of the test's own, to stop and start (an outage) --------------------------------------


class RedisServer:
    """A real ``redis-server`` on a free loopback port, without persistence: ``stop()`` is an outage
    (what was in it is lost, as after a crash), ``start()`` brings it back on the same port."""

    def __init__(self, directory):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        import shutil
        import subprocess
        import time

        import redis

        command = [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _celery_use(app, *, broker: str, backend: str) -> None:
    # The app caches its connection and producer pools and its result backend: drop them.
    app.conf.broker_url = broker
    app.conf.result_backend = backend
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def portal_redis(redis_server, settings):
    """Point the cache, the Celery broker and the result backend at ``redis_server`` (Celery not
    eager: tasks really go to the broker). Stop and start ``portal_redis`` for an outage."""
    from astana_migration.celery import app

    url = redis_server.url
    original = {"REDIS_URL": settings.REDIS_URL, "CACHES": settings.CACHES}
    before = (app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager)
    settings.REDIS_URL = url
    redis_cache = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {"default": {**settings.CACHES["default"], "BACKEND": redis_cache, "LOCATION": url}}
    _celery_use(app, broker=url, backend=url)
    app.conf.task_always_eager = False
    try:
        yield redis_server
    finally:
        _celery_use(app, broker=before[0], backend=before[1])
        app.conf.task_always_eager = before[2]
        # Back to the suite's Redis now, before other fixtures' teardowns touch the cache (the
        # ``settings`` fixture itself restores only at the very end).
        for name, value in original.items():
            setattr(settings, name, value)
