"""Redis down (broker, cache and result backend on it): a report ordered, a recompute requested and
an alert raised all commit and answer at once; each row waits as its job's outbox, and once Redis
is back the sweep enqueues it and a real worker does the job, once."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from astana_migration.celery import app
from monitoring import catalogue
from monitoring.models import CITY, Indicator, OutflowAlert, RecomputeRequest, Report
from monitoring.services import indicators_recompute, monitoring_sweep, natural_increase_enter
from monitoring.tests.conftest import ALMATY, SARYARKA

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture(autouse=True)
def _catalogue(db):
    # A transactional test's flush drops the indicators the migration loaded: put them back.
    catalogue.catalogue_sync(Indicator)


def _wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_a_report_ordered_with_redis_down_waits_and_is_built_once_redis_is_back(
    client, analyst_user, districts, portal_redis
):
    client.force_login(analyst_user)
    portal_redis.stop()
    started = time.monotonic()
    response = client.post(
        "/admin/monitoring/report/add/",
        {
            "format": "csv",
            "year": "2026",
            "granularity": ["year"],
            "periods": "",
            "districts": [ALMATY, CITY],
            "indicators": [Indicator.objects.get(code="immigration").pk],
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200  # was a 500 after ~20 s
    assert time.monotonic() - started < 10
    assert any("waiting to be built" in m for m in _messages(response))
    report = Report.objects.get()
    assert (report.status, report.enqueued_at) == (Report.Status.PENDING, None)
    assert monitoring_sweep()["reports"] == 1  # the broker refuses again: still waiting
    report.refresh_from_db()
    assert (report.status, report.enqueued_at) == (Report.Status.PENDING, None)

    portal_redis.start()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        assert monitoring_sweep() == {"reports": 1, "recomputes": 0, "notifications": 0}
        assert _wait_for(lambda: Report.objects.get().status == Report.Status.READY)
    report.refresh_from_db()
    assert report.file.name.endswith(".csv")
    assert monitoring_sweep()["reports"] == 0  # built: nothing left to enqueue


def test_a_recompute_requested_with_redis_down_waits_and_runs_once_redis_is_back(
    client, staff_user, make_records, portal_redis
):
    make_records({"registered_on": datetime.date(2025, 3, 1), "arrived_from_country": "CHN"})
    client.force_login(staff_user)
    portal_redis.stop()
    response = client.post(
        "/admin/monitoring/dashboard/recompute/", {"year": 2025}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert any("2025 is waiting" in m for m in _messages(response))
    request = RecomputeRequest.objects.get()
    assert (request.year, request.enqueued_at, request.finished_at) == (2025, None, None)

    portal_redis.start()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        assert monitoring_sweep()["recomputes"] == 1
        assert _wait_for(lambda: RecomputeRequest.objects.get().finished_at is not None)
    request.refresh_from_db()
    assert request.error == ""
    assert Indicator.objects.get(code="immigration").values.filter(period="2025-03", area=ALMATY).get().value == 1
    assert monitoring_sweep()["recomputes"] == 0


def test_an_alert_raised_with_redis_down_notifies_staff_once_redis_is_back(
    make_records, districts, staff_user, portal_redis
):
    staff_user.email = "staff@example.kz"
    staff_user.save()
    make_records(
        *[
            {
                "district": SARYARKA,
                "registered_on": datetime.date(2020, 1, 1),
                "deregistered_on": datetime.date(2026, 2, 1),
                "departed_to_country": "RUS",
            }
        ]
        * 3
    )
    indicators_recompute(year=2026, today=datetime.date(2026, 12, 31))
    portal_redis.stop()
    natural_increase_enter(
        period="2026-Q1", district=districts[SARYARKA], births=5, deaths=3, source_document="БНС", by=None
    )
    alert = OutflowAlert.objects.get()
    assert (alert.notify_enqueued_at, alert.notified_at) == (None, None)
    assert mail.outbox == []

    portal_redis.start()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        assert monitoring_sweep()["notifications"] == 1
        assert _wait_for(lambda: OutflowAlert.objects.get().notified_at is not None)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["staff@example.kz"]
    assert monitoring_sweep()["notifications"] == 0  # sent once, never again
