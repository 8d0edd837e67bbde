"""Publication end to end through Redis and a real Celery worker: every channel delivered."""

import json
import time

import pytest
from django.core import mail
from werkzeug import Response

from settlements import services
from settlements.models import Delivery, Recipient


@pytest.mark.worker
def test_a_publication_reaches_the_exchange_the_inboxes_and_the_webhooks(
    celery_worker_real, httpserver, settings, settlements, publisher
):
    settings.LABOUR_EXCHANGE_URL = httpserver.url_for("/exchange")
    services.recipient_save(
        recipient=Recipient(
            code="akimat-ru",
            kind=Recipient.Kind.RURAL_AKIMAT,
            name="Аким",
            language="ru",
            email="akimat@example.kz",
            webhook_url=httpserver.url_for("/hook"),
        ),
        by=None,
    )
    hooks = []
    httpserver.expect_request("/exchange/resettlement/settlement-lists/1", method="PUT").respond_with_data("ok")
    httpserver.expect_request("/hook", method="POST").respond_with_handler(
        lambda request: hooks.append(json.loads(request.get_data())) or Response("", status=200)
    )

    published = publisher()
    rows = Delivery.objects.filter(settlement_list=published)
    assert rows.count() == 4  # exchange, two e-mails, one webhook
    deadline = time.monotonic() + 30
    while rows.exclude(status=Delivery.Status.SENT).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert set(rows.values_list("status", flat=True)) == {"sent"}
    assert sorted(m.to[0] for m in mail.outbox) == ["akimat@example.kz", "mc@example.kz"]
    assert hooks[0]["data"]["checksum"] == published.checksum
