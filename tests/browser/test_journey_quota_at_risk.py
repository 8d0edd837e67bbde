"""The head sees a quota turn "at risk" on the start page and opens the proposal the daily job
drafted for it (issue 15), in Kazakh and then in Russian. The clock is frozen on 1 July 2026 for the
whole process (the live server's thread included): the fill is what the figures say on that day."""

import datetime

import pytest
import time_machine

from proposals.suggestions import proposals_suggest
from quotas.fill_alerts import quota_fill_check
from tests.browser.conftest import log_in, save_screenshot
from tests.browser.test_journey_quota_admission import switch_language
from tests.role_matrix_objects import make_settlement

pytestmark = pytest.mark.browser

TODAY = datetime.date(2026, 7, 1)


def test_the_head_sees_a_quota_at_risk_and_opens_its_drafted_proposal(page, head_user):
    from kernel.territory.models import Region
    from quotas.tests.test_fill import _monthly, _quota

    with time_machine.travel("2026-07-01T12:00:00+05:00", tick=True):
        quota = _quota(Region.objects.get(kato="550000000"), limit=1800)
        _monthly(quota, make_settlement("550000000"), dict.fromkeys(range(1, 7), 200))
        quota_fill_check(today=TODAY)
        (draft,) = proposals_suggest(today=TODAY)

        page.set_viewport_size({"width": 1366, "height": 768})
        log_in(page, "head", "test-password-123")
        page.wait_for_url("**/admin/")
        attention = page.locator("#start-quotas .portal-attention li.fill-at_risk")
        assert attention.count() == 1
        assert "мерзімінен бұрын таусылады" in attention.inner_text()
        # Its region's bar is red for "at risk", with the plan's pace ticked on it and both named beneath.
        assert page.locator("#start-quotas svg g.row.fill-at_risk line.pace").count() == 1
        legend = page.locator("#start-quotas svg text.legend").all_text_contents()
        assert any("мерзімінен бұрын таусылады" in text for text in legend)
        save_screenshot(page, "start-quota-at-risk-kk")

        switch_language(page, "ru")
        attention = page.locator("#start-quotas .portal-attention li.fill-at_risk")
        assert "закончится раньше срока" in attention.inner_text()
        attention.locator("a.portal-proposal").click()
        page.wait_for_load_state()
        assert f"/admin/proposals/proposal/{draft.pk}/change/" in page.url
        assert page.input_value("#id_amount") == "620"  # a draft: staff may still edit it
        assert "2\u00a0420" in page.input_value("#id_justification")
        save_screenshot(page, "drafted-proposal-ru")
    assert page.problems.messages == []
