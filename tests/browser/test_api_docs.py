"""The API docs render in the browser with every request staying on the portal's own server
(the department's network has no internet: no CDN, no swagger.io validator), and read in Kazakh,
Russian or English: the mobility centres' developers read Kazakh and Russian."""

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_api_docs_render_from_the_portal_alone(page, live_server, staff_user):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    log_in(page, "staff", "test-password-123")
    page.wait_for_url("**/admin/")

    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    # Kazakh, the portal's language, by default.
    assert "Астана көші-қон порталының API-і" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock")  # the operations are listed: the schema loaded
    assert "Квоталар тізімі" in page.inner_text(".swagger-ui")
    page.wait_for_load_state("networkidle")

    outside = [url for url in requests if not url.startswith((live_server.url + "/", "data:", "blob:"))]
    assert outside == [], f"requests leaving the live server: {outside}"
    assert any("/api/v1/schema/" in url for url in requests)
    assert page.problems.messages == []


@pytest.mark.parametrize(
    ("link", "title", "summary"),
    [
        ("Русский", "API миграционного портала Астаны", "Список квот"),
        ("English", "Astana migration portal API", "List quotas"),
    ],
    ids=["ru", "en"],
)
def test_the_api_docs_switch_language(page, live_server, staff_user, link, title, summary):
    log_in(page, "staff", "test-password-123")
    page.wait_for_url("**/admin/")
    page.goto("/api/v1/docs/")
    page.click(f".api-docs-languages a:text('{link}')")
    page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_selector(".opblock")
    assert title in page.inner_text(".swagger-ui .info .title")
    assert summary in page.inner_text(".swagger-ui")
    assert page.inner_text(".api-docs-languages [aria-current]") == link
    assert page.problems.messages == []
