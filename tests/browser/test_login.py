"""Logging in and out, the language switch, and the keyboard alone, in a real browser."""

import pytest

from hearth.core.testing import PASSWORD, persona_totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_by_keyboard(page, username):
    page.goto("/")
    assert "/accounts/login/" in page.url
    page.keyboard.type(username)  # the username field has focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/?" not in url and not url.endswith("/accounts/login/"))
    if "/accounts/login/verify/" in page.url:  # administrators: the authenticator code (focused on arrival)
        page.keyboard.type(persona_totp_code(username))
        page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_a_caseworker_logs_in_and_out_with_the_keyboard_alone(page, personas):
    log_in_by_keyboard(page, "alice")
    assert page.locator("h1").inner_text() == "Welcome, Alice"
    assert "Agency A: Caseworker" in page.locator("main").inner_text()
    # The skip link is the first stop of the Tab key, and it takes focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.get_by_role("button", name="Log out").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")


def test_a_wrong_password_says_so_and_keeps_the_username(page, personas):
    page.goto("/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "not-the-password")
    page.press("#id_password", "Enter")
    assert "not right" in page.locator("[role=alert]").inner_text()
    assert page.input_value("#id_username") == "alice"


def test_switching_to_spanish_is_kept_for_the_user(page, personas):
    log_in_by_keyboard(page, "bob")
    page.get_by_role("button", name="Español").click()
    assert page.locator("h1").inner_text() == "Le damos la bienvenida, Bob"
    personas.bob.refresh_from_db()
    assert personas.bob.language == "es"
    page.get_by_role("button", name="Cerrar sesión").click()
    page.fill("#id_username", "bob")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.locator("h1").inner_text() == "Le damos la bienvenida, Bob"


def test_the_lead_administrator_sees_the_administration_link(page, personas):
    log_in_by_keyboard(page, "dana")
    assert page.get_by_role("link", name="Administration").is_visible()
    page.goto("/admin/")
    assert "Site administration" in page.content() or "Administración" in page.content()
