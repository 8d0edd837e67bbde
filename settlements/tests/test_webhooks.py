"""Standard Webhooks notifications, received by a real HTTP server on loopback."""

import base64
import hashlib
import hmac
import json
import time

from werkzeug import Response
from werkzeug.datastructures import Headers

from settlements import services
from settlements.models import Delivery, Recipient


def verify(secret: str, headers, body: bytes, tolerance: int = 300) -> bool:
    """What a receiver does (Standard Webhooks): recompute the HMAC over "id.timestamp.body" with
    the base64-decoded secret, compare in constant time, and refuse stale timestamps."""
    message_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest())
    signatures = [s.split(",", 1)[1] for s in headers["webhook-signature"].split() if s.startswith("v1,")]
    return any(hmac.compare_digest(expected.decode(), s) for s in signatures)


def _subscriber(httpserver, **extra) -> Recipient:
    return services.recipient_save(
        recipient=Recipient(
            code="hook-mc",
            kind=Recipient.Kind.MOBILITY_CENTRE,
            name="Webhook centre",
            webhook_url=httpserver.url_for("/hooks/settlement-list"),
            **extra,
        ),
        by=None,
    )


def test_a_webhook_carries_a_signature_the_receiver_verifies(
    httpserver, settlements, publisher, django_capture_on_commit_callbacks
):
    subscriber = _subscriber(httpserver)
    assert subscriber.webhook_secret.startswith("whsec_")  # generated when left empty
    received = []

    def receive(request):
        received.append((Headers(request.headers), request.get_data()))  # case-insensitive, as HTTP is
        return Response("", status=204)

    httpserver.expect_request("/hooks/settlement-list", method="POST").respond_with_handler(receive)
    with django_capture_on_commit_callbacks(execute=True):
        published = publisher()

    assert len(received) == 1
    headers, body = received[0]
    assert verify(subscriber.webhook_secret, headers, body)
    # A tampered body no longer verifies.
    assert not verify(subscriber.webhook_secret, headers, body.replace(b'"version":1', b'"version":2'))
    event = json.loads(body)
    assert event["type"] == "settlement_list.published"
    assert event["data"]["checksum"] == published.checksum
    assert event["data"]["version"] == 1
    row = Delivery.objects.get(channel=Delivery.Channel.WEBHOOK, recipient=subscriber)
    assert row.status == Delivery.Status.SENT


def test_a_410_disables_the_endpoint(httpserver, settlements, publisher, django_capture_on_commit_callbacks):
    subscriber = _subscriber(httpserver)
    httpserver.expect_request("/hooks/settlement-list", method="POST").respond_with_data("gone", status=410)
    with django_capture_on_commit_callbacks(execute=True):
        publisher()
    subscriber.refresh_from_db()
    assert subscriber.webhook_disabled_at is not None
    row = Delivery.objects.get(channel=Delivery.Channel.WEBHOOK, recipient=subscriber)
    assert row.status == Delivery.Status.FAILED
    assert "410" in row.last_error

    # The next version sends no webhook to a disabled endpoint.
    with django_capture_on_commit_callbacks(execute=True):
        publisher()
    assert Delivery.objects.filter(channel=Delivery.Channel.WEBHOOK).count() == 1
    assert len(httpserver.log) == 1
