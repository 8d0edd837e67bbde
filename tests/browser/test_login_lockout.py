"""A wrong password five times locks the account out, and the login page says so."""

import pytest
from django.conf import settings
from django.utils import translation

from kernel.audit.models import AuditEntry
from kernel.security.forms import LOCKED_OUT_MESSAGE
from kernel.security.lockout import lockout_minutes
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_five_wrong_passwords_lock_the_account_out(page, staff_user):
    with translation.override("kk"):
        locked = str(LOCKED_OUT_MESSAGE % {"minutes": lockout_minutes()})
    for attempt in range(1, settings.LOGIN_FAILURE_LIMIT + 1):
        log_in(page, "staff", f"wrong-password-{attempt}")
        error = page.inner_text(".errornote")
        if attempt < settings.LOGIN_FAILURE_LIMIT:
            assert locked not in error, f"locked after only {attempt} attempts"
    assert locked in error

    # The right password no longer gets in until the cool-off has passed.
    log_in(page, "staff", "test-password-123")
    assert locked in page.inner_text(".errornote")
    assert "/admin/login/" in page.url
    assert AuditEntry.objects.filter(action="denied", note__contains="locked out").count() == 1
    assert page.problems.messages == []
