"""Every page of the admin fits an office screen of 1366×768 (issue 13): each changelist, its first
object's page and each add form, as staff, the head and an analyst, in Kazakh and in Russian —
nothing wider than its box (no column hidden behind a horizontal scroll, no form wider than the
window)."""

import pytest

from tests import role_matrix_objects as objects
from tests.browser.conftest import log_in, save_screenshot
from tests.browser.test_journey_quota_admission import switch_language

pytestmark = pytest.mark.browser

WIDTH = 1366
MEASURE = """() => {
  const page = document.documentElement;
  const results = document.querySelector('#changelist .results');
  return {page: page.scrollWidth, results: results ? results.scrollWidth - results.clientWidth : 0};
}"""
LINKS = "els => els.map(e => e.getAttribute('href'))"


def _admin_links(page, selector) -> list[str]:
    found = page.eval_on_selector_all(selector, LINKS)
    return sorted({link for link in found if link and link.startswith("/admin/") and link.count("/") >= 4})


@pytest.fixture
def every_kind_of_object(staff_user, head_user, analyst_user):
    from monitoring.catalogue import catalogue_sync
    from monitoring.models import Indicator

    catalogue_sync(Indicator)  # a live-server test's flush drops what the migrations loaded
    for make in (
        objects.make_quota,
        objects.make_admission,
        objects.published_version,
        objects.make_recipient,
        objects.make_indicator_value,
        objects.make_outflow_alert,
        objects.make_forecast,
        objects.make_proposal,
        objects.natural_increase_pk,
        objects.make_registration_record,
        objects.make_import_batch,
    ):
        make()


# Each role sees its own columns and pages: the walk is made as each, and must see at least so many.
ROLES = {"staff": 40, "head": 40, "analyst": 15}


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("role", list(ROLES))
def test_every_changelist_and_form_fits_1366_by_768(page, every_kind_of_object, role, language):
    page.set_viewport_size({"width": WIDTH, "height": 768})
    log_in(page, role, "test-password-123")
    page.wait_for_url("**/admin/")
    if page.get_attribute("html", "lang") != language:
        switch_language(page, language)
    lists = _admin_links(page, "#content-main a, .app-list a")
    pages = list(lists)
    for link in lists:
        if "/add/" not in link and "?" not in link:
            page.goto(link)
            pages += _admin_links(page, "#result_list tbody tr:first-child a")[:1]
    too_wide = []
    for link in pages:
        page.goto(link)
        measured = page.evaluate(MEASURE)
        if measured["page"] > WIDTH or measured["results"] > 0:
            too_wide.append((link, measured))
            save_screenshot(page, f"too-wide-{role}-{language}-{link.strip('/').replace('/', '-')}")
    assert len(pages) > ROLES[role]  # a broken walk must not pass quietly
    assert too_wide == [], too_wide
