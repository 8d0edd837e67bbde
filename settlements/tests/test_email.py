"""E-mail to each recipient, in the recipient's language, with the list as XLSX and CSV."""

import csv
import io

from django.core import mail
from openpyxl import load_workbook

from settlements import services
from settlements.models import Delivery, Recipient


def _akimat(code: str, language: str) -> Recipient:
    return services.recipient_save(
        recipient=Recipient(
            code=code, kind=Recipient.Kind.RURAL_AKIMAT, name=code, language=language, email=f"{code}@example.kz"
        ),
        by=None,
    )


def test_each_recipient_gets_the_list_in_its_language(settlements, publisher, django_capture_on_commit_callbacks):
    _akimat("akimat-kk", "kk")
    _akimat("akimat-ru", "ru")
    with django_capture_on_commit_callbacks(execute=True):
        published = publisher()

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"mc@example.kz", "akimat-kk@example.kz", "akimat-ru@example.kz"}
    kazakh, russian = by_address["akimat-kk@example.kz"], by_address["akimat-ru@example.kz"]
    assert "Қоныс аудару" in kazakh.subject or "тізім" in kazakh.subject.lower()
    assert "Перечень" in russian.subject or "список" in russian.subject.lower()

    names = [name for name, _content, _mime in russian.attachments]
    assert names == ["settlement-list-v1-2026-ru.xlsx", "settlement-list-v1-2026-ru.csv"]
    _xlsx_name, xlsx, _ = russian.attachments[0]
    sheet = load_workbook(io.BytesIO(xlsx)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Код КАТО"
    assert sheet.max_row == published.items_count + 1

    _csv_name, csv_text, _ = kazakh.attachments[1]
    # Django keeps a text/* attachment as text; it starts with a BOM for spreadsheet programs.
    assert csv_text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(csv_text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][0] == "ҚАТО коды"
    assert len(rows) == published.items_count + 1
    assert Delivery.objects.filter(channel=Delivery.Channel.EMAIL, status=Delivery.Status.SENT).count() == 3


def test_a_recipient_without_an_address_gets_no_email_row(settlements, publisher):
    services.recipient_save(
        recipient=Recipient(code="no-mail", kind=Recipient.Kind.RURAL_AKIMAT, name="No mail"), by=None
    )
    publisher()
    assert not Delivery.objects.filter(recipient__code="no-mail").exists()


def test_an_inactive_recipient_is_not_notified(settlements, publisher):
    akimat = _akimat("akimat-off", "kk")
    akimat.is_active = False
    services.recipient_save(recipient=akimat, by=None)
    publisher()
    assert not Delivery.objects.filter(recipient=akimat).exists()
