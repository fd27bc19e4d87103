"""Changing the head of household in a real browser: a refused change keeps what was chosen and saves nothing; a good
one makes the new head "Self", after which the former head can leave the stay alone."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from hearth.enrollments import services
from hearth.enrollments.models import Enrollment, Exit
from hearth.enrollments.tests.test_services import Member, adult_start_answers, make_client

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_change_the_head_of_household_then_the_former_head_exits(page, personas):
    agency = personas.agency_a
    mother = make_client(agency, "Maria", "Reyes", date(1988, 5, 1))
    father = make_client(agency, "Jose", "Reyes", date(1986, 2, 1))
    child = make_client(agency, "Lucia", "Reyes", date(2016, 9, 9))
    entry = date.today() - timedelta(days=30)
    stays = services.household_enroll(
        project=personas.project_a,
        members=[
            Member(mother, 1, adult_start_answers()),
            Member(father, 3, adult_start_answers()),
            Member(child, 2, {"enrollment__disabling_condition": 0}),
        ],
        entry_date=entry,
        acting_user=personas.alice,
    )
    maria, jose, lucia = stays

    log_in(page, "alice")
    page.goto(f"/enrollments/{maria.pk}/")
    page.click("#change-head-link")
    page.wait_for_selector("#head-form")
    assert_accessible(page)

    # Jose made head while Maria is still "Self": refused, with the choice kept and the error next to Maria's answer.
    page.select_option(f"#id_{jose.pk}", "1")
    page.click("#save-head")
    page.wait_for_selector(".usa-error-message")
    assert "3.15" in page.inner_text("main")
    assert page.locator(f"#id_{jose.pk}").input_value() == "1"
    assert page.locator(f"#id_{maria.pk}_error").count() == 1
    assert Enrollment.objects.get(pk=jose.pk).relationship_to_hoh == 3
    assert_accessible(page)

    page.select_option(f"#id_{maria.pk}", "3")
    page.click("#save-head")
    page.wait_for_url(re.compile(rf"/enrollments/{maria.pk}/$"))
    relationships = dict(Enrollment.objects.values_list("pk", "relationship_to_hoh"))
    assert relationships == {maria.pk: 3, jose.pk: 1, lucia.pk: 2}
    assert page.locator("#household-table tbody tr").first.inner_text().startswith("Jose Reyes")

    # Maria, no longer the head, may now leave while Jose and Lucia stay.
    page.click("#exit-link")
    page.wait_for_selector("#save-stage")
    page.click(f"label[for='member-{jose.pk}']")  # USWDS checkboxes: the label is what is clicked
    page.click(f"label[for='member-{lucia.pk}']")
    assert page.locator("input[name=member]:checked").count() == 1
    page.select_option(f"select[name='m{maria.pk}-exit__destination']", "410")
    page.click("#save-stage")
    page.wait_for_url(re.compile(rf"/enrollments/{maria.pk}/$"))
    assert list(Exit.objects.values_list("enrollment_id", flat=True)) == [maria.pk]
