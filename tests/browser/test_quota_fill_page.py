"""A quota's page shows how it fills (issue 15): the status, the figures, the method and the chart,
in Kazakh and in Russian, within a 1366×768 office screen."""

import datetime

import pytest

from kernel.territory.models import Region
from quotas.models import Admission, Quota
from tests.browser.conftest import log_in, save_screenshot
from tests.browser.test_journey_quota_admission import switch_language
from tests.role_matrix_objects import make_settlement

pytestmark = pytest.mark.browser


def test_the_quota_page_shows_its_fill_in_both_languages(page, staff_user):
    today = datetime.date.today()
    quota = Quota.objects.create(
        kind="resettler", region=Region.objects.get(kato="590000000"), period_start=today.year,
        period_end=today.year, limit_persons=2820,
    )  # fmt: skip
    settlement = make_settlement("590000000")
    for month in range(1, today.month + 1):
        Admission.objects.create(
            quota=quota, head_iin=f"8001010{month:05d}", head_surname="Әбенов", head_name="Ерлан",
            head_birth_date=datetime.date(1980, 1, 1), settlement=settlement,
            admitted_on=datetime.date(today.year, month, 1), persons=90,
        )  # fmt: skip
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "staff", "test-password-123")
    page.wait_for_url("**/admin/")
    for language, words in (("kk", "кезең күндеріне"), ("ru", "по дням периода")):
        if page.get_attribute("html", "lang") != language:
            switch_language(page, language)
        page.goto(f"/admin/quotas/quota/{quota.pk}/change/")
        field = page.locator(".field-fill_summary")
        assert field.locator("svg.portal-chart polyline.used").count() == 1
        assert words in field.inner_text()
        box = field.locator(".portal-chart-box").bounding_box()
        assert box["x"] + box["width"] <= 1366
        save_screenshot(page, f"quota-fill-{language}")
    assert page.problems.messages == []
