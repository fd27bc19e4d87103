"""In a real browser: the HMIS lead edits the privacy and security quiz; a Spanish-speaking user takes it in Spanish."""

import pytest

from hearth.accounts import services
from hearth.accounts.models import QuizQuestion, Role
from hearth.core.testing import make_user

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_adds_moves_and_retires_a_question_and_users_see_it_in_their_language(page, personas):
    services.quiz_seed_defaults()  # a transactional test starts from an empty database
    log_in(page, "dana")
    page.goto("/accounts/quiz/questions/")
    assert page.locator("#quiz-pass-mark").inner_text().startswith("With 10 questions asked")
    assert page.locator("#quiz-passes-kept").is_visible()
    assert not axe_violations(page)

    page.get_by_role("link", name="Add a question").click()
    page.wait_for_url("**/accounts/quiz/questions/add/")
    page.get_by_label("Question (English)").fill("Where do you keep your HMIS password?")
    page.get_by_label("Question (Spanish)").fill("¿Dónde guarda su contraseña del HMIS?")
    page.get_by_label("Answer 1 (English)").fill("In my head or a password manager")
    page.get_by_label("Answer 1 (Spanish)").fill("En la memoria o en un gestor de contraseñas")
    page.locator("label", has_text="Answer 1 is the right one").click()
    page.get_by_role("button", name="Save the question").click()
    # One answer only: the error is next to the second answer and what was typed is still there.
    assert page.locator("#id_answer_2_error").inner_text() == "A question needs at least two answers."
    assert page.get_by_label("Question (Spanish)").input_value() == "¿Dónde guarda su contraseña del HMIS?"
    assert page.get_by_label("Answer 1 is the right one").is_checked()
    assert not axe_violations(page)

    page.get_by_label("Answer 2 (English)").fill("On a note under the keyboard")
    page.get_by_role("button", name="Save the question").click()
    page.wait_for_url("**/accounts/quiz/questions/#question-*")
    assert page.get_by_text("Question saved. Passes already recorded stay valid.").is_visible()
    added = QuizQuestion.objects.get(text="Where do you keep your HMIS password?")
    assert added.choices_es == ["En la memoria o en un gestor de contraseñas", ""] and added.correct == 0

    page.get_by_role("button", name="Move question 11 up", exact=True).click()
    page.wait_for_url("**/accounts/quiz/questions/#question-*")
    assert [q.pk for q in services.quiz_questions()][-2] == added.pk
    retired = services.quiz_questions()[0]
    page.get_by_role("button", name="Retire question 1", exact=True).click()
    page.wait_for_url("**/accounts/quiz/questions/#question-*")
    assert page.locator(f"#question-{retired.pk}").get_by_text("Retired").is_visible()

    nina = make_user("nina", personas.agency_a, Role.CASEWORKER, cleared=False, language="es")
    page.context.clear_cookies()
    log_in(page, nina.username)
    page.goto("/accounts/quiz/")
    assert page.get_by_text("¿Dónde guarda su contraseña del HMIS?").is_visible()
    assert page.get_by_label("En la memoria o en un gestor de contraseñas").count() == 1
    assert page.get_by_label("On a note under the keyboard").count() == 1  # no Spanish: the English
    assert page.get_by_text(retired.text_es).count() == 0
    assert not axe_violations(page)
