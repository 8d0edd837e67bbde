"""Browser fixtures: Playwright driving Debian's Chromium package, headless, against pytest-django's
live server (a thread of this process, on its own database connections: hence transactional_db).

Chromium comes from Debian (`make browser-deps` installs it); Playwright's own browser downloads
are never used. A missing Chromium fails the browser tests, it never skips them. Each failed
journey leaves a screenshot in test-artifacts/. With ``JOURNEY_SCREENSHOTS=<folder>`` set, the
journeys also keep a screenshot of each page they name (``save_screenshot``), to look at the pages
as their users see them.
"""

import os
import re
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_PACKAGES = "chromium fonts-dejavu-core"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 15_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so the page fixture knows whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM}: run `make browser-deps` as root "
            f"(apt-get install {CHROMIUM_PACKAGES})",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread, which Django's async-safety check
    # takes for async code; the test's own database calls here are plain synchronous ones.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
            # Database connections opened while Playwright's loop ran belong to that context: close
            # them here, or they outlive the test and keep the test database from being dropped.
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageProblems:
    """What a page complained about: CSP violations and uncaught script errors."""

    def __init__(self, page):
        self.messages: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(f"script error: {error}"))

    def _console(self, message):
        if message.type == "error" and ("Content Security Policy" in message.text or "Refused to" in message.text):
            self.messages.append(f"CSP: {message.text}")


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser context whose user prefers Kazakh, on the live server."""
    context = browser.new_context(base_url=live_server.url, locale="kk-KZ", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.problems = PageProblems(page)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


def save_screenshot(page, name: str) -> None:
    """Keep a full-page screenshot as ``<name>.png`` in ``$JOURNEY_SCREENSHOTS`` (nothing when unset)."""
    folder = os.environ.get("JOURNEY_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def log_in(page, username, password):
    """Log in through the admin's login form, as a person would."""
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
