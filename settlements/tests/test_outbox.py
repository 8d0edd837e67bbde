"""The outbox's guarantees: one worker per row, a sent row is never sent again, the sweep
enqueues only what is due, and staff can retry a failed row."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from settlements import services
from settlements.errors import DeliveryError
from settlements.models import Delivery
from settlements.services import outbox


@pytest.fixture
def exchange_row(settlements, publisher):
    # Published without running the on-commit callbacks: the rows are pending, as after a crash.
    published = publisher()
    return Delivery.objects.get(settlement_list=published, channel=Delivery.Channel.LABOUR_EXCHANGE)


def test_publication_writes_one_row_per_channel_and_recipient(exchange_row):
    rows = Delivery.objects.filter(settlement_list=exchange_row.settlement_list)
    assert sorted(rows.values_list("channel", flat=True)) == ["email", "labour_exchange"]
    assert set(rows.values_list("idempotency_key", flat=True)) == {exchange_row.settlement_list.checksum}


def test_two_workers_never_claim_the_same_row(exchange_row):
    now = timezone.now()
    assert outbox._claim(exchange_row.pk, now) is not None
    assert outbox._claim(exchange_row.pk, now) is None
    # Once the first claim's lease has run out (a killed worker), the row can be claimed again.
    assert outbox._claim(exchange_row.pk, now + services.claim_lease() + timedelta(seconds=1)) is not None


def test_a_sent_row_is_never_sent_again(exchange_row, settings):
    assert services.delivery_attempt(delivery_id=exchange_row.pk).outcome == "sent"
    path = settings.LABOUR_EXCHANGE_OUTBOX_DIR / "settlement-list-v1.json"
    path.unlink()
    assert services.delivery_attempt(delivery_id=exchange_row.pk).outcome == "skipped"
    assert not path.exists()


def test_a_task_for_a_missing_row_is_skipped(db):
    assert services.delivery_attempt(delivery_id=987654).outcome == "skipped"


def test_the_sweep_enqueues_only_due_rows_not_enqueued_recently(exchange_row, django_capture_on_commit_callbacks):
    rows = Delivery.objects.filter(settlement_list=exchange_row.settlement_list)
    # Just enqueued by the publication: the sweep trusts that task for a while.
    assert services.delivery_sweep() == 0
    # Parked for later: not yet due.
    rows.update(enqueued_at=None, next_attempt_at=timezone.now() + timedelta(hours=1))
    assert services.delivery_sweep() == 0
    # Due now.
    rows.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delivery_sweep() == 2
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_the_sweep_command_runs_the_same_sweep(exchange_row, django_capture_on_commit_callbacks):
    Delivery.objects.update(enqueued_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_deliveries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2


def test_staff_retry_a_failed_delivery(exchange_row, staff_user, django_capture_on_commit_callbacks):
    Delivery.objects.filter(pk=exchange_row.pk).update(status="failed", attempts=3, last_error="HTTP 400: bad")
    exchange_row.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=exchange_row, by=staff_user)
    exchange_row.refresh_from_db()
    assert exchange_row.status == Delivery.Status.SENT
    assert exchange_row.attempts == 4
    with pytest.raises(DeliveryError):
        services.delivery_retry(delivery=exchange_row, by=staff_user)  # only a failed row


def test_the_sweep_is_on_the_beat_schedule():
    from django.conf import settings

    from astana_migration.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["settlements-sweep-deliveries"]
    assert entry["task"] == "settlements.sweep_deliveries"
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE  # beat reads the one schedule


def test_an_unforeseen_error_is_recorded_and_retried_not_wedged(exchange_row, monkeypatch):
    from settlements import channels

    def broken(delivery):
        raise KeyError("template")

    monkeypatch.setitem(channels.SENDERS, Delivery.Channel.LABOUR_EXCHANGE, broken)
    assert services.delivery_attempt(delivery_id=exchange_row.pk).outcome == "retry"
    exchange_row.refresh_from_db()
    assert exchange_row.status == Delivery.Status.PENDING
    assert "KeyError" in exchange_row.last_error
    assert exchange_row.claimed_until is None  # released for the next attempt


def test_a_row_whose_worker_died_mid_attempt_is_swept_again_once_its_lease_lapses(
    exchange_row, django_capture_on_commit_callbacks, settings
):
    # Enqueued at publication, then claimed by a worker that was killed before it finished.
    claimed_at = timezone.now()
    Delivery.objects.filter(pk=exchange_row.pk).update(enqueued_at=claimed_at)
    assert outbox._claim(exchange_row.pk, claimed_at) is not None
    Delivery.objects.exclude(pk=exchange_row.pk).delete()  # only this row in the test
    assert services.claim_lease() == timedelta(seconds=75)
    # While the lease holds, the worker may be alive: nobody else takes the row.
    with time_machine.travel(claimed_at + timedelta(seconds=70)):
        assert services.delivery_sweep() == 0
    # Once it lapsed, the sweep takes it at once (it waited SETTLEMENTS_SWEEP_REENQUEUE_AFTER, 10 min).
    with time_machine.travel(claimed_at + timedelta(seconds=76)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.delivery_sweep() == 1
        exchange_row.refresh_from_db()
        assert exchange_row.status == Delivery.Status.SENT
        assert exchange_row.attempts == 2
        assert services.delivery_sweep() == 0


def test_an_attempt_is_killed_before_its_lease_runs_out():
    from settlements.tasks import deliver

    lease = services.claim_lease().total_seconds()
    assert deliver.soft_time_limit < deliver.time_limit < lease
    # Every send gives up well within the soft limit, so a live worker finishes inside its claim.
    from django.conf import settings

    assert max(settings.LABOUR_EXCHANGE_TIMEOUT, settings.EMAIL_TIMEOUT) < deliver.soft_time_limit
