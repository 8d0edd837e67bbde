"""The head approves and publishes a settlement list in the admin and sees its deliveries go out:
the Labour Exchange (written to a file, no exchange being configured) and an akimat's e-mail turn
"sent" on the start page and in the list of deliveries."""

import json

import pytest
from django.core import mail

from settlements.models import Delivery, Recipient, SettlementList
from settlements.selectors import forget_current_list
from settlements.services.lists import recipient_save, settlement_list_create
from tests.browser.conftest import log_in, save_screenshot
from tests.role_matrix_objects import make_settlement

pytestmark = pytest.mark.browser


@pytest.fixture
def draft(settings, tmp_path, staff_user):
    settings.LABOUR_EXCHANGE_URL = None
    settings.LABOUR_EXCHANGE_OUTBOX_DIR = tmp_path / "labour-exchange"
    settings.SETTLEMENTS_PAGES_DIR = tmp_path / "pages"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    forget_current_list()
    make_settlement()
    recipient_save(
        recipient=Recipient(
            code="akimat-zhana",
            kind="rural_akimat",
            name="Жаңаауыл ауылдық округінің әкімдігі",
            email="akimat@example.kz",
            language="kk",
        ),
        by=staff_user,
    )
    yield settlement_list_create(year=2026, by=staff_user)
    forget_current_list()


def run_action(page, settlement_list, action):
    page.goto("/admin/settlements/settlementlist/")
    page.check(f"input[name=_selected_action][value='{settlement_list.pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_selector("ul.messagelist li.success")


def test_the_head_approves_and_publishes_and_the_deliveries_go_out(page, head_user, draft, settings):
    log_in(page, "head", "test-password-123")
    page.wait_for_url("**/admin/")
    assert "1-нұсқа дайындалуда" in page.inner_text("#start-settlement-list")

    run_action(page, draft, "approve")
    save_screenshot(page, "list-approved-kk")
    run_action(page, draft, "publish")
    draft.refresh_from_db()
    assert draft.status == SettlementList.Status.PUBLISHED

    # The start page shows the version out and its deliveries sent.
    page.goto("/admin/")
    part = page.inner_text("#start-settlement-list")
    save_screenshot(page, "start-after-publishing-kk")
    assert "Қолданыстағысы: 2026 жылға арналған 1-нұсқа" in part
    assert "Жіберілді: 2" in part and "Сәтсіз: 0" in part

    # The list of the version's deliveries: every row "sent".
    page.click("#start-settlement-list a:has-text('Нұсқаның барлық жөнелтімдері')")
    page.wait_for_selector("#result_list")
    save_screenshot(page, "deliveries-kk")
    statuses = page.locator("#result_list tbody td.field-status").all_inner_texts()
    assert statuses == ["жіберілді", "жіберілді"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}

    # What went out: the version's JSON for the exchange, and the akimat's e-mail in Kazakh.
    sent = json.loads(next((settings.LABOUR_EXCHANGE_OUTBOX_DIR).rglob("*.json")).read_text(encoding="utf-8"))
    assert sent["version"] == 1
    assert [message.to for message in mail.outbox] == [["akimat@example.kz"]]
    assert page.problems.messages == []
