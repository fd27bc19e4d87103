"""A household's stay in a real browser: enroll a family of three, record bed nights on the bulk page, do the annual
assessment, exit the household; once in English and once in Spanish. One form by keyboard alone; axe-core on the
main pages."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from hearth.core.testing import make_project
from hearth.directory.models import Funder
from hearth.enrollments.models import CaseNote, Enrollment, Exit, IncomeBenefits, Service
from hearth.enrollments.tests.test_services import make_client

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def answer_visible_questions(page, overrides: dict[str, str], dates: dict[str, str] | None = None) -> None:
    """Answer every visible, unanswered HUD question: the given answers by field name ending, else 'No' (0), else
    'Data not collected' (99). Answers may reveal more questions (branching), so go round until none is left."""
    for _round in range(5):
        empty = page.eval_on_selector_all(
            "form[data-branching] select[name^=m]",
            "els => els.filter(e => !e.closest('[hidden]') && !e.value).map(e => e.name)",
        )
        if not empty:
            break
        for name in empty:
            suffix = name.split("-", 1)[1]
            options = page.eval_on_selector_all(f"select[name='{name}'] option", "os => os.map(o => o.value)")
            value = next((v for k, v in overrides.items() if suffix.endswith(k)), None)
            value = value if value in options else ("0" if "0" in options else "99")
            page.select_option(f"select[name='{name}']", value)
    for suffix, value in (dates or {}).items():
        for name in page.eval_on_selector_all(
            f"form[data-branching] input[name$='{suffix}']",
            "els => els.filter(e => !e.closest('[hidden]')).map(e => e.name)",
        ):
            page.fill(f"input[name='{name}']", value)


@pytest.fixture
def shelter(personas):
    """A night-by-night shelter at alice's agency with CoC funding (so income and benefits are collected)."""
    project = make_project(personas.agency_a, "Harbor Night Shelter", project_type=1)
    Funder.objects.create(
        project=project, funder=5, grant_id="XX0001", start_date=date(2020, 1, 1), owner_org=project.organization
    )
    return project


@pytest.mark.parametrize("language", ["en", "es"])
def test_enroll_bed_nights_annual_assessment_exit(page, personas, shelter, language):
    agency = personas.agency_a
    mother = make_client(agency, "Maria", "Reyes", date(1988, 5, 1))
    father = make_client(agency, "Jose", "Reyes", date(1986, 2, 1))
    child = make_client(agency, "Lucia", "Reyes", date(2016, 9, 9))
    today = date.today()
    entry = today - timedelta(days=365)  # so the annual assessment is due today

    log_in(page, "alice")
    if language == "es":
        with page.expect_navigation():
            page.click("button[name=language][value=es]")
        assert page.get_attribute("html", "lang") == "es"

    # Step 1: the household and the project.
    page.goto(f"/enrollments/start/?client={mother.pk}&client={father.pk}&client={child.pk}")
    assert page.locator("#household-members li").count() == 3
    assert_accessible(page)
    page.select_option("#id_project", str(shelter.pk))
    page.fill("#id_entry_date", entry.isoformat())
    page.select_option(f"#id_rel_{mother.pk}", "1")
    page.select_option(f"#id_rel_{father.pk}", "3")
    page.select_option(f"#id_rel_{child.pk}", "2")
    page.click("#continue")

    # Step 2: each member's project-start data; the child is not asked 3.917.
    page.wait_for_selector("#save-stay")
    assert page.locator("select[name='m0-enrollment__living_situation']").count() == 1
    assert page.locator("select[name='m2-enrollment__living_situation']").count() == 0
    assert page.locator("select[name='m2-income__insurance_from_any_source']").count() == 1
    page.select_option("select[name='m0-enrollment__living_situation']", "435")  # reveals 3.917.A
    assert page.locator("select[name='m0-enrollment__rental_subsidy_type']").is_visible()
    page.select_option("select[name='m0-enrollment__living_situation']", "116")
    assert not page.locator("select[name='m0-enrollment__rental_subsidy_type']").is_visible()
    page.click("#save-stay")  # nothing answered yet: errors next to the fields, nothing saved
    page.wait_for_selector(".usa-error-message")
    assert "3.917" in page.inner_text("main")
    assert page.locator("select[name='m0-enrollment__living_situation']").input_value() == "116"  # input kept
    assert not Enrollment.objects.exists()
    assert_accessible(page)
    answer_visible_questions(
        page,
        {
            "living_situation": "116",
            "length_of_stay": "4",
            "times_homeless_past_three_years": "1",
            "months_homeless_past_three_years": "103",
        },
        dates={"date_to_street_essh": (entry - timedelta(days=60)).isoformat()},
    )
    page.click("#save-stay")
    page.wait_for_url(re.compile(r"/enrollments/\d+/$"))
    stays = Enrollment.objects.filter(project=shelter)
    assert stays.count() == 3 and len({s.household_id for s in stays}) == 1
    assert page.locator("#household-table tbody tr").count() == 3
    assert page.get_attribute("#annual-status", "data-state") == "due"
    assert_accessible(page)
    stay_url = page.url

    # Bed nights: the whole shelter in one request.
    page.goto(f"/enrollments/project/{shelter.pk}/bed-nights/")
    assert_accessible(page)
    page.click("#check-in-all")
    page.wait_for_selector(f"#stay-{stays.first().pk}:checked")
    assert Service.objects.alive().filter(record_type=200, date_provided=today).count() == 3
    # By keyboard alone: uncheck one person, save with Enter.
    page.focus(f"#stay-{stays.get(client=child).pk}")
    page.keyboard.press("Space")
    page.focus("#save-bed-nights")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Service.objects.alive().filter(record_type=200, date_provided=today).count() == 2

    # A case note by keyboard alone.
    page.goto(stay_url)
    page.focus("#id_text")
    page.keyboard.type("Family settled in; next appointment Monday.")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert CaseNote.objects.filter(text__startswith="Family settled").count() == 1

    # Annual assessment for everyone still in the stay.
    page.goto(stay_url)
    page.click("#annual-link")
    page.wait_for_selector("#save-stage")
    answer_visible_questions(page, {})
    page.click("#save-stage")
    page.wait_for_url(stay_url)
    assert IncomeBenefits.objects.filter(data_collection_stage=5, information_date=today).count() == 3
    assert page.get_attribute("#annual-status", "data-state") == "upcoming"

    # Exit the household: everyone by default, destination per member.
    page.click("#exit-link")
    page.wait_for_selector("#save-stage")
    assert page.locator("input[name=member]:checked").count() == 3
    assert_accessible(page)
    answer_visible_questions(page, {"destination": "410"})
    page.click("#save-stage")
    page.wait_for_url(stay_url)
    assert Exit.objects.filter(enrollment__project=shelter, exit_date=today, destination=410).count() == 3
    assert page.locator("#exit-link").count() == 0
    if language == "es":
        assert page.get_attribute("html", "lang") == "es"
