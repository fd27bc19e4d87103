"""axe-core finds no serious or critical accessibility violations on the pages every user sees."""

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_login_page_is_accessible(page, personas):
    page.goto("/accounts/login/")
    assert_accessible(page)


def test_the_home_page_and_directory_are_accessible(page, personas):
    log_in(page, "dana")
    for url in ("/", "/directory/organizations/", "/directory/projects/"):
        page.goto(url)
        assert_accessible(page)
