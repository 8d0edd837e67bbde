"""An analyst opens a page their role does not allow: the portal answers with its own page, in the
analyst's language, at a common office screen size (1366×768) — the header, the reason and the
way back in sight without scrolling."""

import pytest
from django.utils import translation

from tests.browser.conftest import TIMEOUT_MS, PageProblems, log_in, save_screenshot

pytestmark = pytest.mark.browser

SCREEN = {"width": 1366, "height": 768}
REFUSED = {
    "kk": ("/admin/quotas/admission/", "Сіздің рөліңіз бұл бетті ашуға рұқсат бермейді."),
    "ru": ("/admin/registration/importbatch/add/", "Ваша роль не даёт доступа к этой странице."),
}


@pytest.fixture
def screen_page(browser, live_server, request):
    language = request.param
    context = browser.new_context(
        base_url=live_server.url, locale={"kk": "kk-KZ", "ru": "ru-RU"}[language], viewport=SCREEN
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.problems = PageProblems(page)
    page.language = language
    yield page
    context.close()


def _in_sight(page, selector):
    """Visible and wholly inside the first screen, without scrolling."""
    locator = page.locator(selector)
    assert locator.is_visible(), f"{selector} is not visible"
    box = locator.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= SCREEN["height"], f"{selector} is below the fold: {box}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= SCREEN["width"], f"{selector} is off the side: {box}"
    return locator


@pytest.mark.parametrize("screen_page", ["kk", "ru"], indirect=True)
def test_a_refused_page_keeps_the_analyst_in_the_portal(screen_page, live_server, analyst_user):
    page, language = screen_page, screen_page.language
    address, reason = REFUSED[language]
    log_in(page, "analyst", "test-password-123")
    page.wait_for_url("**/admin/")

    response = page.goto(address, referer=f"{live_server.url}/admin/")
    assert response.status == 403
    assert page.get_attribute("html", "lang") == language
    with translation.override(language):
        header = translation.gettext("Astana migration portal")
    assert _in_sight(page, "#site-name").inner_text().strip() == header
    _in_sight(page, "#logout-form button")
    _in_sight(page, "form.portal-language")
    assert _in_sight(page, ".portal-error-reason").inner_text().strip() == reason
    assert address in _in_sight(page, ".portal-error-what").inner_text()
    back = _in_sight(page, "a.portal-back-link")
    _in_sight(page, "a.portal-start-link")
    save_screenshot(page, f"refused-page-{language}")

    back.click()
    page.wait_for_url("**/admin/")
    assert page.locator("#site-name").is_visible()
    assert page.problems.messages == []
