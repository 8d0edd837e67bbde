"""The three delivery channels of a published settlement list: the Electronic Labour Exchange
("Қоныс аудару" section), e-mail and Standard Webhooks.

Each sender either returns a short note of what the other side answered, or raises
``TransientError`` (worth another attempt later: 408, 429, 5xx, timeouts, refused connections)
or ``PermanentError`` (another attempt would fail the same way: any other 4xx, a bad address).
The retry policy itself lives in ``services.delivery_attempt``.
"""

import base64
import hashlib
import hmac
import os
import smtplib
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from kernel.numbers import count_text
from kernel.validators import is_whole_number_text
from settlements import exports
from settlements.documents import canonical_json
from settlements.models import Delivery, SettlementList

RESPONSE_KEEP = 1000  # characters of an answer kept on the delivery row
USER_AGENT = "astana-migration-portal/1.0"


class TransientError(Exception):
    def __init__(self, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(Exception):
    pass


class EndpointGone(PermanentError):
    """A webhook endpoint answered 410 Gone: it must not be called again."""


def _retry_after(value: str | None) -> int | None:
    if value and is_whole_number_text(value.strip()):
        return int(value.strip())
    return None


def http_send(method: str, url: str, body: bytes, headers: dict, timeout: float) -> tuple[int, str]:
    """Send one request; (status, body text). Network failures are transient."""
    request = urllib.request.Request(url, data=body, method=method, headers={"User-Agent": USER_AGENT, **headers})  # noqa: S310 - http(s) URLs from settings / validated URLField
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(RESPONSE_KEEP).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        text = exc.read(RESPONSE_KEEP).decode("utf-8", "replace")
        status = exc.code
        if status in (408, 429) or status >= 500:
            retry_after = _retry_after(exc.headers.get("Retry-After"))
            raise TransientError(f"HTTP {status}: {text}", retry_after=retry_after) from None
        return status, text
    except TimeoutError as exc:
        raise TransientError(f"timeout after {timeout}s: {exc}") from exc
    except (urllib.error.URLError, ConnectionError, OSError) as exc:
        raise TransientError(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from exc


def _require_success(status: int, text: str) -> str:
    if 200 <= status < 300:
        return f"HTTP {status} {text}".strip()[:RESPONSE_KEEP]
    raise PermanentError(f"HTTP {status}: {text}"[:RESPONSE_KEEP])


# --- Labour Exchange ----------------------------------------------------------------------------


def exchange_outbox_path(settlement_list: SettlementList) -> Path:
    return Path(settings.LABOUR_EXCHANGE_OUTBOX_DIR) / f"settlement-list-v{settlement_list.version}.json"


def send_to_labour_exchange(delivery: Delivery) -> str:
    """``PUT {LABOUR_EXCHANGE_URL}/resettlement/settlement-lists/{version}`` with the version's
    canonical JSON; the ``Idempotency-Key`` is its checksum, the same on every attempt. With no
    URL configured, the payload is written under ``LABOUR_EXCHANGE_OUTBOX_DIR`` instead."""
    settlement_list = delivery.settlement_list
    body = settlement_list.document.encode("utf-8")
    base = settings.LABOUR_EXCHANGE_URL
    if not base:
        path = exchange_outbox_path(settlement_list)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".json.partial")
        partial.write_bytes(body)
        os.replace(partial, path)  # atomic: a reader never sees half a file
        return f"written to {path}"
    url = f"{base.rstrip('/')}/resettlement/settlement-lists/{settlement_list.version}"
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Authorization": f"Bearer {settings.LABOUR_EXCHANGE_TOKEN}",
        "Idempotency-Key": delivery.idempotency_key,
    }
    status, text = http_send("PUT", url, body, headers, settings.LABOUR_EXCHANGE_TIMEOUT)
    return _require_success(status, text)


# --- E-mail -------------------------------------------------------------------------------------


def list_email(delivery: Delivery) -> EmailMessage:
    """The e-mail to a recipient, in the recipient's language, with the list as XLSX and CSV."""
    settlement_list = delivery.settlement_list
    recipient = delivery.recipient
    with translation.override(recipient.language):
        params = {
            "version": settlement_list.version,
            "year": settlement_list.year,
            "count": count_text(settlement_list.items_count),
            "date": settlement_list.published_at.strftime("%d.%m.%Y"),
            "checksum": settlement_list.checksum,
            "name": recipient.name,
        }
        subject = _("Settlement list for resettlement, version %(version)s (%(year)s)") % params
        body = "\n\n".join(
            [
                _("Dear colleagues (%(name)s),") % params,
                _(
                    "On %(date)s the Department of Employment and Social Protection of Astana published version "
                    "%(version)s of the list of settlements for resettlement of kandases and resettlers for "
                    "%(year)s (rules p.5). It holds %(count)s settlements."
                )
                % params,
                _("The list is attached as an Excel workbook (XLSX) and as a CSV file."),
                _(
                    "Labour mobility centres can also pull the list with their API key from "
                    "/api/v1/settlements/; it is published on the Electronic Labour Exchange in the "
                    "«Қоныс аудару» section."
                ),
                _("Checksum (sha256) of this version: %(checksum)s") % params,
                _("This message was sent automatically by the Astana migration portal."),
            ]
        )
        stem = f"settlement-list-v{settlement_list.version}-{settlement_list.year}-{recipient.language}"
        message = EmailMessage(subject=subject, body=body, to=[recipient.email])
        message.attach(f"{stem}.xlsx", exports.list_xlsx(settlement_list), exports.XLSX_MIME)
        message.attach(f"{stem}.csv", exports.list_csv(settlement_list), "text/csv")
    message.extra_headers["X-Settlement-List-Checksum"] = settlement_list.checksum
    return message


def send_email(delivery: Delivery) -> str:
    if not delivery.recipient.email:
        raise PermanentError("the recipient has no e-mail address")
    message = list_email(delivery)
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPNotSupportedError) as exc:
        raise PermanentError(f"{type(exc).__name__}: {exc}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TransientError(f"{type(exc).__name__}: {exc}") from exc
    return f"sent to {delivery.recipient.email}"


# --- Standard Webhooks ----------------------------------------------------------------------------


def new_webhook_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


def webhook_signature(secret: str, message_id: str, timestamp: str, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``; a ``whsec_`` secret is base64 key bytes."""
    key = base64.b64decode(secret.removeprefix("whsec_")) if secret.startswith("whsec_") else secret.encode()
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def webhook_body(delivery: Delivery) -> bytes:
    settlement_list = delivery.settlement_list
    published = settlement_list.published_at.isoformat()
    return canonical_json(
        {
            "type": "settlement_list.published",
            "timestamp": published,
            "data": {
                "version": settlement_list.version,
                "year": settlement_list.year,
                "published_at": published,
                "checksum": settlement_list.checksum,
                "items": settlement_list.items_count,
                "url": f"/api/v1/settlement-lists/{settlement_list.version}/",
            },
        }
    ).encode("utf-8")


def send_webhook(delivery: Delivery) -> str:
    recipient = delivery.recipient
    if not recipient.webhook_url:
        raise PermanentError("the recipient has no webhook URL")
    if recipient.webhook_disabled_at:
        raise PermanentError("the webhook endpoint is disabled (it answered 410 Gone)")
    body = webhook_body(delivery)
    # The same id on every attempt, so a receiver can drop a repeat it has already handled.
    message_id = f"msg_{delivery.idempotency_key[:32]}_{delivery.pk}"
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": webhook_signature(recipient.webhook_secret, message_id, timestamp, body),
    }
    status, text = http_send("POST", recipient.webhook_url, body, headers, settings.LABOUR_EXCHANGE_TIMEOUT)
    if status == 410:
        raise EndpointGone(f"HTTP 410: {text}"[:RESPONSE_KEEP])
    return _require_success(status, text)


SENDERS = {
    Delivery.Channel.LABOUR_EXCHANGE: send_to_labour_exchange,
    Delivery.Channel.EMAIL: send_email,
    Delivery.Channel.WEBHOOK: send_webhook,
}


def send(delivery: Delivery) -> str:
    return SENDERS[delivery.channel](delivery)
