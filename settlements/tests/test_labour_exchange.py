"""Publication to the Electronic Labour Exchange against a real HTTP server on loopback."""

import json
import time

import pytest
from django.utils import timezone

from settlements import services
from settlements.models import Delivery

EXCHANGE_PATH = "/resettlement/settlement-lists/1"


def _exchange_row(settlement_list) -> Delivery:
    return Delivery.objects.get(settlement_list=settlement_list, channel=Delivery.Channel.LABOUR_EXCHANGE)


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.worker
def test_it_retries_a_503_and_delivers_once_with_the_same_idempotency_key(
    celery_worker_real, httpserver, settings, settlements, publisher
):
    # A real worker consumes from Redis; the exchange is busy twice, then accepts. Short
    # backoffs keep the test quick: the retries go back to Celery with a countdown.
    settings.LABOUR_EXCHANGE_URL = httpserver.url_for("/").rstrip("/")
    settings.LABOUR_EXCHANGE_TOKEN = "exchange-token"
    settings.SETTLEMENTS_DELIVERY_BACKOFF_BASE = 0.2
    httpserver.expect_ordered_request(EXCHANGE_PATH, method="PUT").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request(EXCHANGE_PATH, method="PUT").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request(EXCHANGE_PATH, method="PUT").respond_with_json({"accepted": True})

    published = publisher()
    assert _wait_for(lambda: _exchange_row(published).status == Delivery.Status.SENT)

    row = _exchange_row(published)
    assert row.attempts == 3
    assert row.last_error == ""
    assert "200" in row.response
    requests = [request for request, _response in httpserver.log]
    assert len(requests) == 3
    assert {r.headers["Idempotency-Key"] for r in requests} == {published.checksum}
    assert {r.headers["Authorization"] for r in requests} == {"Bearer exchange-token"}
    assert requests[-1].get_data() == published.document.encode()

    # Delivered once: neither the sweep nor a stray task sends a confirmed version again.
    assert services.delivery_sweep() == 0
    assert services.delivery_attempt(delivery_id=row.pk).outcome == "skipped"
    time.sleep(0.5)
    assert len(httpserver.log) == 3


def test_a_400_fails_the_delivery_and_keeps_the_error(
    httpserver, settings, settlements, publisher, django_capture_on_commit_callbacks
):
    settings.LABOUR_EXCHANGE_URL = httpserver.url_for("/").rstrip("/")
    httpserver.expect_request(EXCHANGE_PATH, method="PUT").respond_with_json(
        {"detail": "year 2026 is closed"}, status=400
    )
    with django_capture_on_commit_callbacks(execute=True):
        published = publisher()

    row = _exchange_row(published)
    assert row.status == Delivery.Status.FAILED
    assert row.attempts == 1
    assert "HTTP 400" in row.last_error
    assert "year 2026 is closed" in row.last_error
    assert len(httpserver.log) == 1  # a 4xx is not retried


def test_a_refused_connection_parks_the_row_for_a_later_attempt(
    settings, settlements, publisher, django_capture_on_commit_callbacks
):
    # Nothing listens on port 1: a transient failure. The row stays pending with its next
    # attempt set by the backoff, for Celery or the sweep.
    settings.LABOUR_EXCHANGE_URL = "http://127.0.0.1:1"
    with django_capture_on_commit_callbacks(execute=True):
        published = publisher()
    row = _exchange_row(published)
    assert row.status == Delivery.Status.PENDING
    assert row.attempts == 1
    assert row.next_attempt_at > timezone.now()
    assert "Connection refused" in row.last_error or "Errno" in row.last_error


def test_it_gives_up_after_the_last_attempt(settings, settlements, publisher, django_capture_on_commit_callbacks):
    settings.LABOUR_EXCHANGE_URL = "http://127.0.0.1:1"
    settings.SETTLEMENTS_DELIVERY_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        published = publisher()
    row = _exchange_row(published)
    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert services.delivery_attempt(delivery_id=row.pk).outcome == "failed"
    row.refresh_from_db()
    assert row.status == Delivery.Status.FAILED
    assert row.attempts == 2
    assert "gave up after 2 attempts" in row.last_error


def test_without_an_exchange_url_the_payload_is_written_under_var(
    settings, settlements, publisher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published = publisher()
    path = settings.LABOUR_EXCHANGE_OUTBOX_DIR / "settlement-list-v1.json"
    assert path.read_bytes() == published.document.encode()
    assert json.loads(path.read_text())["version"] == 1
    assert _exchange_row(published).status == Delivery.Status.SENT


def test_the_backoff_grows_and_stays_bounded(settings):
    settings.SETTLEMENTS_DELIVERY_BACKOFF_BASE = 10
    settings.SETTLEMENTS_DELIVERY_BACKOFF_MAX = 300
    delays = [services.backoff_delay(n) for n in range(1, 10)]
    assert 5 <= delays[0] <= 10
    assert 40 <= delays[3] <= 80
    assert all(d <= 300 for d in delays)
    # A Retry-After from the exchange is honoured (within the cap).
    assert services.backoff_delay(1, retry_after=120) >= 120
