"""A broker outage at publication loses nothing: the outbox rows wait for the sweep."""

import time

import pytest

from astana_migration.celery import app
from settlements import services
from settlements.models import Delivery, SettlementList


def _use_broker(url: str) -> None:
    # The app caches its connection and producer pools: drop them so the new URL is used.
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down(settings):
    working = app.conf.broker_url
    _use_broker("redis://127.0.0.1:1/0")  # nothing listens on port 1: connections are refused
    try:
        yield lambda: _use_broker(working)
    finally:
        _use_broker(working)


@pytest.mark.worker
def test_a_publication_survives_an_unreachable_broker_and_the_sweep_delivers_later(
    celery_worker_real, broker_down, settlements, publisher
):
    started = time.monotonic()
    published = publisher()
    # The publication committed, fast, although no task could be enqueued.
    assert time.monotonic() - started < 15
    assert SettlementList.objects.get(pk=published.pk).status == SettlementList.Status.PUBLISHED
    rows = Delivery.objects.filter(settlement_list=published)
    assert rows.count() == 2  # the exchange and the mobility centre's e-mail
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.PENDING}
    assert set(rows.values_list("attempts", flat=True)) == {0}
    # While the broker is down the sweep cannot enqueue either; the rows stay as they are.
    services.delivery_sweep()
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.PENDING}

    broker_down()  # Redis is back
    assert services.delivery_sweep() >= 1
    deadline = time.monotonic() + 30
    while rows.exclude(status=Delivery.Status.SENT).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert set(rows.values_list("attempts", flat=True)) == {1}
