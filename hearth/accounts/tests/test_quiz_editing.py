"""The HMIS lead edits the privacy and security quiz: questions and answers in English and Spanish, order, retiring."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hearth.accounts import services
from hearth.accounts.models import Clearance, QuizQuestion, Role
from hearth.core.audit import AuditEvent
from hearth.core.testing import make_user

LIST = "accounts:quiz_questions"


@pytest.fixture
def quiz(db):
    """The default quiz (the migrations seed it; the test database may have lost it to an earlier flush)."""
    services.quiz_seed_defaults()
    return services.quiz_questions_all()


def form_data(**overrides):
    data = {
        "text": "What do you do with a client's file when you close it?",
        "text_es": "¿Qué hace con el archivo de un cliente al cerrarlo?",
        "answer_1": "Leave it open",
        "answer_1_es": "Lo deja abierto",
        "answer_2": "Close it and lock the screen",
        "answer_2_es": "",
        "correct": "2",
    }
    for i in range(3, 7):
        data[f"answer_{i}"] = data[f"answer_{i}_es"] = ""
    data.update(overrides)
    return data


def test_it_checks_access(client, personas, quiz):
    q = quiz[0]
    pages = [reverse(LIST), reverse("accounts:quiz_question_add"), reverse("accounts:quiz_question_edit", args=[q.pk])]
    posts = [
        reverse("accounts:quiz_question_move", args=[q.pk]),
        reverse("accounts:quiz_question_retire", args=[q.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 302  # anonymous: to the log-in page
    for url in posts:
        assert client.post(url, {"direction": "up"}).status_code == 302
    erin = make_user("erin", personas.agency_a, Role.AGENCY_ADMIN)  # an agency's HMIS representative is not the lead
    for user in (personas.alice, personas.bob, personas.charlie, erin):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 403, (user, url)
        for url in posts:
            assert client.post(url, {"direction": "down"}).status_code == 403, (user, url)
        assert client.post(reverse("accounts:quiz_question_add"), form_data()).status_code == 403
    assert QuizQuestion.objects.count() == len(quiz)
    assert QuizQuestion.objects.filter(is_active=True).count() == len(quiz)
    assert [x.pk for x in services.quiz_questions_all()] == [x.pk for x in quiz]
    client.force_login(personas.dana)
    for url in pages:
        assert client.get(url).status_code == 200
    assert client.get(reverse("accounts:quiz_question_edit", args=[987654])).status_code == 404


def test_the_list_shows_the_pass_mark_and_that_passes_stay_valid(client, personas, quiz, settings):
    settings.HEARTH_QUIZ_PASS_PERCENT = 90
    client.force_login(personas.dana)
    body = client.get(reverse(LIST)).content.decode()
    assert "90%" in body and "With 10 questions asked, a user needs 9 right answers to pass." in body
    assert "does not cancel passes already recorded" in body
    assert escape(quiz[0].text) in body and escape(quiz[0].text_es) in body


def test_the_lead_adds_a_question_in_english_and_spanish(client, personas, quiz):
    client.force_login(personas.dana)
    response = client.post(reverse("accounts:quiz_question_add"), form_data())
    assert response.status_code == 302
    added = QuizQuestion.objects.order_by("-pk").first()
    assert added.text == "What do you do with a client's file when you close it?"
    assert added.choices == ["Leave it open", "Close it and lock the screen"]
    assert added.choices_es == ["Lo deja abierto", ""]
    assert added.correct == 1 and added.is_active
    assert added.position > max(q.position for q in quiz)  # asked last
    assert AuditEvent.objects.filter(user=personas.dana, action="create", object_type="accounts.QuizQuestion",
                                     object_id=str(added.pk)).exists()  # fmt: skip
    # Spanish where written, English where the Spanish is blank.
    assert added.text_in("es") == "¿Qué hace con el archivo de un cliente al cerrarlo?"
    assert added.choices_in("es") == ["Lo deja abierto", "Close it and lock the screen"]
    assert added.choices_in("en") == ["Leave it open", "Close it and lock the screen"]


def test_blank_rows_between_answers_are_dropped_and_the_right_answer_follows(client, personas, quiz):
    client.force_login(personas.dana)
    data = form_data(answer_1="", answer_1_es="", answer_3="First", answer_5="Second", correct="5")
    assert client.post(reverse("accounts:quiz_question_add"), data).status_code == 302
    added = QuizQuestion.objects.order_by("-pk").first()
    assert added.choices == ["Close it and lock the screen", "First", "Second"] and added.correct == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"answer_2": "", "correct": "1"}, "answer_2", "A question needs at least two answers."),
        ({"answer_1": "", "answer_1_es": "Solo en español"}, "answer_1", "Write this answer in English too"),
        ({"correct": "4"}, "correct", "The right answer must be one of the answers written above."),
        ({"correct": ""}, "correct", "Choose the right answer."),
        ({"text": ""}, "text", "This field is required."),
    ],
)
def test_errors_are_shown_next_to_their_field_and_the_input_is_kept(client, personas, quiz, overrides, field, message):
    client.force_login(personas.dana)
    data = form_data(**overrides)
    response = client.post(reverse("accounts:quiz_question_add"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in e for e in form.errors[field]), form.errors
    body = response.content.decode()
    assert 'id="id_correct_error"' in body if field == "correct" else f'id="id_{field}_error"' in body
    assert "¿Qué hace con el archivo de un cliente al cerrarlo?" in body  # what was typed is still there
    if data["answer_2"]:
        assert 'value="Close it and lock the screen"' in body
    assert QuizQuestion.objects.count() == len(quiz)  # nothing saved


def test_editing_a_question_keeps_passes_already_recorded(client, personas, quiz):
    q = quiz[0]
    passed_on = Clearance.objects.get(user=personas.alice).quiz_passed_on
    client.force_login(personas.dana)
    page = client.get(reverse("accounts:quiz_question_edit", args=[q.pk])).content.decode()
    assert escape(q.text) in page and escape(q.text_es) in page and f'value="{escape(q.choices[0])}"' in page
    assert f'id="id_correct_{q.correct + 1}" name="correct" value="{q.correct + 1}" checked' in page
    data = form_data(text="Who may see a record?", text_es="", answer_3="Nobody", correct="3")
    response = client.post(reverse("accounts:quiz_question_edit", args=[q.pk]), data, follow=True)
    assert "Passes already recorded stay valid." in response.content.decode()
    q.refresh_from_db()
    assert q.text == "Who may see a record?" and q.text_es == "" and q.correct == 2 and len(q.choices) == 3
    assert q.text_in("es") == "Who may see a record?"  # no Spanish: English
    clearance = Clearance.objects.get(user=personas.alice)
    assert clearance.quiz_passed_on == passed_on and clearance.quiz_passed_on == timezone.localdate()


def test_the_lead_reorders_questions(client, personas, quiz):
    client.force_login(personas.dana)
    first, second, last = quiz[0], quiz[1], quiz[-1]
    client.post(reverse("accounts:quiz_question_move", args=[second.pk]), {"direction": "up"})
    order = [q.pk for q in services.quiz_questions_all()]
    assert order[:2] == [second.pk, first.pk]
    client.post(reverse("accounts:quiz_question_move", args=[second.pk]), {"direction": "down"})
    client.post(reverse("accounts:quiz_question_move", args=[last.pk]), {"direction": "down"})  # already last
    assert [q.pk for q in services.quiz_questions_all()] == [q.pk for q in quiz]
    assert [q.pk for q in services.quiz_questions()] == [q.pk for q in quiz]  # users get the same order
    assert client.get(reverse("accounts:quiz_question_move", args=[first.pk])).status_code == 405


def test_retired_questions_are_kept_but_not_asked_and_the_last_one_stays(client, personas, quiz):
    client.force_login(personas.dana)
    retired = quiz[0]
    client.post(reverse("accounts:quiz_question_retire", args=[retired.pk]))
    assert retired.pk not in [q.pk for q in services.quiz_questions()]
    assert QuizQuestion.objects.filter(pk=retired.pk, is_active=False).exists()
    page = client.get(reverse("accounts:quiz")).content.decode()
    assert escape(retired.text) not in page and escape(quiz[1].text) in page
    assert "With 9 questions asked" in client.get(reverse(LIST)).content.decode()
    client.post(reverse("accounts:quiz_question_retire", args=[retired.pk]), {"restore": "1"})
    assert QuizQuestion.objects.get(pk=retired.pk).is_active

    for q in quiz[1:]:
        client.post(reverse("accounts:quiz_question_retire", args=[q.pk]))
    response = client.post(reverse("accounts:quiz_question_retire", args=[retired.pk]), follow=True)
    assert "This is the last question of the quiz" in response.content.decode()
    assert list(QuizQuestion.objects.filter(is_active=True)) == [QuizQuestion.objects.get(pk=retired.pk)]


def test_the_quiz_is_shown_in_the_users_language_with_english_where_spanish_is_blank(client, personas, quiz):
    nina = make_user("nina", personas.agency_a, Role.CASEWORKER, cleared=False, language="es")
    untranslated = quiz[1]
    untranslated.text_es = ""
    untranslated.choices_es = ["", "Solo la segunda en español", ""]
    untranslated.save()
    client.force_login(nina)
    page = client.get(reverse("accounts:quiz")).content.decode()
    assert escape(quiz[0].text_es) in page and escape(quiz[0].text) not in page
    assert escape(untranslated.text) in page  # no Spanish question: English
    assert "Solo la segunda en español" in page and escape(untranslated.choices[0]) in page
    # The answers are scored by their place, whatever the language they were shown in.
    right = {f"q{q.pk}": q.correct for q in services.quiz_questions()}
    assert client.post(reverse("accounts:quiz"), right).status_code == 302
    assert Clearance.objects.get(user=nina).quiz_score == 100

    client.force_login(personas.alice)
    alice_page = client.get(reverse("accounts:quiz")).content.decode()
    assert escape(quiz[0].text) in alice_page and escape(quiz[0].text_es) not in alice_page


def test_the_default_questions_have_spanish(quiz):
    assert all(q.text_es and len(q.choices_es) == len(q.choices) and all(q.choices_es) for q in quiz)
