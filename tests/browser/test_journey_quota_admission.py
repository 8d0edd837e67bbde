"""A staff member logs in (Kazakh), switches to Russian and back, creates a quota in the admin,
admits a family of two against it, and sees the utilisation move on the quota list and on the
start page."""

import pytest

from kernel.territory.models import Region
from kernel.validators import iin_control_digit
from quotas.models import Quota
from tests.browser.conftest import log_in, save_screenshot
from tests.role_matrix_objects import make_settlement

pytestmark = pytest.mark.browser

PAVLODAR = "550000000"


def valid_iin(first_eleven: str) -> str:
    return first_eleven + str(iin_control_digit(first_eleven))


def switch_language(page, language):
    page.click(f"form.portal-language button[value={language}]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == language


def quota_row(page):
    return page.locator("#result_list tbody tr").first.inner_text()


def test_staff_create_a_quota_admit_a_family_and_see_utilisation_move(page, staff_user):
    region = Region.objects.get(kato=PAVLODAR)
    settlement = make_settlement(PAVLODAR)

    log_in(page, "staff", "test-password-123")
    page.wait_for_url("**/admin/")
    assert page.get_attribute("html", "lang") == "kk"
    assert "Квоталардың пайдаланылуы" in page.inner_text("#start-quotas")
    switch_language(page, "ru")
    assert "Использование квот" in page.inner_text("#start-quotas")

    # A quota of 50 persons, 20 families, in Russian.
    page.goto("/admin/quotas/quota/add/")
    page.select_option("#id_kind", "kandas")
    page.select_option("#id_region", str(region.pk))
    page.fill("#id_period_start", "2026")
    page.fill("#id_period_end", "2026")
    page.fill("#id_limit_persons", "50")
    page.fill("#id_limit_families", "20")
    page.fill("#id_document", "Приказ № 12 от 05.01.2026")
    save_screenshot(page, "quota-add-ru")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/quotas/quota/")
    assert "0 / 50" in quota_row(page)
    quota = Quota.objects.get(region=region, kind="kandas")

    # Back to Kazakh, and a family of two admitted against the quota.
    switch_language(page, "kk")
    page.goto(f"/admin/quotas/quota/{quota.pk}/change/")
    page.click(f"a[href$='admission/add/?quota={quota.pk}']")
    page.wait_for_selector("#id_head_iin")
    page.select_option("#id_settlement", str(settlement.pk))
    page.fill("#id_admitted_on", "02.03.2026")  # as a Kazakh user writes dates
    page.fill("#id_head_iin", valid_iin("86091235078"))
    page.fill("#id_head_surname", "Сейітов")
    page.fill("#id_head_name", "Нұрлан")
    page.fill("#id_head_birth_date", "12.09.1986")
    page.fill("#id_members-0-iin", valid_iin("12051560012"))
    page.fill("#id_members-0-surname", "Сейітова")
    page.fill("#id_members-0-name", "Аружан")
    page.fill("#id_members-0-birth_date", "15.05.2012")
    page.select_option("#id_members-0-relation", "child")
    save_screenshot(page, "admit-kk")
    page.click("input[type=submit].default")
    page.wait_for_selector("ul.messagelist li.success")
    assert page.get_attribute("html", "lang") == "kk"

    # Utilisation moved: on the quota list and on the start page.
    page.goto("/admin/quotas/quota/")
    row = quota_row(page)
    assert "2 / 50" in row and "4" in row
    save_screenshot(page, "quota-list-kk")
    page.goto("/admin/")
    chart = page.inner_text("#start-quotas")
    assert "Павлодар облысы" in chart
    assert "2 / 50" in chart
    quota.refresh_from_db()
    assert (quota.used_persons, quota.used_families) == (2, 1)
    assert page.problems.messages == []
