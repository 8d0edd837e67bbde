"""The admin works under the portal's Content-Security-Policy: no page of it needs inline script,
and its scripts (filters, actions, date hierarchy, theme toggle) run without a CSP complaint."""

import pytest

from kernel.audit.services import audit_record
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_heads_admin_pages_run_without_csp_violations(page, head_user):
    audit_record(by=head_user, action="create", note="an entry for the audit trail's change list")
    log_in(page, "head", "test-password-123")
    page.wait_for_url("**/admin/")
    for url in (
        "/admin/territory/region/",
        "/admin/territory/region/?q=71",
        "/admin/audit/auditentry/",
        "/admin/accounts/apikey/",
        "/admin/password_change/",
    ):
        response = page.goto(url)
        assert response.status == 200, url
        assert "no-store" in response.headers["cache-control"], url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
    # A script of the admin really ran: the theme toggle switches the colour theme.
    before = page.evaluate("document.documentElement.dataset.theme || 'auto'")
    page.click("button.theme-toggle")
    assert page.evaluate("document.documentElement.dataset.theme") != before
    assert page.problems.messages == []
