"""Search-first intake in a real browser: search as you type, no match, create (likely duplicates first), the profile;
once in Spanish. axe-core on the search, create and profile pages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from hearth.clients import services
from hearth.clients.models import Client

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def existing(personas):
    """A client already in the HMIS at alice's agency."""
    return services.client_create(
        acting_user=personas.alice,
        owner_org=personas.agency_a,
        first_name="Maria",
        last_name="Hernandez",
        name_data_quality=1,
        ssn="234561111",
        ssn_data_quality=1,
        dob=date(1990, 4, 3),
        dob_data_quality=1,
        hispanic_latinao=1,
        sex=0,
        veteran_status=0,
    )


def search(page, query):
    """Type into the search box and wait for the results to arrive (htmx, as you type)."""
    with page.expect_response(lambda r: "/clients/?q=" in r.url and r.request.headers.get("hx-request") == "true"):
        page.fill("#id_q", query)
    # The response is in; wait for htmx to put it on the page.
    page.locator("#search-results .hearth-results").and_(page.locator(f"[data-query='{query}']")).wait_for()


def fill_new_client(page, *, first, last, dob):
    page.fill("#id_first_name", first)
    page.fill("#id_last_name", last)
    page.select_option("#id_name_data_quality", "1")
    page.select_option("#id_ssn_data_quality", "99")
    page.fill("#id_dob", dob)
    page.select_option("#id_dob_data_quality", "1")
    page.click("label[for=id_race_3]")  # Hispanic/Latina/e/o
    page.select_option("#id_sex", "0")
    page.select_option("#id_veteran_status", "0")


def save_and_land_on_the_profile(page):
    page.click("#save-client")
    if page.locator("#duplicates").count():
        page.click("#confirm-new")
    page.wait_for_url(re.compile(r"/clients/\d+/$"))


def test_search_no_match_create_with_duplicates_shown_then_the_profile(page, personas, existing):
    log_in(page, "alice")
    page.goto("/clients/")
    assert_accessible(page)

    search(page, "Zebulon Quartermaine")
    assert page.locator("#no-match").is_visible()

    search(page, "Maria Hernandes")  # a typo still finds her
    link = page.locator("#results-table a.hearth-result")
    assert link.count() == 1 and link.get_attribute("href") == f"/clients/{existing.pk}/"
    assert "***-**-1111" in page.locator("#results-table").inner_text()
    assert_accessible(page)

    # Without JavaScript the page works by submitting; with it, the URL follows the search (back button).
    assert "q=Maria" in page.url

    search(page, "Mariah Hernandez 4/3/1990")
    page.click("#create-client")
    page.wait_for_url("**/clients/new/**")
    assert page.input_value("#id_first_name") == "Mariah"
    assert page.input_value("#id_dob") == "1990-04-03"
    assert_accessible(page)

    # A mistake first: the error is next to its field and nothing typed is lost.
    fill_new_client(page, first="Mariah", last="Hernandez", dob="1990-04-03")
    page.select_option("#id_dob_data_quality", "99")
    page.click("#save-client")
    assert page.locator("#id_dob_data_quality_error").is_visible()
    assert page.input_value("#id_first_name") == "Mariah"
    assert page.locator("#id_race_3").is_checked()
    assert_accessible(page)

    page.select_option("#id_dob_data_quality", "1")
    page.click("#save-client")
    try:
        from hearth.dedup.matching import likely_matches  # noqa: F401
    except ImportError:
        pass
    else:
        # Likely duplicates come first, with a link to the existing record.
        assert page.locator("#duplicates").is_visible()
        assert page.locator(f"#duplicates a[href='/clients/{existing.pk}/']").count() == 1
        assert_accessible(page)
        page.click("#confirm-new")
    page.wait_for_url(re.compile(r"/clients/\d+/$"))
    created = Client.objects.exclude(pk=existing.pk).get()
    assert page.url.endswith(f"/clients/{created.pk}/")
    assert page.locator("#client-name").inner_text() == "Mariah Hernandez"
    assert page.locator("#project-stays").count() == 1
    assert_accessible(page)


def test_the_same_flow_in_spanish(page, personas, existing):
    log_in(page, "alice")
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"

    page.goto("/clients/")
    assert page.locator("html").get_attribute("lang") == "es"
    search(page, "Zebulon Quartermaine")
    assert page.locator("#no-match").is_visible()
    search(page, "Hernandez")
    assert page.locator(f"#results-table a[href='/clients/{existing.pk}/']").count() == 1

    search(page, "Ana Ruiz")
    page.click("#create-client")
    page.wait_for_url("**/clients/new/**")
    fill_new_client(page, first="Ana", last="Ruiz", dob="1985-06-30")
    save_and_land_on_the_profile(page)
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("#client-name").inner_text() == "Ana Ruiz"
    assert Client.objects.filter(first_name="Ana", last_name="Ruiz").exists()
    assert_accessible(page)


def test_search_and_open_a_profile_by_keyboard(page, personas, existing):
    log_in(page, "alice")
    page.goto("/clients/")
    page.focus("#id_q")
    page.keyboard.type("4/3/1990")
    page.keyboard.press("Enter")  # submits the form: works without JavaScript too
    page.wait_for_url("**/clients/?q=4%2F3%2F1990")
    page.locator("#results-table a.hearth-result").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/clients/{existing.pk}/")
    assert page.locator("#client-name").inner_text() == "Maria Hernandez"
