"""A staff member logs in (the admin speaks Kazakh by default) and switches Kazakh ↔ Russian with
the buttons in the header, seeing the admin in each language."""

import pytest
from django.utils import translation

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def _words(language: str) -> dict[str, str]:
    """The admin's own words in ``language``, from the catalogues the portal serves."""
    with translation.override(language):
        return {text: translation.gettext(text) for text in ("Welcome,", "Log out", "Change password")}


def _assert_admin_speaks(page, language):
    assert page.get_attribute("html", "lang") == language
    body = page.inner_text("body").casefold()  # the header shows its links in capitals
    for english, translated in _words(language).items():
        assert translated != english, f"{english!r} has no {language} translation"
        assert translated.casefold() in body, f"{translated!r} not on the page in {language}"


def test_a_staff_member_works_in_kazakh_and_russian(page, staff_user):
    log_in(page, "staff", "test-password-123")
    page.wait_for_url("**/admin/")
    _assert_admin_speaks(page, "kk")

    page.click("form.portal-language button[value=ru]")
    page.wait_for_load_state()
    _assert_admin_speaks(page, "ru")
    assert page.url.endswith("/admin/"), "switching language keeps the user on the same page"

    page.click("form.portal-language button[value=kk]")
    page.wait_for_load_state()
    _assert_admin_speaks(page, "kk")
    assert page.problems.messages == []
