"""The imports' sweep: a batch whose job never came is enqueued again, a batch abandoned while
working is rejected with a reason; never a batch left "checking rows" for ever."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone, translation

from astana_migration.celery import app
from registration.models import ImportBatch, RegistrationRecord
from registration.services import import_batch_submit, import_batch_sweep
from registration.tests.conftest import csv_file, demo_rows, valid_row
from registration.validation import message

START = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)


def _stored_batch(user, **fields) -> ImportBatch:
    batch = ImportBatch.objects.create(file_name="records.csv", file_sha256="1" * 64, created_by=user, **fields)
    batch.file.save("sweep-test.csv", ContentFile(csv_file([valid_row()])), save=True)
    return batch


def test_a_pending_batch_is_enqueued_again_only_when_its_job_is_late(staff_user, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        never = _stored_batch(staff_user)  # enqueued_at empty: the broker refused it
        recent = _stored_batch(staff_user, enqueued_at=timezone.now() - datetime.timedelta(minutes=2))
        ImportBatch.objects.filter(pk=recent.pk).update(file_sha256="2" * 64)

        with django_capture_on_commit_callbacks(execute=True):
            assert import_batch_sweep(timezone.now()) == (1, 0)

        assert ImportBatch.objects.get(pk=never.pk).status == ImportBatch.Status.APPLIED
        recent.refresh_from_db()
        two_minutes_ago = START - datetime.timedelta(minutes=2)
        assert (recent.status, recent.enqueued_at) == (ImportBatch.Status.PENDING, two_minutes_ago)

    # Four minutes later its job has still not come: enqueued again (the claim makes it run once).
    with time_machine.travel(START + datetime.timedelta(minutes=4), tick=False):
        with django_capture_on_commit_callbacks(execute=False) as enqueued:
            assert import_batch_sweep(timezone.now()) == (1, 0)
        assert ImportBatch.objects.get(pk=recent.pk).enqueued_at == timezone.now()
        for callback in enqueued:
            callback()
        assert ImportBatch.objects.get(pk=recent.pk).status == ImportBatch.Status.APPLIED
        assert import_batch_sweep(timezone.now()) == (0, 0)  # nothing waits any more


def test_a_batch_stuck_working_is_rejected_after_35_minutes(staff_user):
    with time_machine.travel(START, tick=False):
        checking = ImportBatch.objects.create(
            file_name="a.csv", file_sha256="3" * 64, status="checking", started_at=timezone.now()
        )
        applying = ImportBatch.objects.create(
            file_name="b.csv", file_sha256="4" * 64, status="applying", started_at=timezone.now()
        )
        orphan = ImportBatch.objects.create(file_name="c.csv", file_sha256="5" * 64)  # foreground died
    with time_machine.travel(START + datetime.timedelta(minutes=34), tick=False):
        assert import_batch_sweep(timezone.now()) == (0, 0)
        assert ImportBatch.objects.get(pk=checking.pk).status == ImportBatch.Status.CHECKING
    with time_machine.travel(START + datetime.timedelta(minutes=36), tick=False):
        assert import_batch_sweep(timezone.now()) == (0, 3)

    for batch in (checking, applying, orphan):
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.REJECTED
        assert batch.errors == [[1, "file", "", "job_abandoned", {"minutes": 35}]]
    with translation.override("ru"):
        assert message("file", "job_abandoned", {"minutes": 35}).startswith("Импорт прервался")
    assert not ImportBatch.objects.exclude(status__in=ImportBatch.FINISHED).exists()


def _use_broker(url: str) -> None:
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """No broker (nothing listens on port 1) and no eager mode: enqueueing really fails."""
    working = app.conf.broker_url
    app.conf.task_always_eager = False
    _use_broker("redis://127.0.0.1:1/0")

    def restore():
        _use_broker(working)
        app.conf.task_always_eager = True

    try:
        yield restore
    finally:
        restore()


def test_an_upload_survives_a_dead_broker_and_the_sweep_enqueues_it_later(
    staff_user, broker_down, django_capture_on_commit_callbacks
):
    content = csv_file(demo_rows(20))

    with django_capture_on_commit_callbacks(execute=True):
        batch = import_batch_submit(content=content, file_name="records.csv", by=staff_user, run_async=True)

    batch.refresh_from_db()
    assert (batch.status, batch.enqueued_at) == (ImportBatch.Status.PENDING, None)  # left for the sweep
    # The broker is back (eager again in the tests): the sweep hands it over.
    broker_down()
    with django_capture_on_commit_callbacks(execute=True):
        assert call_command("sweep_imports", stdout=open("/dev/null", "w")) is None  # noqa: SIM115
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.APPLIED
    assert RegistrationRecord.objects.count() == 20


def test_the_sweep_is_on_the_beat_schedule():
    entry = app.conf.beat_schedule["registration-sweep-imports"]
    assert entry["task"] == "registration.import_batch_sweep"
    assert entry["schedule"] <= 300
    assert "settlements-sweep-deliveries" in app.conf.beat_schedule
