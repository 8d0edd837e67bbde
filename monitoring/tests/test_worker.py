"""The report and recompute jobs through a real Celery worker on Redis (not eager mode)."""

import datetime
import time

import pytest

from monitoring.catalogue import catalogue_sync
from monitoring.models import CITY, Indicator, IndicatorValue, Report
from monitoring.services import report_request
from monitoring.tasks import recompute_indicators


@pytest.fixture(autouse=True)
def indicator_catalogue(celery_worker_real):
    # A transactional test may start after another one flushed the migration's data.
    catalogue_sync(Indicator)


def wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
def test_a_worker_builds_a_requested_report(celery_worker_real, analyst_user, make_records):
    make_records({"registered_on": datetime.date(2026, 1, 10), "arrived_from_country": "CHN"})
    recompute_indicators.apply(kwargs={"year": 2026})  # the figures, here and now
    # Enqueued on commit (no surrounding transaction here), picked up by the worker thread.
    report = report_request(
        by=analyst_user, periods=["2026", "2026-Q1"], districts=[CITY], indicators=["immigration"], format="xlsx"
    )
    assert wait_for(lambda: Report.objects.get(pk=report.pk).status in (Report.Status.READY, Report.Status.FAILED))
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    assert (report.progress, report.started_at is not None, report.finished_at is not None) == (100, True, True)
    with report.file.open("rb") as f:
        assert f.read(2) == b"PK"  # an XLSX is a zip


@pytest.mark.worker
def test_a_worker_recomputes_the_indicators(celery_worker_real, reference_data, make_records):
    make_records({"registered_on": datetime.date(2026, 1, 10), "arrived_from_country": "CHN"})
    recompute_indicators.delay(2026)
    assert wait_for(
        lambda: IndicatorValue.objects.filter(
            indicator__code="immigration", period="2026-01", area=CITY, value=1
        ).exists()
    )
