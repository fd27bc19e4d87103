"""Casework pages in a real browser. Changing the head of household: a refused change keeps what was chosen and saves
nothing; a good one makes the new head "Self", after which the former head can leave the stay alone. SSVF service
details and V1 veteran's information."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from hearth.core.testing import make_project
from hearth.enrollments import services
from hearth.enrollments.models import Enrollment, Exit, Service
from hearth.enrollments.tests.test_services import Member, add_funder, adult_start_answers, make_client, make_enrollment

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


def test_ssvf_service_details_and_veteran_information(page, personas):
    """An SSVF rapid re-housing stay: V2's sub-type appears only for the types that have one; V3 keeps what was typed
    when the amount is missing; V1 for the veteran is saved; the pages pass axe-core."""
    project = make_project(personas.agency_a, "Harbor SSVF Rapid Rehousing", project_type=13)
    add_funder(project, 33)
    veteran = make_client(personas.agency_a, "Tom", "Hale", date(1980, 2, 2), veteran_status=1)
    stay = make_enrollment(veteran, project, date.today() - timedelta(days=20))

    log_in(page, "alice")
    page.goto(f"/enrollments/{stay.pk}/")
    page.click("#veteran-link")
    page.wait_for_selector("#save-veteran")
    assert_accessible(page)
    page.fill("#id_m0-client__year_entered_service", "2004")
    page.fill("#id_m0-client__year_separated", "2010")
    for name in ("world_war_ii", "korean_war", "vietnam_war", "desert_storm", "afghanistan_oef", "iraq_ond"):
        page.select_option(f"#id_m0-client__{name}", "0")
    page.select_option("#id_m0-client__iraq_oif", "1")
    page.select_option("#id_m0-client__other_theater", "0")
    page.select_option("#id_m0-client__military_branch", "1")
    page.select_option("#id_m0-client__discharge_status", "1")
    page.click("#save-veteran")
    page.wait_for_url(re.compile(rf"/enrollments/{stay.pk}/$"))
    veteran.refresh_from_db()
    assert (veteran.year_entered_service, veteran.iraq_oif, veteran.military_branch) == (2004, 1, 1)

    page.goto(f"/enrollments/{stay.pk}/services/add/?kind=144")
    assert_accessible(page)
    assert not page.locator("#id_sub_type_provided").is_visible()
    page.select_option("#id_type_provided", "3")  # assistance obtaining VA benefits: which one (V2.A)
    assert page.locator("#id_sub_type_provided").is_visible()
    page.select_option("#id_type_provided", "2")
    assert not page.locator("#id_sub_type_provided").is_visible()

    page.goto(f"/enrollments/{stay.pk}/services/add/?kind=152")
    page.select_option("#id_type_provided", "1")
    page.fill("#id_fa_start_date", date.today().isoformat())
    page.click("#save-service")
    page.wait_for_selector("#id_fa_amount_error")
    assert page.locator("#id_fa_start_date").input_value() == date.today().isoformat()
    assert not Service.objects.exists()
    assert_accessible(page)
    page.fill("#id_fa_amount", "875.25")
    page.click("#save-service")
    page.wait_for_url(re.compile(rf"/enrollments/{stay.pk}/$"))
    assert Service.objects.get().fa_amount == Decimal("875.25")
    assert "$875.25" in page.inner_text("main")
