"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against Django's live server."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between steps are still
# ordinary synchronous calls, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("HEARTH_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium package (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


AXE_JS = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")


def log_in(page, username, password=None):
    """Log ``username`` in through the login form (the personas' password by default), passing the second step
    (authenticator code) for users who have one, with the known test secret from ``hearth.core.testing``."""
    from urllib.parse import urlsplit

    from hearth.core.testing import PASSWORD, persona_totp_code

    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda url: urlsplit(url).path != "/accounts/login/")
    if urlsplit(page.url).path == "/accounts/login/verify/":
        page.fill("#id_code", persona_totp_code(username))
        page.press("#id_code", "Enter")
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core (from npm) on the current page; return the violations of the given impacts."""
    if not os.path.exists(AXE_JS):
        pytest.skip("axe-core is not installed: run `make install` (npm)")
    # Evaluated through the DevTools protocol: the page's Content-Security-Policy refuses injected inline scripts.
    with open(AXE_JS, encoding="utf-8") as handle:
        page.evaluate(handle.read())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in impacts]


def assert_accessible(page):
    """Fail with axe-core's findings when the page has serious or critical accessibility violations."""
    found = axe_violations(page)
    lines = [
        f"{v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in found
    ]
    assert not found, "\n".join(lines)
