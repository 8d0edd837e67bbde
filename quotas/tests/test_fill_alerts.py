"""A quota turning behind or at risk is told to staff and the head once per change (issue 15)."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from quotas.fill_alerts import quota_fill_alert_sweep, quota_fill_check
from quotas.models import Quota, QuotaFillAlert
from quotas.tests.test_fill import TODAY, _monthly, _quota


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def at_risk(pavlodar, settlement, staff_user, head_user):
    staff_user.email, head_user.email = "staff@example.kz", "head@example.kz"
    staff_user.save()
    head_user.save()
    quota = _quota(pavlodar, limit=1800)
    _monthly(quota, settlement, dict.fromkeys(range(1, 7), 200))  # runs out in autumn
    return quota


def test_a_turn_to_at_risk_is_told_once_in_kazakh_and_russian(at_risk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (alert,) = quota_fill_check(today=TODAY)
    assert (alert.status, alert.previous_status, alert.projected_persons) == ("at_risk", "", 2420)
    at_risk.refresh_from_db()
    assert at_risk.fill_status == "at_risk"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["head@example.kz", "staff@example.kz"]
    assert "2\u00a0420" in message.body and "01.07.2026" in message.body  # thousands apart, as written
    assert "ұлғайтуды ұсынуды" in message.body  # Kazakh first
    assert "увеличени" in message.body  # then Russian
    alert.refresh_from_db()
    assert alert.notified_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert quota_fill_check(today=TODAY) == []  # no change, no second alert
        assert quota_fill_check(today=TODAY + datetime.timedelta(days=1)) == []
    assert len(mail.outbox) == 1


def test_each_change_is_told_again(at_risk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        quota_fill_check(today=TODAY)
        Quota.objects.filter(pk=at_risk.pk).update(limit_persons=2500)  # an accepted increase: on track
        assert quota_fill_check(today=TODAY) == []
        Quota.objects.filter(pk=at_risk.pk).update(limit_persons=1800)
        (again,) = quota_fill_check(today=TODAY)
    assert again.previous_status == "on_track"
    assert QuotaFillAlert.objects.count() == 2
    assert len(mail.outbox) == 2


def test_an_alert_the_queue_refused_is_sent_by_the_sweep(at_risk, monkeypatch):
    from quotas import tasks

    def refuse(*args, **kwargs):
        raise OSError("broker down")

    monkeypatch.setattr(tasks.notify_quota_fill_alert, "apply_async", refuse)
    (alert,) = quota_fill_check(today=TODAY)  # no commit callbacks here: the test's transaction stays open
    from django.db import transaction

    for callback in transaction.get_connection().run_on_commit:
        callback[1]()
    alert.refresh_from_db()
    assert alert.notify_enqueued_at is None and alert.notified_at is None
    assert mail.outbox == []
    monkeypatch.undo()
    for _ in range(2):  # the second sweep finds nothing left to send
        quota_fill_alert_sweep()
        for callback in transaction.get_connection().run_on_commit:
            callback[1]()
        transaction.get_connection().run_on_commit.clear()
    alert.refresh_from_db()
    assert alert.notified_at is not None
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(("language", "words"), [("kk", "Шешім қажет"), ("ru", "нужно решение")])
def test_the_start_page_lists_the_quota_that_needs_a_decision(at_risk, head_user, language, words, settings):
    quota_fill_check(today=TODAY)
    client = Client()
    client.force_login(head_user)
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC), tick=False):
        html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'class="fill-at_risk"' in html
    assert f"/admin/quotas/quota/{at_risk.pk}/change/" in html
    assert words in html


def test_the_head_lists_the_quotas_by_how_they_fill(at_risk, head_user, pavlodar):
    quota_fill_check(today=TODAY)
    client = Client()
    client.force_login(head_user)
    page = client.get("/admin/quotas/quota/", {"fill_status": "at_risk"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert f"/admin/quotas/quota/{at_risk.pk}/change/" in page
    assert "под угрозой: закончится раньше срока" in page
    none = client.get("/admin/quotas/quota/", {"fill_status": "behind"}).content.decode()
    assert f"/admin/quotas/quota/{at_risk.pk}/change/" not in none
