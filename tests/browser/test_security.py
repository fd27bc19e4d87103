"""In a real browser: the second step at log-in, and pages working under the Content-Security-Policy."""

import pytest

from hearth.core.testing import PASSWORD, make_client_record

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_csp(page):
    """Collect the browser's Content-Security-Policy complaints (blocked scripts, styles, images)."""
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    return problems


def test_an_administrator_passes_the_second_step_and_pages_respect_the_csp(page, personas):
    problems = watch_csp(page)
    page.goto("/accounts/login/")
    page.fill("#id_username", "dana")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/accounts/login/verify/")
    assert page.locator("h1").inner_text() == "Enter the code from your authenticator app"
    assert_accessible(page)
    page.goto("/")
    assert "/accounts/login/" in page.url  # not logged in until the code is given
    log_in(page, "dana")
    ana = make_client_record(personas.agency_a)
    for path in (
        "/",
        "/accounts/security/",
        "/accounts/staff/",
        "/accounts/access/",
        "/accounts/quiz/",
        "/privacy/policy/",
        f"/privacy/clients/{ana.pk}/consent/",
        f"/privacy/clients/{ana.pk}/access-log/",
        "/directory/organizations/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        # USWDS's script ran (it marks the page) and htmx loaded: no script was blocked.
        assert page.evaluate("typeof window.htmx") == "object", path
    assert problems == []


def test_the_consent_page_is_accessible_and_works_in_spanish(page, personas):
    ana = make_client_record(personas.agency_a)
    log_in(page, "alice")
    page.goto(f"/privacy/clients/{ana.pk}/consent/")
    assert_accessible(page)
    page.fill("#id_signed_on", "2026-11-01")
    page.check("input[name=scope][value=agencies]")
    page.select_option("#id_agencies", label="Agency B")
    page.fill("#id_typed_signature", "Ana Lopez")
    page.get_by_role("button", name="Record consent").click()
    assert "Consent recorded." in page.locator("main").inner_text()
    page.get_by_role("link", name="Print in Spanish").click()
    assert "Consentimiento para compartir" in page.locator("h1").inner_text()
